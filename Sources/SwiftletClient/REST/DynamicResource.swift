import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwiftletAPI

/// Every verb of one resource, on plain JSON: the dynamic client. Works for
/// any group, version and resource the server serves, custom ones included.
public struct DynamicResource: Sendable {
    public let client: KubernetesClient
    public let resource: ResourceInfo
    /// nil or empty: all namespaces (list, watch) / cluster-scoped.
    public let namespace: String?

    public init(client: KubernetesClient, resource: ResourceInfo, namespace: String?) {
        self.client = client
        self.resource = resource
        self.namespace = namespace
    }

    func path(_ name: String? = nil, _ subresource: String? = nil, namespace override: String? = nil) -> String {
        ResourcePath.path(resource, namespace: override ?? namespace, name: name, subresource: subresource)
    }

    static func decode(_ response: KubernetesClient.Response) throws -> JSONValue {
        do {
            return try JSONParser.parse(response.body)
        } catch {
            throw KubernetesError.decoding("cannot decode the server's answer: \(error)")
        }
    }

    public func get(_ name: String, subresource: String? = nil) async throws -> JSONValue {
        try Self.decode(try await client.send(.GET, path(name, subresource)))
    }

    /// One page of a list.
    public func listPage(_ options: ListOptions, continue token: String?) async throws -> JSONValue {
        var query = options.queryItems
        if let limit = options.limit, limit > 0 { query.append(("limit", String(limit))) }
        if let token { query.append(("continue", token)) }
        return try Self.decode(try await client.send(.GET, path(), query: query))
    }

    /// Every matching object, following `continue` tokens; the list's
    /// resourceVersion is the one of the first page (a consistent snapshot).
    public func list(_ options: ListOptions = ListOptions()) async throws -> (
        items: [JSONValue], resourceVersion: String
    ) {
        var items: [JSONValue] = []
        var token: String? = nil
        var resourceVersion = ""
        repeat {
            let page = try await listPage(options, continue: token)
            if resourceVersion.isEmpty {
                resourceVersion = page[path: ["metadata", "resourceVersion"]]?.stringValue ?? ""
            }
            items += page["items"]?.arrayValue ?? []
            token = page[path: ["metadata", "continue"]]?.stringValue
            if token?.isEmpty == true { token = nil }
        } while token != nil
        return (items, resourceVersion)
    }

    public func create(_ object: JSONValue, options: WriteOptions = WriteOptions()) async throws -> JSONValue {
        let ns = object[path: ["metadata", "namespace"]]?.stringValue ?? namespace
        return try Self.decode(
            try await client.send(.POST, path(namespace: ns), query: options.queryItems, body: object.serialized()))
    }

    public func update(_ object: JSONValue, subresource: String? = nil, options: WriteOptions = WriteOptions())
        async throws -> JSONValue
    {
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        let ns = object[path: ["metadata", "namespace"]]?.stringValue ?? namespace
        return try Self.decode(
            try await client.send(
                .PUT, path(name, subresource, namespace: ns), query: options.queryItems, body: object.serialized()))
    }

    public func patch(
        _ name: String, _ patch: Patch, subresource: String? = nil, options: WriteOptions = WriteOptions()
    )
        async throws -> JSONValue
    {
        var query = options.queryItems
        if case .apply(_, let force) = patch {
            if options.fieldManager == nil { query.append(("fieldManager", "swiftlet-client")) }
            if force { query.append(("force", "true")) }
        }
        return try Self.decode(
            try await client.send(
                .PATCH, path(name, subresource), query: query, body: patch.body.serialized(),
                contentType: patch.contentType))
    }

    /// Deletes; returns the object when the server still holds it
    /// (finalizers, graceful deletion) and nil when it is gone.
    @discardableResult
    public func delete(_ name: String, options: DeleteOptions = DeleteOptions()) async throws -> JSONValue? {
        var body: JSONObject = ["kind": "DeleteOptions", "apiVersion": "v1"]
        if let g = options.gracePeriodSeconds { body["gracePeriodSeconds"] = .int(Int64(g)) }
        if let p = options.propagationPolicy { body["propagationPolicy"] = .string(p.rawValue) }
        var preconditions = JSONObject()
        if let uid = options.preconditionUID { preconditions["uid"] = .string(uid) }
        if let rv = options.preconditionResourceVersion { preconditions["resourceVersion"] = .string(rv) }
        if !preconditions.isEmpty { body["preconditions"] = .object(preconditions) }
        if options.dryRun { body["dryRun"] = ["All"] }
        let reply = try Self.decode(
            try await client.send(.DELETE, path(name), body: JSONValue.object(body).serialized()))
        return reply["kind"]?.stringValue == "Status" ? nil : reply
    }

    /// One watch request: events until the server ends it (timeout) or an
    /// error. Resuming and re-listing is the caller's (see `Informer`).
    public func watch(_ options: ListOptions) -> AsyncThrowingStream<RawWatchEvent, any Error> {
        var query = options.queryItems
        query.append(("watch", "1"))
        if options.allowWatchBookmarks { query.append(("allowWatchBookmarks", "true")) }
        if let t = options.timeoutSeconds { query.append(("timeoutSeconds", String(t))) }
        let request = client.makeRequest(.GET, path(), query: query, body: nil, contentType: nil)
        let client = self.client
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await client.limiter.wait()
                    let response = try await client.http.execute(request, timeout: .hours(2))
                    guard response.status.code == 200 else {
                        let body = try await response.body.collect(upTo: 1 << 20)
                        throw KubernetesError(
                            code: Int(response.status.code), body: Array(body.readableBytesView),
                            retryAfter: response.headers.first(name: "Retry-After"))
                    }
                    var pending: [UInt8] = []
                    for try await chunk in response.body {
                        pending.append(contentsOf: chunk.readableBytesView)
                        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                            let line = Array(pending[..<newline])
                            pending.removeSubrange(...newline)
                            guard !line.isEmpty else { continue }
                            let event = try RawWatchEvent(line: line)
                            if case .error(let status) = event.type {
                                throw KubernetesError(
                                    code: Int(status[path: ["code"]]?.intValue ?? 500), body: status.serialized(),
                                    retryAfter: nil)
                            }
                            continuation.yield(event)
                        }
                    }
                    continuation.finish()
                } catch let error as HTTPClientError {
                    continuation.finish(throwing: KubernetesError.transport("\(error)"))
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// One event of a watch, as JSON.
public struct RawWatchEvent: Sendable {
    public enum EventType: Sendable, Equatable {
        case added, modified, deleted, bookmark
        case error(JSONValue)
    }

    public var type: EventType
    public var object: JSONValue

    init(line: [UInt8]) throws {
        let event: JSONValue
        do {
            event = try JSONParser.parse(line)
        } catch {
            throw KubernetesError.decoding("bad watch event: \(error)")
        }
        object = event["object"] ?? .null
        switch event["type"]?.stringValue {
        case "ADDED": type = .added
        case "MODIFIED": type = .modified
        case "DELETED": type = .deleted
        case "BOOKMARK": type = .bookmark
        case "ERROR": type = .error(object)
        default:
            throw KubernetesError.decoding(
                "unknown watch event type in \(String(decoding: line.prefix(100), as: UTF8.self))")
        }
    }

    public var resourceVersion: String { object[path: ["metadata", "resourceVersion"]]?.stringValue ?? "" }
}

extension KubernetesClient {
    /// The dynamic client for a resource.
    public func resource(_ resource: ResourceInfo, namespace: String? = nil) -> DynamicResource {
        DynamicResource(client: self, resource: resource, namespace: namespace)
    }

    /// Looks up a served built-in resource by group, version and plural.
    public func resource(group: String, version: String, plural: String, namespace: String? = nil) throws
        -> DynamicResource
    {
        guard let info = BuiltinResources.table.lookup(group: group, version: version, plural: plural) else {
            throw KubernetesError.notFound("no resource \(plural) in \(group)/\(version)")
        }
        return DynamicResource(client: self, resource: info, namespace: namespace)
    }
}
