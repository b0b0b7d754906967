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
    private let recent = Mutex<[String: (name: String, count: Int64, at: Date)]>([:])

    public init(client: KubernetesClient, component: String, api: API = .coreV1) {
        self.client = client
        self.component = component
        self.host = ProcessInfo.processInfo.hostName
        self.api = api
    }

    public func record<R: KubernetesResource>(
        _ object: R, type: EventType = .normal, reason: String, message: String, action: String? = nil
    ) async {
        if api == .eventsV1 {
            await recordEventsV1(object, type: type, reason: reason, message: message, action: action ?? reason)
            return
        }
        let namespace = (object.namespace?.isEmpty ?? true) ? "default" : object.namespace!
        let aggregate = "\(R.groupVersionKind.kind)/\(namespace)/\(object.name ?? "")/\(reason)/\(message)"
        let now = Date()
        let stamp = ISO8601DateFormatter().string(from: now)
        let events = client.resource(CoreV1.Event.self, namespace: namespace)
        let previous = recent.withLock { r -> (name: String, count: Int64, at: Date)? in
            guard let p = r[aggregate], now.timeIntervalSince(p.at) < 600 else { return nil }
            return p
        }
        if let previous {
            let count = previous.count + 1
            let patched = try? await events.patch(
                previous.name, .merge(["count": .int(count), "lastTimestamp": .string(stamp)]))
            if patched != nil {
                recent.withLock { $0[aggregate] = (previous.name, count, now) }
                return
            }
        }
        var event = CoreV1.Event()
        event.name = "\(object.name ?? "object").\(String(UInt64(now.timeIntervalSince1970 * 1e9), radix: 16))"
        event.namespace = namespace
        var involved = CoreV1.ObjectReference()
        involved.apiVersion = R.groupVersionKind.groupVersion.apiVersion
        involved.kind = R.groupVersionKind.kind
        involved.name = object.name
        involved.namespace = object.namespace
        involved.uid = object.uid
        involved.resourceVersion = object.resourceVersion
        event.involvedObject = involved
        event.reason = reason
        event.message = message
        event.type = type.rawValue
        event.count = 1
        event.firstTimestamp = stamp
        event.lastTimestamp = stamp
        var source = CoreV1.EventSource()
        source.component = component
        source.host = host
        event.source = source
        event.reportingComponent = component
        event.reportingInstance = host
        if let created = try? await events.create(event), let name = created.name {
            recent.withLock { $0[aggregate] = (name, 1, now) }
        }
    }
}

extension EventRecorder {
    static func microTime(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }

    /// events.k8s.io/v1: `regarding`, `note`, `eventTime`, and a `series` for repeats.
    func recordEventsV1<R: KubernetesResource>(
        _ object: R, type: EventType, reason: String, message: String, action: String
    ) async {
        let namespace = (object.namespace?.isEmpty ?? true) ? "default" : object.namespace!
        let aggregate = "v1/\(R.groupVersionKind.kind)/\(namespace)/\(object.name ?? "")/\(reason)/\(message)"
        let now = Date()
        let events = client.resource(EventsV1.Event.self, namespace: namespace)
        let previous = recent.withLock { r -> (name: String, count: Int64, at: Date)? in
            guard let p = r[aggregate], now.timeIntervalSince(p.at) < 600 else { return nil }
            return p
        }
        if let previous {
            let count = previous.count + 1
            let series: JSONValue = [
                "series": ["count": .int(count), "lastObservedTime": .string(Self.microTime(now))]
            ]
            if (try? await events.patch(previous.name, .merge(series))) != nil {
                recent.withLock { $0[aggregate] = (previous.name, count, now) }
                return
            }
        }
        var event = EventsV1.Event()
        event.name = "\(object.name ?? "object").\(String(UInt64(now.timeIntervalSince1970 * 1e9), radix: 16))"
        event.namespace = namespace
        var regarding = CoreV1.ObjectReference()
        regarding.apiVersion = R.groupVersionKind.groupVersion.apiVersion
        regarding.kind = R.groupVersionKind.kind
        regarding.name = object.name
        regarding.namespace = object.namespace
        regarding.uid = object.uid
        regarding.resourceVersion = object.resourceVersion
        event.regarding = regarding
        event.reason = reason
        event.note = message
        event.type = type.rawValue
        event.action = action
        event.eventTime = Self.microTime(now)
        event.reportingController = component
        event.reportingInstance = "\(component)-\(host)"
        if let created = try? await events.create(event), let name = created.name {
            recent.withLock { $0[aggregate] = (name, 1, now) }
        }
    }
}
