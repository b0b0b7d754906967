import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels

/// Deletes objects whose owners are gone, as upstream's garbage collector:
/// - background: when an owner disappears, its dependents are deleted
///   (or just lose the reference when another owner remains);
/// - foreground: an owner held by `foregroundDeletion` waits until its
///   dependents are gone, then loses the finalizer;
/// - orphan: an owner held by `orphan` first removes itself from its
///   dependents' ownerReferences, then loses the finalizer.
/// Requests carry an owner's uid as their name.
struct GarbageCollector: Reconciler {
    let client: KubernetesClient
    let graph: OwnerGraph

    func reconcile(_ request: NamespacedName) async throws -> ReconcileResult {
        let uid = request.name
        let dependents = graph.dependents(of: uid)
        guard let owner = graph.object(uid: uid) else {
            guard !dependents.isEmpty else { return .done }
            switch try await ownerState(uid: uid, seenFrom: dependents[0]) {
            case .present:
                return .done
            case .presentUnwatched:
                // The graph has no informer for custom kinds: no event will
                // tell of this owner's deletion, so look again.
                return .requeueAfter(Self.unwatchedOwnerRecheck)
            case .gone:
                for dependent in dependents where !dependent.isBeingDeleted {
                    try await detachOrDelete(dependent, from: uid)
                }
                return .done
            }
        }
        guard owner.isBeingDeleted else { return .done }
        if owner.finalizers.contains("orphan") {
            for dependent in dependents { try await removeReference(to: uid, from: dependent) }
            try await removeFinalizer("orphan", from: owner)
            return .done
        }
        if owner.finalizers.contains("foregroundDeletion") {
            let blocking = dependents.filter { !$0.isBeingDeleted }
            for dependent in blocking {
                _ = try? await client.resource(dependent.resource, namespace: dependent.namespace).delete(
                    dependent.name,
                    options: DeleteOptions(propagationPolicy: .foreground, preconditionUID: dependent.uid))
            }
            if dependents.isEmpty {
                try await removeFinalizer("foregroundDeletion", from: owner)
                return .done
            }
            return .requeueAfter(.milliseconds(500))
        }
        return .done
    }

    /// How often an owner of a custom kind is looked up while it lives.
    static let unwatchedOwnerRecheck: Duration = .seconds(5)

    enum OwnerState {
        case present
        /// Present, of a kind the graph does not watch (a custom resource).
        case presentUnwatched
        case gone
    }

    /// The cache may lag, and custom owners are not in it: ask the server
    /// before acting on an absent owner.
    private func ownerState(uid: String, seenFrom dependent: OwnerGraph.Node) async throws -> OwnerState {
        guard let ref = dependent.ownerReferences.first(where: { $0["uid"]?.stringValue == uid }),
            let apiVersion = ref["apiVersion"]?.stringValue, let kind = ref["kind"]?.stringValue,
            let name = ref["name"]?.stringValue, let gv = GroupVersion(apiVersion: apiVersion)
        else { return .gone }
        // Owners of custom kinds are found through discovery; a kind the
        // server no longer serves (its CRD and objects gone) leaves no owner.
        guard let resource = try await client.resource(group: gv.group, kind: kind) else { return .gone }
        do {
            let found = try await client.resource(resource, namespace: resource.namespaced ? dependent.namespace : nil)
                .get(name)
            guard found[path: ["metadata", "uid"]]?.stringValue == uid else { return .gone }
            return BuiltinResources.table.byKind(group: gv.group, kind: kind) == nil ? .presentUnwatched : .present
        } catch let error as KubernetesError where error.isNotFound {
            return .gone
        }
    }

    private func detachOrDelete(_ dependent: OwnerGraph.Node, from uid: String) async throws {
        let others = dependent.ownerUIDs.filter { $0 != uid && graph.object(uid: $0) != nil }
        if others.isEmpty {
            do {
                try await client.resource(dependent.resource, namespace: dependent.namespace).delete(
                    dependent.name,
                    options: DeleteOptions(propagationPolicy: .background, preconditionUID: dependent.uid))
            } catch let error as KubernetesError where error.isNotFound || error.isConflict {}
        } else {
            try await removeReference(to: uid, from: dependent)
        }
    }

    private func removeReference(to uid: String, from dependent: OwnerGraph.Node) async throws {
        let kept = dependent.ownerReferences.filter { $0["uid"]?.stringValue != uid }
        do {
            _ = try await client.resource(dependent.resource, namespace: dependent.namespace).patch(
                dependent.name,
                .merge([
                    "metadata": ["ownerReferences": kept.isEmpty ? .null : .array(kept), "uid": .string(dependent.uid)]
                ]))
        } catch let error as KubernetesError where error.isNotFound {}
    }

    private func removeFinalizer(_ finalizer: String, from owner: OwnerGraph.Node) async throws {
        let kept = owner.finalizers.filter { $0 != finalizer }
        let resourceVersion = owner.object[path: ["metadata", "resourceVersion"]] ?? .null
        do {
            _ = try await client.resource(owner.resource, namespace: owner.resource.namespaced ? owner.namespace : nil)
                .patch(
                    owner.name,
                    .merge([
                        "metadata": [
                            "finalizers": kept.isEmpty ? .null : .array(kept.map { .string($0) }),
                            "resourceVersion": resourceVersion,
                        ]
                    ]))
        } catch let error as KubernetesError where error.isNotFound {}
    }
}
