import Foundation
import Hummingbird
import SwiftletAPI
import SwiftletStorage

extension ResourceHandler {
    func isNamespace(_ request: ResourceRequest) -> Bool {
        request.resource.group.isEmpty && request.resource.plural == "namespaces"
    }

    func update(_ request: ResourceRequest) async throws -> Response {
        let decoded = try Admission.decode(request, expectScale: request.subresource == "scale")
        var object = decoded.object
        // As upstream: the body must name the object the URL names.
        if object.name != request.name {
            throw APIError.badRequest(
                "the name of the object (\(object.name)) does not match the name on the URL (\(request.name))")
        }
        if request.resource.namespaced {
            if !object.namespace.isEmpty, object.namespace != request.namespace {
                throw APIError.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request")
            }
        }
        // Without a resourceVersion the update is unconditional: a concurrent
        // write is retried on the fresh object, as upstream does.
        for attempt in 0..<Self.patchAttempts {
            let (old, kv) = try await current(request)
            let precondition = object.resourceVersion
            if !precondition.isEmpty, precondition != String(kv.modRevision.value) {
                throw APIError.modified(request.gvr, name: request.name)
            }
            if !object.uid.isEmpty, object.uid != old.uid, request.subresource != "scale" {
                throw APIError.conflict(
                    request.gvr, name: request.name,
                    detail: "Precondition failed: UID in precondition: \(object.uid), UID in object meta: \(old.uid)")
            }
            var updated: JSONValue
            if request.subresource == "scale" {
                updated = old
                try ScaleSubresource.setReplicas(from: object, in: &updated, request)
                ObjectLifecycle.prepareForUpdate(&updated, old: old, resource: request.resource, subresource: "")
            } else if request.subresource == "finalize" {
                // Only the namespace's spec.finalizers change through finalize.
                updated = old
                updated[path: ["spec", "finalizers"]] = object[path: ["spec", "finalizers"]]
            } else {
                updated = object
                if request.resource.namespaced { updated.setMeta("namespace", .string(request.namespace)) }
                ObjectLifecycle.prepareForUpdate(
                    &updated, old: old, resource: request.resource, subresource: request.subresource)
            }
            let result: JSONValue
            let warnings: [String]
            do {
                (result, warnings) = try await write(updated, old: old, revision: kv.modRevision, request)
            } catch let error as APIError
                where error.reason == "Conflict" && object.resourceVersion.isEmpty && attempt < Self.patchAttempts - 1
            {
                continue
            }
            let shown =
                request.subresource == "scale"
                ? try ScaleSubresource.scale(of: result, request) : result
            return try render(shown, request, warnings: decoded.warnings + warnings)
        }
        throw APIError.modified(request.gvr, name: request.name)
    }

    /// Defaults, validates and stores an updated object (compare-and-swap on
    /// `revision`). A no-op is not written. An object whose last finalizer
    /// went while it was being deleted is removed.
    func write(
        _ updated: JSONValue, old: JSONValue, revision: Revision, _ request: ResourceRequest,
        ownership: Ownership = .update
    ) async throws -> (object: JSONValue, warnings: [String]) {
        var updated = updated
        Defaulting.apply(to: &updated, resource: request.resource, custom: request.custom)
        if ownership == .update { try recordOwnership(old: old, new: &updated, request) }
        let warnings = try Admission.validate(updated, old: old, resource: request.resource, custom: request.custom)
        if let custom = request.custom { updated = custom.forStorage(updated) }
        var unchanged = old
        unchanged.setMeta("resourceVersion", nil)
        var candidate = updated
        candidate.setMeta("resourceVersion", nil)
        if candidate == unchanged { return (old, warnings) }
        if request.isDryRun {
            var shown = updated
            shown.setMeta("resourceVersion", old.meta("resourceVersion"))
            return (shown, warnings)
        }
        do {
            // Namespaces also wait for spec.finalizers (emptied through `finalize`).
            let namespaceFinalizers =
                isNamespace(request) ? (updated[path: ["spec", "finalizers"]]?.arrayValue ?? []) : []
            if updated.deletionTimestamp != nil, updated.finalizers.isEmpty, namespaceFinalizers.isEmpty {
                let gone = try await api.storage.delete(key(request), expected: revision)
                var last = updated
                last.setMeta("resourceVersion", .string(String(gone.modRevision.value)))
                return (last, warnings)
            }
            let stored = try await api.storage.update(
                key(request), value: try ObjectCodec.encodeForStorage(updated), expected: revision)
            if isCustomResourceDefinition(request) { await api.customResourceDefinitions.sync(api) }
            return (try ObjectCodec.decode(stored), warnings)
        } catch let error as StorageError {
            throw apiError(error, request)
        }
    }
}
