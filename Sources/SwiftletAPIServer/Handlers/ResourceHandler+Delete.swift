import Foundation
import Hummingbird
import SwiftletAPI
import SwiftletStorage

/// What a client may say about a deletion (body or query), per metav1.DeleteOptions.
struct DeleteOptions {
    var gracePeriodSeconds: Int64?
    var propagationPolicy: String?
    var orphanDependents: Bool?
    var preconditionUID: String?
    var preconditionResourceVersion: String?
    var dryRun = false

    /// - Parameter readBody: false when the body is not DeleteOptions (an Eviction).
    init(_ request: ResourceRequest, readBody: Bool = true) throws {
        if readBody, !request.body.isEmpty {
            let body = try Admission.parseJSON(request.body)
            guard body.objectValue != nil else { throw APIError.badRequest("DeleteOptions must be an object") }
            if let kind = body["kind"]?.stringValue, kind != "DeleteOptions" {
                throw APIError.badRequest("the body of the request was not a DeleteOptions: got kind \"\(kind)\"")
            }
            // Wrong types are a bad request, as upstream's decoder says, not a default.
            func expect(_ field: String, _ ok: (JSONValue) -> Bool, _ type: String) throws(APIError) {
                guard let value = body[field], !value.isNull else { return }
                if !ok(value) {
                    throw APIError.badRequest(
                        "json: cannot unmarshal \(value.typeName) into Go struct field DeleteOptions.\(field) of type \(type)"
                    )
                }
            }
            try expect("gracePeriodSeconds", { $0.intValue != nil }, "int64")
            try expect("propagationPolicy", { $0.stringValue != nil }, "v1.DeletionPropagation")
            try expect("orphanDependents", { $0.boolValue != nil }, "bool")
            try expect("preconditions", { $0.objectValue != nil }, "v1.Preconditions")
            try expect("dryRun", { $0.arrayValue?.allSatisfy { $0.stringValue != nil } ?? false }, "[]string")
            gracePeriodSeconds = body["gracePeriodSeconds"]?.intValue
            propagationPolicy = body["propagationPolicy"]?.stringValue
            orphanDependents = body["orphanDependents"]?.boolValue
            preconditionUID = body[path: ["preconditions", "uid"]]?.stringValue
            preconditionResourceVersion = body[path: ["preconditions", "resourceVersion"]]?.stringValue
            dryRun = body["dryRun"]?.arrayValue?.contains(.string("All")) ?? false
        }
        if let g = try request.int("gracePeriodSeconds") { gracePeriodSeconds = g }
        if let p = request.query["propagationPolicy"], !p.isEmpty { propagationPolicy = p }
        if let o = request.query["orphanDependents"] { orphanDependents = QueryBool.isTrue(o) }
        if request.isDryRun { dryRun = true }
        if let p = propagationPolicy, !["Foreground", "Background", "Orphan"].contains(p) {
            throw APIError.badRequest(
                "propagationPolicy: Unsupported value: \"\(p)\": supported values: \"Foreground\", \"Background\", \"Orphan\""
            )
        }
        if let g = gracePeriodSeconds, g < 0 { gracePeriodSeconds = 0 }
    }

    /// The finalizer a propagation policy asks the garbage collector for.
    var propagationFinalizer: String? {
        if propagationPolicy == "Foreground" { return "foregroundDeletion" }
        if propagationPolicy == "Orphan" || (propagationPolicy == nil && orphanDependents == true) { return "orphan" }
        return nil
    }
}

extension ResourceHandler {
    func delete(_ request: ResourceRequest) async throws -> Response {
        let options = try DeleteOptions(request)
        // A concurrent write (a controller updating status, say) is no reason
        // to fail a delete: re-read and try again, as upstream does. Explicit
        // preconditions are checked against each fresh read.
        for attempt in 0..<Self.patchAttempts {
            let (object, kv) = try await current(request)
            do {
                let result = try await delete(object, revision: kv.modRevision, options: options, request)
                return try deletionResponse(result, request)
            } catch let error as APIError
                where error.reason == "Conflict" && !error.message.contains("Precondition")
                && attempt < Self.patchAttempts - 1
            {
                continue
            }
        }
        throw APIError.modified(request.gvr, name: request.name)
    }

    enum DeletionResult {
        /// Gone from storage.
        case deleted(JSONValue)
        /// Still there: marked for deletion, waiting for finalizers or a node.
        case pending(JSONValue)
    }

    func delete(_ object: JSONValue, revision: Revision, options: DeleteOptions, _ request: ResourceRequest)
        async throws
        -> DeletionResult
    {
        let name = object.name
        if let uid = options.preconditionUID, uid != object.uid {
            throw APIError.conflict(
                request.gvr, name: name,
                detail: "Precondition failed: UID in precondition: \(uid), UID in object meta: \(object.uid)")
        }
        if let rv = options.preconditionResourceVersion, rv != object.resourceVersion {
            throw APIError.conflict(
                request.gvr, name: name,
                detail:
                    "Precondition failed: ResourceVersion in precondition: \(rv), ResourceVersion in object meta: \(object.resourceVersion)"
            )
        }
        let key = StorageKeys.key(request.resource, namespace: object.namespace, name: name)
        var marked = object
        var finalizers = object.finalizers
        if let f = options.propagationFinalizer, !finalizers.contains(f) { finalizers.append(f) }
        // A CRD's objects go before it does: the CRD controller removes
        // them, then this finalizer.
        if isCustomResourceDefinition(request),
            !finalizers.contains(CustomResourceDefinitionController.cleanupFinalizer)
        {
            finalizers.append(CustomResourceDefinitionController.cleanupFinalizer)
        }
        let isNamespace = request.resource.group.isEmpty && request.resource.plural == "namespaces"
        let namespaceFinalizers = isNamespace ? (object[path: ["spec", "finalizers"]]?.arrayValue ?? []) : []
        let gracePeriod = podGracePeriod(object, options: options, request)
        let mustWait = !finalizers.isEmpty || !namespaceFinalizers.isEmpty || gracePeriod != nil
        if mustWait {
            if object.deletionTimestamp != nil, finalizers == object.finalizers {
                return .pending(object)  // already being deleted
            }
            let now = Date()
            marked.setMeta("finalizers", finalizers.isEmpty ? nil : .array(finalizers.map { .string($0) }))
            if marked.deletionTimestamp == nil {
                marked.setMeta(
                    "deletionTimestamp", .string(Timestamp.rfc3339(now.addingTimeInterval(Double(gracePeriod ?? 0)))))
                marked.setMeta("deletionGracePeriodSeconds", .int(gracePeriod ?? 0))
            }
            if isNamespace { marked[path: ["status", "phase"]] = "Terminating" }
            if options.dryRun { return .pending(marked) }
            do {
                let stored = try await api.storage.update(key, value: ObjectCodec.encode(marked), expected: revision)
                if isCustomResourceDefinition(request) { await api.customResourceDefinitions.sync(api) }
                return .pending(try ObjectCodec.decode(stored))
            } catch let error as StorageError {
                throw apiError(error, request, name: name)
            }
        }
        if options.dryRun { return .deleted(object) }
        do {
            let gone = try await api.storage.delete(key, expected: revision)
            return .deleted(try ObjectCodec.decode(gone))
        } catch let error as StorageError {
            throw apiError(error, request, name: name)
        }
    }

    /// Pods on a node get a grace period for their containers to stop; the
    /// node agent removes them. Pods never scheduled go at once.
    private func podGracePeriod(_ object: JSONValue, options: DeleteOptions, _ request: ResourceRequest) -> Int64? {
        guard request.resource.group.isEmpty, request.resource.plural == "pods" else { return nil }
        guard let node = object[path: ["spec", "nodeName"]]?.stringValue, !node.isEmpty else { return nil }
        let phase = object[path: ["status", "phase"]]?.stringValue
        if phase == "Succeeded" || phase == "Failed" { return nil }
        let grace =
            options.gracePeriodSeconds ?? object[path: ["spec", "terminationGracePeriodSeconds"]]?.intValue ?? 30
        return grace > 0 ? grace : nil
    }

    func deletionResponse(_ result: DeletionResult, _ request: ResourceRequest) throws -> Response {
        switch result {
        case .pending(let object):
            return try render(object, request)
        case .deleted(let object):
            if request.resource.group.isEmpty, request.resource.plural == "pods" {
                return try render(object, request)
            }
            var details: JSONObject = ["name": .string(object.name)]
            if !request.resource.group.isEmpty { details["group"] = .string(request.resource.group) }
            details["kind"] = .string(request.resource.plural)
            details["uid"] = .string(object.uid)
            let status: JSONValue = [
                "kind": "Status", "apiVersion": "v1", "metadata": .object(JSONObject()), "status": "Success",
                "details": .object(details),
            ]
            return Responses.json(status)
        }
    }

    func deleteCollection(_ request: ResourceRequest) async throws -> Response {
        let options = try DeleteOptions(request)
        let filter = try ObjectFilter(
            labelSelector: request.query["labelSelector"], fieldSelector: request.query["fieldSelector"],
            resource: request.resource)
        let page = try await collect(request, filter: filter, token: nil, limit: 0)
        var deleted: [JSONValue] = []
        for object in page.items {
            guard let revision = Int64(object.resourceVersion) else { continue }
            do {
                switch try await delete(object, revision: Revision(revision), options: options, request) {
                case .deleted(let o), .pending(let o): deleted.append(o)
                }
            } catch let error as APIError where error.code == 404 || error.code == 409 {
                continue  // changed or gone meanwhile: someone else's deletion won
            }
        }
        let list: JSONValue = [
            "kind": .string(request.resource.listKind), "apiVersion": .string(request.resource.groupVersion.apiVersion),
            "metadata": ["resourceVersion": .string(String(page.revision.value))], "items": .array(deleted),
        ]
        return Responses.json(list)
    }
}
