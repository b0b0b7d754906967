import HTTPTypes
import Hummingbird
import SwiftletAPI

/// A request for one served resource, with everything parsed that the verbs need.
struct ResourceRequest: Sendable {
    let info: RequestInfo
    let resource: ResourceInfo
    let query: [String: String]
    let headers: HTTPFields
    let body: [UInt8]
    let user: UserInfo
    /// The custom resource version the request is for; nil for built-in kinds.
    let custom: ServedCustomResource?

    var gvr: GroupVersionResource { resource.gvr }
    var namespace: String { info.namespace }
    var name: String { info.name }
    var subresource: String { info.subresource }

    func flag(_ name: String) -> Bool { QueryBool.isTrue(query[name]) }

    var isDryRun: Bool { query["dryRun"] == "All" }

    var contentType: String { MediaTypes.baseType(headers[.contentType]) }

    /// Who a write is recorded for in managedFields: the `fieldManager`
    /// parameter, or as upstream the user agent up to its first `/`.
    var fieldManagerName: String {
        if let name = query["fieldManager"], !name.isEmpty { return name }
        let agent = headers[.userAgent] ?? ""
        let prefix = agent.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
        return String(prefix.prefix(128))
    }

    /// Field ownership for this request's kind and subresource.
    var fieldManager: FieldManager {
        let schema =
            custom.map { MergeSchema(customResource: $0.schema) }
            ?? MergeSchema(definition: resource.schemaName) ?? .deduced
        return FieldManager(
            schema: schema, subresource: subresource == "status" || subresource == "scale" ? subresource : "",
            hasStatusSubresource: resource.subresource("status") != nil)
    }
    var accept: String? { headers[.accept] }

    func int(_ name: String) throws(APIError) -> Int64? {
        guard let raw = query[name], !raw.isEmpty else { return nil }
        guard let v = Int64(raw) else {
            throw APIError.badRequest("invalid value \"\(raw)\" for query parameter \(name): must be an integer")
        }
        return v
    }
}

/// Boolean query parameters as upstream reads them (Go's strconv.ParseBool):
/// the Python client sends `watch=True`.
enum QueryBool {
    static func isTrue(_ value: String?) -> Bool {
        guard let value else { return false }
        return ["1", "t", "T", "true", "TRUE", "True"].contains(value)
    }

    /// nil when `value` is not a boolean Go would read.
    static func parse(_ value: String) -> Bool? {
        if isTrue(value) { return true }
        return ["0", "f", "F", "false", "FALSE", "False"].contains(value) ? false : nil
    }

    /// The list and watch options upstream decodes as booleans and integers
    /// must be such, or the request is a bad one.
    static func validate(_ query: [String: String]) throws(APIError) {
        for name in ["watch", "allowWatchBookmarks", "sendInitialEvents"] {
            if let raw = query[name], !raw.isEmpty, parse(raw) == nil {
                throw APIError.badRequest("invalid value for \(name): \"\(raw)\" is not a boolean")
            }
        }
        for name in ["timeoutSeconds", "limit"] {
            if let raw = query[name], !raw.isEmpty, Int64(raw) == nil {
                throw APIError.badRequest(
                    "invalid value \"\(raw)\" for query parameter \(name): must be an integer")
            }
        }
    }
}
