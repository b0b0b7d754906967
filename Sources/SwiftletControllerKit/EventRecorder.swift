import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletModels
import Synchronization

/// Records core/v1 Events about objects, as upstream's recorder does: a
/// repeat of the same reason and message for the same object within ten
/// minutes bumps the existing Event's count instead of creating another.
public final class EventRecorder: Sendable {
    public enum EventType: String, Sendable {
        case normal = "Normal"
        case warning = "Warning"
    }

    let client: KubernetesClient
    let component: String
    let host: String
    private let recent = Mutex<[String: (name: String, count: Int64, at: Date)]>([:])

    public init(client: KubernetesClient, component: String) {
        self.client = client
        self.component = component
        self.host = ProcessInfo.processInfo.hostName
    }

    public func record<R: KubernetesResource>(
        _ object: R, type: EventType = .normal, reason: String, message: String
    ) async {
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
