import SwiftletAPI

/// What a request path names, parsed the way upstream's request-info
/// resolver does: `/api/v1/namespaces/ns/pods/name/status` becomes group "",
/// version v1, namespace ns, resource pods, name, subresource status.
struct RequestInfo: Equatable, Sendable {
    var isResourceRequest = false
    /// get, list, watch, create, update, patch, delete, deletecollection.
    var verb = ""
    var group = ""
    var version = ""
    var namespace = ""
    var resource = ""
    var subresource = ""
    var name = ""
    /// The path without prefix split into parts (for non-resource paths).
    var parts: [String] = []

    var groupVersion: GroupVersion { GroupVersion(group: group, version: version) }

    /// Parses a path and method; nil for paths outside /api and /apis.
    init?(method: String, path: String, isWatchQuery: Bool) {
        var segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let prefix = segments.first, prefix == "api" || prefix == "apis" else { return nil }
        segments.removeFirst()
        if prefix == "api" {
            guard let v = segments.first else { return nil }
            version = v
            segments.removeFirst()
        } else {
            guard segments.count >= 2 else {
                parts = segments
                return nil
            }
            group = segments[0]
            version = segments[1]
            segments.removeFirst(2)
        }
        parts = segments
        guard !segments.isEmpty else { return }
        isResourceRequest = true
        // `/watch/...` is the deprecated watch form; still served upstream.
        var watchPath = false
        if segments.first == "watch" {
            watchPath = true
            segments.removeFirst()
        }
        if segments.first == "namespaces", segments.count > 1 {
            // /namespaces/NAME and /namespaces/NAME/{status,finalize} address
            // the namespace object itself; longer paths are inside it.
            let namespaceSubresources: Set<String> = ["status", "finalize"]
            if segments.count > 2, !(segments.count == 3 && namespaceSubresources.contains(segments[2])) {
                namespace = segments[1]
                segments.removeFirst(2)
            }
        }
        if segments.count >= 1 { resource = segments[0] }
        if segments.count >= 2 { name = segments[1] }
        if segments.count >= 3 { subresource = segments[2] }
        switch method {
        case "GET", "HEAD":
            if watchPath || isWatchQuery {
                verb = "watch"
            } else {
                verb = name.isEmpty ? "list" : "get"
            }
        case "POST": verb = "create"
        case "PUT": verb = "update"
        case "PATCH": verb = "patch"
        case "DELETE": verb = name.isEmpty ? "deletecollection" : "delete"
        default: verb = ""
        }
    }
}
