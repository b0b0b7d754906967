import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels

/// Keeps the EndpointSlices of every Service with a selector, as upstream's
/// endpointslice controller: one slice per port set (at most 100 endpoints
/// each), labelled with the service name and this controller as manager,
/// owned by the Service; each endpoint carries its ready, serving and
/// terminating conditions, its pod and node.
struct EndpointSliceReconciler: Reconciler {
    let client: KubernetesClient
    let services: ObjectStore<CoreV1.Service>
    let pods: ObjectStore<CoreV1.Pod>
    let slices: ObjectStore<DiscoveryV1.EndpointSlice>

    static let serviceLabel = "kubernetes.io/service-name"
    static let managedByLabel = "endpointslice.kubernetes.io/managed-by"
    static let manager = "endpointslice-controller.k8s.io"
    static let maxEndpoints = 100

    func reconcile(_ request: NamespacedName) async throws -> ReconcileResult {
        let api = client.resource(DiscoveryV1.EndpointSlice.self, namespace: request.namespace)
        let existing = slices.list(namespace: request.namespace).filter {
            $0.labels?[Self.serviceLabel] == request.name && $0.labels?[Self.managedByLabel] == Self.manager
        }
        guard let service = services.get(namespace: request.namespace, name: request.name), !service.isBeingDeleted,
            service.json[path: ["spec", "selector"]]?.objectValue?.isEmpty == false
        else {
            // The garbage collector removes slices of a deleted Service; a
            // Service that lost its selector keeps none of ours.
            if services.get(namespace: request.namespace, name: request.name) != nil {
                for slice in existing { _ = try? await api.delete(slice.name ?? "") }
            }
            return .done
        }
        let backends = ServiceBackends(service: service, pods: pods.list(namespace: request.namespace))
        // Group endpoints by their port set, as slices must share ports.
        var groups: [[ServiceBackends.Port]: [JSONValue]] = [:]
        var order: [[ServiceBackends.Port]] = []
        for b in backends.backends {
            let key = b.ports.sorted { ($0.name, $0.port) < ($1.name, $1.port) }
            var endpoint: JSONObject = [
                "addresses": [.string(b.ip)],
                "conditions": [
                    "ready": .bool(b.ready && !b.terminating), "serving": .bool(b.ready),
                    "terminating": .bool(b.terminating),
                ],
                "targetRef": ServiceBackends.targetRef(b.pod),
            ]
            if let node = b.pod.json[path: ["spec", "nodeName"]]?.stringValue, !node.isEmpty {
                endpoint["nodeName"] = .string(node)
            }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(.object(endpoint))
        }
        var wanted: [(ports: [ServiceBackends.Port], endpoints: [JSONValue])] = []
        for key in order {
            let all = groups[key] ?? []
            for start in stride(from: 0, to: all.count, by: Self.maxEndpoints) {
                wanted.append((key, Array(all[start..<min(all.count, start + Self.maxEndpoints)])))
            }
        }
        if wanted.isEmpty {
            // An empty slice says the Service has no endpoints yet.
            wanted.append(([], []))
        }
        // Reuse existing slices in order; create or delete the difference.
        var reusable = existing.sorted { ($0.name ?? "") < ($1.name ?? "") }
        for want in wanted {
            var slice = reusable.isEmpty ? DiscoveryV1.EndpointSlice() : reusable.removeFirst()
            var body = slice.json
            body["addressType"] = "IPv4"
            body["endpoints"] = .array(want.endpoints)
            body["ports"] = .array(want.ports.map(\.json))
            var labels = service.labels ?? [:]
            labels[Self.serviceLabel] = request.name
            labels[Self.managedByLabel] = Self.manager
            let unchanged =
                slice.name != nil && slice.json["endpoints"] == body["endpoints"]
                && slice.json["ports"] == body["ports"]
                && slice.labels == labels
            if unchanged { continue }
            slice.json = body
            slice.labels = labels
            if slice.name == nil {
                slice.json[path: ["metadata", "generateName"]] = .string("\(request.name)-")
                slice.setControllerReference(service)
                _ = try await api.create(slice)
            } else {
                _ = try await api.update(slice)
            }
        }
        for extra in reusable { _ = try? await api.delete(extra.name ?? "") }
        return .done
    }
}
