/// What server-side apply needs to know of a schema node: how a map or a
/// list merges and how its items are identified. Built-in kinds answer
/// from the generated OpenAPI schemas, custom kinds from their CRD's
/// structural schema; where nothing is known (preserved unknown fields),
/// maps merge by key and lists are atomic, as upstream deduces.
public struct MergeSchema: Sendable {
    public enum ListKind: Sendable, Equatable {
        case atomic
        case set
        /// An associative list whose items are told apart by these fields.
        case map(keys: [String])
    }

    private enum Source: Sendable {
        case builtin(Schema, SchemaRegistry)
        case structural(StructuralSchema, isRoot: Bool)
        case deduced
    }

    private let source: Source

    private init(_ source: Source) { self.source = source }

    /// For a built-in kind, by its definition name.
    public init?(definition name: String, registry: SchemaRegistry = .builtin) {
        guard let schema = registry.definition(name) else { return nil }
        source = .builtin(registry.resolve(schema), registry)
    }

    /// For a custom kind: the version's `openAPIV3Schema`; its `metadata` is
    /// ObjectMeta's.
    public init(customResource schema: StructuralSchema?) {
        source = schema.map { .structural($0, isRoot: true) } ?? .deduced
    }

    public static let deduced = MergeSchema(.deduced)

    /// The schema of a field of this object.
    public func field(_ name: String) -> MergeSchema {
        switch source {
        case .builtin(let schema, let registry):
            if let child = registry.property(name, of: schema) { return MergeSchema(.builtin(child, registry)) }
            if let values = schema.additionalProperties {
                return MergeSchema(.builtin(registry.resolve(values), registry))
            }
            return .deduced
        case .structural(let schema, let isRoot):
            if isRoot, name == "metadata" {
                return MergeSchema(definition: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta") ?? .deduced
            }
            if let child = schema.properties[name] ?? schema.additionalProperties {
                return MergeSchema(.structural(child, isRoot: false))
            }
            return .deduced
        case .deduced:
            return .deduced
        }
    }

    /// The schema of this list's items.
    public var element: MergeSchema {
        switch source {
        case .builtin(let schema, let registry):
            return registry.element(of: schema).map { MergeSchema(.builtin($0, registry)) } ?? .deduced
        case .structural(let schema, _):
            return schema.items.map { MergeSchema(.structural($0, isRoot: false)) } ?? .deduced
        case .deduced:
            return .deduced
        }
    }

    public var listKind: ListKind {
        let type: String?
        let keys: [String]
        let mergeKey: String?
        switch source {
        case .builtin(let schema, _):
            (type, keys, mergeKey) = (schema.listType, schema.listMapKeys, schema.patchMergeKey)
        case .structural(let schema, _):
            (type, keys, mergeKey) = (schema.listType, schema.listMapKeys, nil)
        case .deduced:
            return .atomic
        }
        switch type {
        case "set": return .set
        case "map": return .map(keys: keys)
        case nil:
            // Lists merged by key in strategic merge patch are associative.
            if let mergeKey { return .map(keys: [mergeKey]) }
            return .atomic
        default: return .atomic
        }
    }

    /// Whether this is a built-in structure (fixed fields, a Go struct
    /// upstream): one always exists in its parent, so a write that fills it
    /// owns its fields but not the structure itself.
    public var isStructure: Bool {
        if case .builtin(let schema, _) = source { return !schema.properties.isEmpty }
        return false
    }

    /// Whether this object is replaced as a whole (`x-kubernetes-map-type:
    /// atomic`) rather than merged field by field.
    public var isAtomicMap: Bool {
        switch source {
        case .builtin(let schema, _): return schema.mapType == "atomic"
        case .structural(let schema, _): return schema.mapType == "atomic"
        case .deduced: return false
        }
    }
}
