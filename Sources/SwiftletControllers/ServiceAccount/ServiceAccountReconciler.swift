import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels

/// Keeps a `default` ServiceAccount in every active namespace.
struct ServiceAccountReconciler: Reconciler {
    let client: KubernetesClient
    let namespaces: ObjectStore<CoreV1.Namespace>

    func reconcile(_ request: NamespacedName) async throws -> ReconcileResult {
        // Requests name namespaces (cluster-scoped: the name is the namespace).
        guard let namespace = namespaces.get(namespace: "", name: request.name), !namespace.isBeingDeleted,
            namespace.status?.phase != "Terminating"
        else { return .done }
        let accounts = client.resource(CoreV1.ServiceAccount.self, namespace: request.name)
        do {
            _ = try await accounts.get("default")
        } catch let error as KubernetesError where error.isNotFound {
            var account = CoreV1.ServiceAccount()
            account.name = "default"
            account.namespace = request.name
            do {
                _ = try await accounts.create(account)
            } catch let error as KubernetesError where error.isAlreadyExists {
            } catch let error as KubernetesError where error.isForbidden {
                // The namespace began terminating meanwhile.
            }
        }
        return .done
    }
}

extension KubernetesError {
    var isForbidden: Bool { if case .forbidden = self { return true } else { return false } }
}
