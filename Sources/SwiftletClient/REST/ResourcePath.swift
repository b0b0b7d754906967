import Foundation
import SwiftletAPI

/// Builds API paths the way the server routes them.
enum ResourcePath {
    static func path(_ resource: ResourceInfo, namespace: String?, name: String? = nil, subresource: String? = nil)
        -> String
    {
        var path = resource.groupVersion.pathPrefix
        if resource.namespaced, let namespace, !namespace.isEmpty {
            path += "/namespaces/\(escape(namespace))"
        }
        path += "/\(resource.plural)"
        if let name { path += "/\(escape(name))" }
        if let subresource { path += "/\(subresource)" }
        return path
    }

    static func escape(_ segment: String) -> String {
        segment.addingPercentEncoding(
            withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/")))
            ?? segment
    }

    /// `a=b&c=d` with values escaped for a query string.
    static func query(_ items: [(String, String)]) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+,;")
        return items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)" }
            .joined(separator: "&")
    }
}
