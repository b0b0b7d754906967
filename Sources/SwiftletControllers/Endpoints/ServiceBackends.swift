import Foundation
import SwiftletAPI
import SwiftletModels

/// The pods behind a Service and the ports they serve on, as both the
/// Endpoints and the EndpointSlice controllers read them.
struct ServiceBackends {
    struct Port: Hashable {
        var name: String
        var port: Int64
        var `protocol`: String
        var appProtocol: String?

        var json: JSONValue {
            var o: JSONObject = ["port": .int(port), "protocol": .string(`protocol`)]
            if !name.isEmpty { o["name"] = .string(name) }
            if let appProtocol { o["appProtocol"] = .string(appProtocol) }
            return .object(o)
        }
    }

    struct Backend {
        var pod: CoreV1.Pod
        var ip: String
        var ready: Bool
        var terminating: Bool
        var ports: [Port]
    }

    var backends: [Backend] = []

    /// Pods that match the selector and have an IP; not finished. Pods being
    /// deleted are kept (as terminating) for EndpointSlices only.
    init(service: CoreV1.Service, pods: [CoreV1.Pod]) {
        let selector = service.json[path: ["spec", "selector"]]?.objectValue ?? JSONObject()
        let servicePorts = service.json[path: ["spec", "ports"]]?.arrayValue ?? []
        for pod in pods {
            let labels = pod.labels ?? [:]
            guard selector.allSatisfy({ labels[$0.key] == $0.value.stringValue }) else { continue }
            guard let ip = pod.json[path: ["status", "podIP"]]?.stringValue, !ip.isEmpty else { continue }
            let phase = pod.status?.phase ?? ""
            guard phase != "Succeeded", phase != "Failed" else { continue }
            let ports = servicePorts.compactMap { Self.resolve($0, in: pod) }
            backends.append(
                Backend(
                    pod: pod, ip: ip, ready: PodState.isReady(pod), terminating: pod.deletionTimestamp != nil,
                    ports: ports))
        }
        backends.sort { $0.ip < $1.ip }
    }

    /// A service port's target on one pod: a number, or a named container port.
    static func resolve(_ servicePort: JSONValue, in pod: CoreV1.Pod) -> Port? {
        let proto = servicePort["protocol"]?.stringValue ?? "TCP"
        let name = servicePort["name"]?.stringValue ?? ""
        let appProtocol = servicePort["appProtocol"]?.stringValue
        switch servicePort["targetPort"] ?? servicePort["port"] ?? .null {
        case .int(let number):
            return Port(name: name, port: number, protocol: proto, appProtocol: appProtocol)
        case .string(let named):
            if let number = Int64(named) {
                return Port(name: name, port: number, protocol: proto, appProtocol: appProtocol)
            }
            for container in pod.json[path: ["spec", "containers"]]?.arrayValue ?? [] {
                for port in container["ports"]?.arrayValue ?? []
                where port["name"]?.stringValue == named && (port["protocol"]?.stringValue ?? "TCP") == proto {
                    if let number = port["containerPort"]?.intValue {
                        return Port(name: name, port: number, protocol: proto, appProtocol: appProtocol)
                    }
                }
            }
            return nil
        default:
            return nil
        }
    }

    static func targetRef(_ pod: CoreV1.Pod) -> JSONValue {
        [
            "kind": "Pod", "namespace": .string(pod.namespace ?? ""), "name": .string(pod.name ?? ""),
            "uid": .string(pod.uid ?? ""),
        ]
    }

    /// Endpoints subsets: one per distinct port set, ready and not-ready
    /// addresses apart (unless the Service publishes not-ready addresses).
    func subsets(publishNotReady: Bool) -> [JSONValue] {
        var groups: [[Port]: (ready: [JSONValue], notReady: [JSONValue])] = [:]
        var order: [[Port]] = []
        for b in backends where !b.terminating && !b.ports.isEmpty {
            let key = b.ports.sorted { ($0.name, $0.port) < ($1.name, $1.port) }
            var address: JSONObject = ["ip": .string(b.ip), "targetRef": Self.targetRef(b.pod)]
            if let node = b.pod.json[path: ["spec", "nodeName"]]?.stringValue, !node.isEmpty {
                address["nodeName"] = .string(node)
            }
            if groups[key] == nil { order.append(key) }
            if b.ready || publishNotReady {
                groups[key, default: ([], [])].ready.append(.object(address))
            } else {
                groups[key, default: ([], [])].notReady.append(.object(address))
            }
        }
        return order.map { key in
            var subset: JSONObject = [:]
            let group = groups[key]!
            if !group.ready.isEmpty { subset["addresses"] = .array(group.ready) }
            if !group.notReady.isEmpty { subset["notReadyAddresses"] = .array(group.notReady) }
            subset["ports"] = .array(key.map(\.json))
            return .object(subset)
        }
    }
}
