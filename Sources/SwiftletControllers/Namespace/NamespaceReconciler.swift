import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels

/// Empties a namespace that is being deleted: deletes every object of every
/// namespaced resource in it, reports what remains in the namespace's
/// conditions, and once nothing is left removes the `kubernetes` finalizer
/// through `namespaces/NAME/finalize`, which lets the namespace go.
struct NamespaceReconciler: Reconciler {
    let client: KubernetesClient
    /// The namespaced resources that can be listed and deleted.
    let resources: [ResourceInfo]

    static let finalizer = "kubernetes"

    func reconcile(_ request: NamespacedName) async throws -> ReconcileResult {
        let namespaces = client.resource(CoreV1.Namespace.self)
        let namespace: CoreV1.Namespace
        do {
            namespace = try await namespaces.get(request.name)
        } catch let error as KubernetesError where error.isNotFound {
            return .done
        }
        guard namespace.isBeingDeleted, namespace.spec?.finalizers?.contains(Self.finalizer) == true else {
            return .done
        }
        var remaining: [String: Int] = [:]
        var finalizersLeft: [String: Int] = [:]
        var failures: [String] = []
        // Custom resources in the namespace go too; discovery names them.
        let custom = try await client.customResources().filter {
            $0.namespaced && $0.verbs.contains("deletecollection")
        }
        for resource in resources + custom {
            let objects = client.resource(resource, namespace: request.name)
            do {
                for object in try await objects.list().items {
                    remaining[resource.qualifiedName, default: 0] += 1
                    for f in object[path: ["metadata", "finalizers"]]?.arrayValue?.compactMap(\.stringValue) ?? [] {
                        finalizersLeft[f, default: 0] += 1
                    }
                    guard object[path: ["metadata", "deletionTimestamp"]] == nil,
                        let name = object[path: ["metadata", "name"]]?.stringValue
                    else { continue }
                    do {
                        try await objects.delete(name, options: DeleteOptions(propagationPolicy: .background))
                    } catch let error as KubernetesError where error.isNotFound || error.isConflict {}
                }
            } catch {
                failures.append("\(resource.qualifiedName): \(error)")
            }
        }
        try await report(namespace, remaining: remaining, finalizers: finalizersLeft, failures: failures)
        if !remaining.isEmpty || !failures.isEmpty {
            // Deletions take effect asynchronously (finalizers, grace periods): look again soon.
            return .requeueAfter(.seconds(1))
        }
        var finalized = namespace
        finalized.spec?.finalizers = namespace.spec?.finalizers?.filter { $0 != Self.finalizer }
        _ = try await client.resource(CoreV1.Namespace.self).dynamic.update(finalized.json, subresource: "finalize")
        return .done
    }

    /// Upstream's deletion conditions, written when they change.
    private func report(
        _ namespace: CoreV1.Namespace, remaining: [String: Int], finalizers: [String: Int], failures: [String]
    ) async throws {
        func condition(_ type: String, _ active: Bool, reason: String, message: String) -> JSONValue {
            [
                "type": .string(type), "status": .string(active ? "True" : "False"),
                "lastTransitionTime": .string(Timestamp.rfc3339(Date())),
                "reason": .string(active ? reason : "ContentDeleted"),
                "message": .string(
                    active ? message : "All content successfully deleted, may be waiting on finalization"),
            ]
        }
        let content = remaining.sorted { $0.key < $1.key }.map { "\($0.key) has \($0.value) resource instances" }
        let pending = finalizers.sorted { $0.key < $1.key }.map { "\($0.key) in \($0.value) resource instances" }
        let conditions: [JSONValue] = [
            condition(
                "NamespaceDeletionContentFailure", !failures.isEmpty, reason: "ContentDeletionFailed",
                message: "Failed to delete all resource types: \(failures.joined(separator: ", "))"),
            condition(
                "NamespaceContentRemaining", !remaining.isEmpty, reason: "SomeResourcesRemain",
                message: "Some resources are remaining: \(content.joined(separator: ", "))"),
            condition(
                "NamespaceFinalizersRemaining", !finalizers.isEmpty, reason: "SomeFinalizersRemain",
                message: "Some content in the namespace has finalizers remaining: \(pending.joined(separator: ", "))"),
        ]
        let current = namespace.json[path: ["status", "conditions"]]?.arrayValue ?? []
        func essence(_ cs: [JSONValue]) -> [String] {
            cs.map {
                "\($0["type"]?.stringValue ?? "")=\($0["status"]?.stringValue ?? ""):\($0["message"]?.stringValue ?? "")"
            }
        }
        guard essence(current) != essence(conditions) else { return }
        _ = try? await client.resource(CoreV1.Namespace.self).patchStatus(
            namespace.name ?? "", .merge(["status": ["conditions": .array(conditions)]]))
    }
}

extension ResourceInfo {
    /// `deployments.apps`, or `pods` for the core group.
    var qualifiedName: String { group.isEmpty ? plural : "\(plural).\(group)" }
}
