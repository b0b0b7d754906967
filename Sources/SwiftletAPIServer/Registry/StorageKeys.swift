import SwiftletAPI

/// Where objects live in the key space: `/registry/GROUP/RESOURCE/NS/NAME`
/// (`core` for the core group; no namespace segment for cluster-scoped
/// resources). Prefixes end in `/` so `ns1` never matches `ns10`.
enum StorageKeys {
    static func resourcePrefix(_ resource: ResourceInfo) -> String {
        "/registry/\(resource.group.isEmpty ? "core" : resource.group)/\(resource.plural)/"
    }

    /// Every object of the resource, or those of one namespace.
    static func prefix(_ resource: ResourceInfo, namespace: String) -> String {
        let base = resourcePrefix(resource)
        guard resource.namespaced, !namespace.isEmpty else { return base }
        return base + namespace + "/"
    }

    static func key(_ resource: ResourceInfo, namespace: String, name: String) -> String {
        resource.namespaced ? resourcePrefix(resource) + namespace + "/" + name : resourcePrefix(resource) + name
    }
}
