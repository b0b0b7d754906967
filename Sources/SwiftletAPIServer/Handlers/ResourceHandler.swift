import Foundation
import Hummingbird
import SwiftletAPI
import SwiftletStorage

/// Serves the verbs of every resource through one schema-driven path.
/// Each verb lives in its own file (`ResourceHandler+Verb.swift`).
struct ResourceHandler: Sendable {
    let api: APIService

    func handle(_ request: ResourceRequest) async throws -> Response {
        let r = request.resource
        if !request.subresource.isEmpty, r.subresource(request.subresource) == nil {
            throw APIError.pathNotFound()
        }
        if r.namespaced, request.namespace.isEmpty, !request.name.isEmpty {
            throw APIError.pathNotFound()
        }
        if !r.namespaced, !request.namespace.isEmpty {
            throw APIError.pathNotFound()
        }
        let verb = request.info.verb
        guard allowed(verb, request) else {
            throw APIError.methodNotSupported(request.gvr, verb: verb)
        }
        switch verb {
        case "get" where request.subresource == "log": return try await podLog(request)
        case "get" where ["exec", "attach"].contains(request.subresource),
            "create" where ["exec", "attach"].contains(request.subresource):
            return try await podStream(request)
        case "get": return try await get(request)
        case "list": return try await list(request)
        case "watch": return try await watch(request)
        case "create" where request.subresource == "binding": return try await bind(request)
        case "create" where request.subresource == "eviction": return try await evict(request)
        case "create" where request.subresource == "token": return try await tokenRequest(request)
        case "create" where Self.reviewGroups.contains(request.resource.group): return try await review(request)
        case "create": return try await create(request)
        case "update": return try await update(request)
        case "patch": return try await patch(request)
        case "delete": return try await delete(request)
        case "deletecollection": return try await deleteCollection(request)
        default: throw APIError.methodNotSupported(request.gvr, verb: verb)
        }
    }

    private func allowed(_ verb: String, _ request: ResourceRequest) -> Bool {
        if request.subresource.isEmpty { return request.resource.verbs.contains(verb) }
        guard let sub = request.resource.subresource(request.subresource) else { return false }
        // Subresources this server implements.
        guard
            [
                "status", "scale", "binding", "eviction", "finalize", "log", "exec", "attach", "token",
            ].contains(sub.name)
        else {
            return false
        }
        return sub.verbs.contains(verb)
    }

    // MARK: Shared steps

    func key(_ request: ResourceRequest, name: String? = nil) -> String {
        StorageKeys.key(request.resource, namespace: request.namespace, name: name ?? request.name)
    }

    /// Reads the current object or answers 404.
    func current(_ request: ResourceRequest) async throws -> (JSONValue, KeyValue) {
        guard let kv = try await api.storage.get(key(request)) else {
            throw APIError.notFound(request.gvr, name: request.name)
        }
        return (try ObjectCodec.decode(kv), kv)
    }

    /// Writes in a namespace must find it present and not terminating.
    func checkNamespace(_ request: ResourceRequest, creating: Bool) async throws {
        guard request.resource.namespaced,
            let namespaces = api.resources.lookup(group: "", version: "v1", plural: "namespaces")
        else { return }
        guard let kv = try await api.storage.get(StorageKeys.key(namespaces, namespace: "", name: request.namespace))
        else {
            throw APIError.notFound(namespaces.gvr, name: request.namespace)
        }
        if creating, let ns = try? ObjectCodec.decode(kv), ns.deletionTimestamp != nil {
            var e = APIError.forbidden(
                request.gvr, name: "",
                detail: "unable to create new content in namespace \(request.namespace) because it is being terminated")
            e.causes = [
                APIError.Cause(
                    reason: "NamespaceTerminating",
                    message: "namespace \(request.namespace) is being terminated", field: "metadata.namespace")
            ]
            throw e
        }
    }

    func isCustomResourceDefinition(_ request: ResourceRequest) -> Bool {
        request.resource.group == "apiextensions.k8s.io" && request.resource.plural == "customresourcedefinitions"
    }

    /// The object as the client asked to see it (plain, or as a Table).
    func render(
        _ object: JSONValue, _ request: ResourceRequest, status: HTTPResponse.Status = .ok, warnings: [String] = []
    ) throws -> Response {
        let object = request.custom?.present(object) ?? object
        var warnings = warnings
        if let deprecation = request.custom?.deprecationWarning, !warnings.contains(deprecation) {
            warnings.insert(deprecation, at: 0)
        }
        switch try MediaTypes.responseForm(accept: request.accept) {
        case .object, .partialObjectMetadataList:
            return Responses.json(object, status: status, warnings: warnings)
        case .partialObjectMetadata(let v):
            return Responses.json(
                TableConverter.partialObjectMetadata(object, version: v), status: status, warnings: warnings)
        case .table(let v):
            let table = TableConverter.table(
                for: [object], resource: request.resource, version: v, includeObject: request.query["includeObject"],
                listMetadata: JSONObject(), custom: request.custom)
            return Responses.json(table, status: status, warnings: warnings)
        }
    }

    /// Maps a storage error onto the API error upstream gives for it.
    func apiError(_ error: StorageError, _ request: ResourceRequest, name: String? = nil) -> APIError {
        let name = name ?? request.name
        switch error {
        case .keyExists: return .alreadyExists(request.gvr, name: name)
        case .keyNotFound: return .notFound(request.gvr, name: name)
        case .conflict: return .modified(request.gvr, name: name)
        case .compacted(let requested, let compacted):
            return .tooOld(requested: requested.value, oldest: compacted.value)
        case .futureRevision(let requested, let current):
            var e = APIError.timeout("Too large resource version: \(requested.value), current: \(current.value)")
            e.causes = [
                APIError.Cause(reason: "ResourceVersionTooLarge", message: "Too large resource version", field: "")
            ]
            e.retryAfterSeconds = 1
            return e
        case .watcherTooSlow: return .internalError("watch fell behind")
        case .unavailable(let why): return .serviceUnavailable(why)
        }
    }
}
