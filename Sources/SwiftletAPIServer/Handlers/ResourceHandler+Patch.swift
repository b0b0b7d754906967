import Foundation
import Hummingbird
import SwiftletAPI
import SwiftletStorage

extension ResourceHandler {
    /// Retries of a patch that lost a race with another writer; the patch is
    /// re-applied to the newer object, as upstream does.
    static let patchAttempts = 5

    func patch(_ request: ResourceRequest) async throws -> Response {
        let patchType = request.contentType
        // Custom resources have no patch strategies: upstream refuses
        // strategic merge patches for them.
        let accepted =
            request.custom == nil
            ? [MediaTypes.jsonPatch, MediaTypes.mergePatch, MediaTypes.strategicMergePatch, MediaTypes.applyPatch]
            : [MediaTypes.jsonPatch, MediaTypes.mergePatch, MediaTypes.applyPatch]
        guard accepted.contains(patchType) else { throw APIError.unsupportedPatchType(accepted: accepted) }
        if patchType == MediaTypes.applyPatch { return try await apply(request) }
        let patchDocument = try Admission.parseJSON(request.body)
        var warnings: [String] = []
        for attempt in 0..<Self.patchAttempts {
            let (old, kv) = try await current(request)
            // The document the patch applies to: the object, or its Scale.
            let target =
                request.subresource == "scale" ? try ScaleSubresource.scale(of: old, request) : old
            var patched = try applyPatch(patchDocument, type: patchType, to: target, request)
            let precondition = patched.resourceVersion
            let explicitPrecondition = !precondition.isEmpty && precondition != target.resourceVersion
            if explicitPrecondition {
                throw APIError.modified(request.gvr, name: request.name)
            }
            // A uid in the patched object is a precondition, as upstream.
            if !patched.uid.isEmpty, patched.uid != target.uid, request.subresource != "scale" {
                throw APIError.conflict(
                    request.gvr, name: request.name,
                    detail:
                        "Precondition failed: UID in precondition: \(patched.uid), UID in object meta: \(target.uid)")
            }
            if patched.name != request.name {
                throw APIError.badRequest("metadata.name: Invalid value: \"\(patched.name)\": field is immutable")
            }
            warnings = try Admission.checkFields(patched, request: request, expectScale: request.subresource == "scale")
            var updated: JSONValue
            if request.subresource == "scale" {
                updated = old
                try ScaleSubresource.setReplicas(from: patched, in: &updated, request)
                ObjectLifecycle.prepareForUpdate(&updated, old: old, resource: request.resource, subresource: "")
            } else {
                patched = Admission.prune(patched, request)
                ObjectLifecycle.prepareForUpdate(
                    &patched, old: old, resource: request.resource, subresource: request.subresource)
                updated = patched
            }
            do {
                let (result, admitted) = try await write(updated, old: old, revision: kv.modRevision, request)
                let shown =
                    request.subresource == "scale"
                    ? try ScaleSubresource.scale(of: result, request) : result
                return try render(shown, request, warnings: warnings + admitted)
            } catch let error as APIError where error.reason == "Conflict" && attempt < Self.patchAttempts - 1 {
                continue
            }
        }
        throw APIError.modified(request.gvr, name: request.name)
    }

    private func applyPatch(_ patch: JSONValue, type: String, to object: JSONValue, _ request: ResourceRequest) throws
        -> JSONValue
    {
        switch type {
        case MediaTypes.jsonPatch:
            return try Admission.applyJSONPatch(patch, to: object)
        case MediaTypes.mergePatch:
            guard patch.objectValue != nil else {
                throw APIError.badRequest(
                    "json: cannot unmarshal \(patch.typeName) into Go value of type map[string]interface {}")
            }
            return MergePatch.apply(patch, to: object)
        default:
            guard patch.objectValue != nil else {
                throw APIError.badRequest(
                    "json: cannot unmarshal \(patch.typeName) into Go value of type map[string]interface {}")
            }
            let schemaName =
                request.subresource == "scale" ? "io.k8s.api.autoscaling.v1.Scale" : request.resource.schemaName
            guard let schema = api.schemas.definition(schemaName) else {
                throw APIError.unsupportedPatchType(
                    accepted: [MediaTypes.jsonPatch, MediaTypes.mergePatch, MediaTypes.applyPatch])
            }
            return try Admission.applyStrategicMergePatch(patch, to: object, schema: schema, registry: api.schemas)
        }
    }
}
