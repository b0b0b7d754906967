import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletModels
import Synchronization

/// Records Events about objects, as upstream's recorders do: a repeat of
/// the same reason and message for the same object within ten minutes
/// updates the existing Event (its `count`, or its `series` for
/// events.k8s.io/v1) instead of creating another.
public final class EventRecorder: Sendable {
    public enum EventType: String, Sendable {
        case normal = "Normal"
        case warning = "Warning"
    }

    /// Which Event API to write.
    public enum API: Sendable {
        /// core/v1 Events (what `kubectl describe` shows).
        case coreV1
        /// events.k8s.io/v1 Events (the newer API).
        case eventsV1
    }

    let client: KubernetesClient
    let component: String
    let host: String
    let api: API
    /// Events written recently, by what makes a repeat a repeat.
    private let recent = Mutex<[String: (name: String, count: Int64, at: Date)]>([:])
    static let aggregationWindow: TimeInterval = 600

    public init(client: KubernetesClient, component: String, api: API = .coreV1) {
        self.client = client
        self.component = component
        self.host = ProcessInfo.processInfo.hostName
        self.api = api
    }

    public func record<R: KubernetesResource>(
        _ object: R, type: EventType = .normal, reason: String, message: String, action: String? = nil
    ) async {
        let namespace = (object.namespace?.isEmpty ?? true) ? "default" : object.namespace!
        let aggregate = "\(R.groupVersionKind.kind)/\(namespace)/\(object.name ?? "")/\(reason)/\(message)"
        let now = Date()
        let previous = recent.withLock { r -> (name: String, count: Int64, at: Date)? in
            guard let p = r[aggregate], now.timeIntervalSince(p.at) < Self.aggregationWindow else { return nil }
            return p
        }
        if let previous {
            let count = previous.count + 1
            if (try? await bump(previous.name, namespace: namespace, count: count, now: now)) != nil {
                recent.withLock { $0[aggregate] = (previous.name, count, now) }
                return
            }
        }
        let name = "\(object.name ?? "object").\(String(UInt64(now.timeIntervalSince1970 * 1e9), radix: 16))"
        let created: String?
        switch api {
        case .coreV1:
            created = try? await createCoreV1(
                object, name: name, namespace: namespace, type: type, reason: reason, message: message, now: now)
        case .eventsV1:
            created = try? await createEventsV1(
                object, name: name, namespace: namespace, type: type, reason: reason, message: message,
                action: action ?? reason, now: now)
        }
        if let created { recent.withLock { $0[aggregate] = (created, 1, now) } }
    }

    /// Counts one more occurrence on the Event already written.
    private func bump(_ name: String, namespace: String, count: Int64, now: Date) async throws {
        switch api {
        case .coreV1:
            _ = try await client.resource(CoreV1.Event.self, namespace: namespace).patch(
                name, .merge(["count": .int(count), "lastTimestamp": .string(Self.time(now))]))
        case .eventsV1:
            _ = try await client.resource(EventsV1.Event.self, namespace: namespace).patch(
                name, .merge(["series": ["count": .int(count), "lastObservedTime": .string(Self.microTime(now))]]))
        }
    }

    static func reference<R: KubernetesResource>(to object: R) -> CoreV1.ObjectReference {
        var ref = CoreV1.ObjectReference()
        ref.apiVersion = R.groupVersionKind.groupVersion.apiVersion
        ref.kind = R.groupVersionKind.kind
        ref.name = object.name
        ref.namespace = object.namespace
        ref.uid = object.uid
        ref.resourceVersion = object.resourceVersion
        return ref
    }

    static func time(_ date: Date) -> String { Timestamp.rfc3339(date) }

    static func microTime(_ date: Date) -> String { Timestamp.rfc3339Micro(date) }

    /// core/v1: `involvedObject`, `message`, `count`, first and last timestamps.
    private func createCoreV1<R: KubernetesResource>(
        _ object: R, name: String, namespace: String, type: EventType, reason: String, message: String, now: Date
    ) async throws -> String? {
        var event = CoreV1.Event()
        event.name = name
        event.namespace = namespace
        event.involvedObject = Self.reference(to: object)
        event.reason = reason
        event.message = message
        event.type = type.rawValue
        event.count = 1
        event.firstTimestamp = Self.time(now)
        event.lastTimestamp = Self.time(now)
        var source = CoreV1.EventSource()
        source.component = component
        source.host = host
        event.source = source
        event.reportingComponent = component
        event.reportingInstance = host
        return try await client.resource(CoreV1.Event.self, namespace: namespace).create(event).name
    }

    /// events.k8s.io/v1: `regarding`, `note`, `action`, `eventTime`.
    private func createEventsV1<R: KubernetesResource>(
        _ object: R, name: String, namespace: String, type: EventType, reason: String, message: String,
        action: String, now: Date
    ) async throws -> String? {
        var event = EventsV1.Event()
        event.name = name
        event.namespace = namespace
        event.regarding = Self.reference(to: object)
        event.reason = reason
        event.note = message
        event.type = type.rawValue
        event.action = action
        event.eventTime = Self.microTime(now)
        event.reportingController = component
        event.reportingInstance = "\(component)-\(host)"
        return try await client.resource(EventsV1.Event.self, namespace: namespace).create(event).name
    }
}
