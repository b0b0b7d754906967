import Foundation
import Hummingbird
import SwiftletAPI
import SwiftletStorage

/// Whether a write still needs its field ownership recorded (creates,
/// updates and patches), or already carries it (server-side apply).
enum Ownership {
    case update
    case applied
}

extension ResourceHandler {
    /// Records in `new`'s managedFields what this request's manager changed.
    func recordOwnership(old: JSONValue?, new: inout JSONValue, _ request: ResourceRequest) throws(APIError) {
        do {
            try request.fieldManager.recordUpdate(
                old: old, new: &new, manager: request.fieldManagerName,
                apiVersion: request.resource.groupVersion.apiVersion, now: Timestamp.rfc3339(Date()))
        } catch {
            throw APIError.badRequest(error.message)
        }
    }

    /// PATCH with `application/apply-patch+yaml`: server-side apply. The
    /// body is the manager's whole intent for the fields it names; it
    /// creates the object when absent.
    func apply(_ request: ResourceRequest) async throws -> Response {
        if request.subresource == "scale" {
            throw APIError.unsupportedPatchType(
                accepted: [MediaTypes.jsonPatch, MediaTypes.mergePatch, MediaTypes.strategicMergePatch])
        }
        let manager = request.query["fieldManager"] ?? ""
        if manager.isEmpty {
            throw Self.invalidPatchOptions(
                field: "fieldManager", reason: "FieldValueRequired",
                message: "Required value: is required for apply patch")
        }
        if manager.utf8.count > 128 {
            throw Self.invalidPatchOptions(
                field: "fieldManager", reason: "FieldValueTooLong", message: "Too long: may not be more than 128 bytes")
        }
        var body = try ApplyPatchBody.decode(request.body)
        if body[path: ["metadata", "managedFields"]] != nil {
            throw APIError.badRequest("metadata.managedFields must be nil")
        }
        let declaredName = body.name
        if declaredName.isEmpty {
            body.setMeta("name", .string(request.name))
        } else if declaredName != request.name {
            throw APIError.badRequest(
                "the name of the object (\(declaredName)) does not match the name on the URL (\(request.name))")
        }
        if request.resource.namespaced, !body.namespace.isEmpty, body.namespace != request.namespace {
            throw APIError.badRequest(
                "the namespace of the provided object does not match the namespace sent on the request")
        }
        for (field, missing) in [("apiVersion", "apiVersion must be set"), ("kind", "kind must be set")]
        where (body[field]?.stringValue ?? "").isEmpty {
            throw APIError.badRequest(missing)
        }
        let decoded = try Admission.admit(body, duplicates: [], request)
        let applied = decoded.object
        let owner = request.fieldManager
        let apiVersion = request.resource.groupVersion.apiVersion
        let force = request.flag("force")

        for attempt in 0..<Self.patchAttempts {
            let now = Timestamp.rfc3339(Date())
            guard let kv = try await api.storage.get(key(request)) else {
                if !request.subresource.isEmpty { throw APIError.notFound(request.gvr, name: request.name) }
                try checkCreateAllowed(request)
                var created = decoded
                created.object = try Self.applying(
                    owner, applied, to: nil, manager: manager, apiVersion: apiVersion, force: force, now: now)
                do {
                    return try await create(created, request, ownership: .applied)
                } catch let error as APIError where error.reason == "AlreadyExists" && attempt < Self.patchAttempts - 1
                {
                    continue
                }
            }
            let old = try ObjectCodec.decode(kv)
            let precondition = applied.resourceVersion
            if !precondition.isEmpty, precondition != old.resourceVersion {
                throw APIError.modified(request.gvr, name: request.name)
            }
            var merged = try Self.applying(
                owner, applied, to: old, manager: manager, apiVersion: apiVersion, force: force, now: now)
            let managedFields = merged[path: ["metadata", "managedFields"]]
            ObjectLifecycle.prepareForUpdate(
                &merged, old: old, resource: request.resource, subresource: request.subresource)
            merged.setMeta("managedFields", managedFields)
            do {
                let (result, admitted) = try await write(
                    merged, old: old, revision: kv.modRevision, request, ownership: .applied)
                return try render(result, request, warnings: decoded.warnings + admitted)
            } catch let error as APIError where error.reason == "Conflict" && attempt < Self.patchAttempts - 1 {
                continue
            }
        }
        throw APIError.modified(request.gvr, name: request.name)
    }

    private static func applying(
        _ owner: FieldManager, _ applied: JSONValue, to live: JSONValue?, manager: String, apiVersion: String,
        force: Bool, now: String
    ) throws(APIError) -> JSONValue {
        do {
            return try owner.apply(applied, to: live, manager: manager, apiVersion: apiVersion, force: force, now: now)
        } catch {
            throw apiError(error)
        }
    }

    private static func apiError(_ failure: FieldManager.Failure) -> APIError {
        switch failure {
        case .conflicts(let conflicts):
            var e = APIError(code: 409, reason: "Conflict", message: FieldManager.Failure.conflicts(conflicts).message)
            e.causes = conflicts.map {
                APIError.Cause(reason: "FieldManagerConflict", message: "conflict with \($0.manager)", field: $0.field)
            }
            return e
        case .invalid(let message):
            return APIError(code: 422, reason: "Invalid", message: message)
        }
    }

    private static func invalidPatchOptions(field: String, reason: String, message: String) -> APIError {
        var e = APIError.invalid(
            kind: "PatchOptions", group: "meta.k8s.io", name: "",
            causes: [APIError.Cause(reason: reason, message: message, field: field)])
        e.detailName = ""
        return e
    }
}
