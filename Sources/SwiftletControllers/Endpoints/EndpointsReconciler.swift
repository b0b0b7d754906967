import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels

/// Keeps the Endpoints object of every Service with a selector: the IPs of
/// its matching pods with each port resolved (named target ports through
/// the pod's container ports), ready and not-ready addresses apart, as
/// upstream's endpoints controller. Services without a selector keep the
/// Endpoints their owner writes; a deleted Service's Endpoints go.
struct EndpointsReconciler: Reconciler {
    let client: KubernetesClient
    let services: ObjectStore<CoreV1.Service>
    let pods: ObjectStore<CoreV1.Pod>

    static let headlessLabel = "service.kubernetes.io/headless"

    func reconcile(_ request: NamespacedName) async throws -> ReconcileResult {
        let api = client.resource(CoreV1.Endpoints.self, namespace: request.namespace)
        guard let service = services.get(namespace: request.namespace, name: request.name) else {
            if let existing = try? await api.get(request.name), existing.annotations?[Self.managedAnnotation] != nil {
                _ = try? await api.delete(request.name, options: DeleteOptions(preconditionUID: existing.uid))
            }
            return .done
        }
        guard service.json[path: ["spec", "selector"]]?.objectValue?.isEmpty == false, !service.isBeingDeleted else {
            return .done
        }
        let backends = ServiceBackends(service: service, pods: pods.list(namespace: request.namespace))
        let publish = service.json[path: ["spec", "publishNotReadyAddresses"]]?.boolValue ?? false
        let subsets = backends.subsets(publishNotReady: publish)
        var labels = service.labels ?? [:]
        if service.json[path: ["spec", "clusterIP"]] == "None" { labels[Self.headlessLabel] = "" }

        var endpoints: CoreV1.Endpoints
        let exists: Bool
        do {
            endpoints = try await api.get(request.name)
            exists = true
        } catch let error as KubernetesError where error.isNotFound {
            endpoints = CoreV1.Endpoints()
            endpoints.name = request.name
            exists = false
        }
        let current = endpoints.json["subsets"]?.arrayValue ?? []
        if exists, current == subsets, (endpoints.labels ?? [:]) == labels { return .done }
        endpoints.labels = labels
        endpoints.json[path: ["metadata", "annotations", Self.managedAnnotation]] = .string(
            Timestamp.rfc3339(Date()))
        endpoints.json["subsets"] = subsets.isEmpty ? nil : .array(subsets)
        if exists {
            _ = try await api.update(endpoints)
        } else {
            _ = try await api.create(endpoints)
        }
        return .done
    }

    /// Upstream marks each change with its trigger time.
    static let managedAnnotation = "endpoints.kubernetes.io/last-change-trigger-time"
}
