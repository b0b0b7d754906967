import SwiftletAPI

/// What the server serves at one moment: the resource table (built-in kinds
/// plus established custom resources), the discovery and OpenAPI documents
/// built from it, and the custom resources' own facts. A snapshot is
/// immutable; a CRD change installs a new one, and each request works with
/// the snapshot it started with.
struct APISurface: Sendable {
    let table: ResourceTable
    let discovery: DiscoveryDocuments
    let openAPI: OpenAPIDocuments
    let custom: [GroupVersionResource: ServedCustomResource]

    init(customResources: [ServedCustomResource] = []) {
        var custom: [GroupVersionResource: ServedCustomResource] = [:]
        for served in customResources where custom[served.resource.gvr] == nil {
            custom[served.resource.gvr] = served
        }
        self.custom = custom
        table = ResourceTable(BuiltinResources.all + customResources.map(\.resource))
        discovery = DiscoveryDocuments(resources: table)
        openAPI = OpenAPIDocuments(resources: table, custom: custom)
    }
}
