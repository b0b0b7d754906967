/// What the API serves for one resource: the facts discovery publishes and
/// routing, storage and printing rely on.
public struct ResourceInfo: Sendable, Hashable {
    public var group: String
    public var version: String
    /// The plural resource name used in URLs, e.g. `deployments`.
    public var plural: String
    public var singular: String
    public var kind: String
    public var namespaced: Bool
    public var verbs: [String]
    public var shortNames: [String]
    public var categories: [String]
    public var subresources: [SubresourceInfo]
    /// The schema definition name, e.g. `io.k8s.api.apps.v1.Deployment`.
    public var schemaName: String

    public init(
        group: String, version: String, plural: String, singular: String, kind: String, namespaced: Bool,
        verbs: [String] = ResourceInfo.allVerbs, shortNames: [String] = [], categories: [String] = [],
        subresources: [SubresourceInfo] = [], schemaName: String
    ) {
        self.group = group
        self.version = version
        self.plural = plural
        self.singular = singular
        self.kind = kind
        self.namespaced = namespaced
        self.verbs = verbs
        self.shortNames = shortNames
        self.categories = categories
        self.subresources = subresources
        self.schemaName = schemaName
    }

    /// The verbs most resources serve.
    public static let allVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

    public var groupVersion: GroupVersion { GroupVersion(group: group, version: version) }
    public var gvk: GroupVersionKind { GroupVersionKind(group: group, version: version, kind: kind) }
    public var gvr: GroupVersionResource { GroupVersionResource(group: group, version: version, resource: plural) }
    public var listKind: String { kind + "List" }

    public func subresource(_ name: String) -> SubresourceInfo? {
        subresources.first { $0.name == name }
    }
}

/// A subresource such as `status` or `scale`, with the kind it speaks.
public struct SubresourceInfo: Sendable, Hashable {
    public var name: String
    public var group: String
    public var version: String
    public var kind: String
    public var verbs: [String]

    public init(name: String, group: String, version: String, kind: String, verbs: [String]) {
        self.name = name
        self.group = group
        self.version = version
        self.kind = kind
        self.verbs = verbs
    }
}
