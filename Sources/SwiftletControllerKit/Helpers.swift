import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletModels

extension KubernetesResource {
    public func hasFinalizer(_ finalizer: String) -> Bool {
        finalizers?.contains(finalizer) ?? false
    }

    /// Adds a finalizer; false if it was already there.
    @discardableResult
    public mutating func addFinalizer(_ finalizer: String) -> Bool {
        guard !hasFinalizer(finalizer) else { return false }
        finalizers = (finalizers ?? []) + [finalizer]
        return true
    }

    /// Removes a finalizer; false if it was not there.
    @discardableResult
    public mutating func removeFinalizer(_ finalizer: String) -> Bool {
        guard hasFinalizer(finalizer) else { return false }
        let rest = (finalizers ?? []).filter { $0 != finalizer }
        finalizers = rest.isEmpty ? nil : rest
        return true
    }

    /// True once deletion was requested (finalizers may still hold it).
    public var isBeingDeleted: Bool { deletionTimestamp != nil }

    /// Makes `owner` this object's controller: garbage collection deletes it
    /// with the owner, and `owns(...)` maps its events to the owner.
    public mutating func setControllerReference<Owner: KubernetesResource>(_ owner: Owner) {
        var ref = MetaV1.OwnerReference()
        ref.apiVersion = Owner.groupVersionKind.groupVersion.apiVersion
        ref.kind = Owner.groupVersionKind.kind
        ref.name = owner.name
        ref.uid = owner.uid
        ref.controller = true
        ref.blockOwnerDeletion = true
        var refs = (ownerReferences ?? []).filter { $0.controller != true }
        refs.append(ref)
        ownerReferences = refs
    }
}

extension TypedResource {
    /// Gets the object, applies `mutate`, and creates or updates it as
    /// needed (no write when nothing changed). Conflicts are retried on the
    /// fresh object. Returns the stored object.
    @discardableResult
    public func createOrUpdate(name: String, namespace: String? = nil, mutate: @Sendable (inout R) throws -> Void)
        async throws -> R
    {
        for _ in 0..<5 {
            do {
                var existing = try await get(name)
                let before = existing
                try mutate(&existing)
                if existing.json == before.json { return existing }
                return try await update(existing)
            } catch let error as KubernetesError where error.isNotFound {
                var fresh = R(json: [
                    "apiVersion": .string(R.groupVersionKind.groupVersion.apiVersion),
                    "kind": .string(R.groupVersionKind.kind),
                ])
                fresh.name = name
                if let namespace = namespace ?? dynamic.namespace, R.resource.namespaced { fresh.namespace = namespace }
                try mutate(&fresh)
                do {
                    return try await create(fresh)
                } catch let error as KubernetesError where error.isAlreadyExists {
                    continue
                }
            } catch let error as KubernetesError where error.isConflict {
                continue
            }
        }
        throw KubernetesError.conflict("createOrUpdate of \(name) kept conflicting")
    }
}
