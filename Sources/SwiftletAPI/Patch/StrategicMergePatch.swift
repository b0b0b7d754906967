/// Kubernetes strategic merge patch (`application/strategic-merge-patch+json`)
/// as the upstream API server applies it (apimachinery `strategicpatch`,
/// server-side options: parallel lists are merged, unmatched nulls ignored).
///
/// Like a JSON merge patch, objects merge and `null` deletes; in addition the
/// schema's `x-kubernetes-patch-strategy` / `x-kubernetes-patch-merge-key`
/// say which lists merge (by key, or as sets of primitives), and the patch
/// may carry directives: `$patch` (replace/delete), `$retainKeys`,
/// `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>`.
///
/// Fields the schema does not know merge like JSON merge patch. Ordering
/// follows upstream: items named in the patch come in patch order and items
/// only on the server keep their relative order, interleaved where both know
/// the position; new items therefore go before the server's, not after.
public enum StrategicMergePatch {
    public static func apply(
        _ patch: JSONValue, to original: JSONValue, schema: Schema, registry: SchemaRegistry
    ) throws(PatchError) -> JSONValue {
        let patchObject: JSONObject
        switch patch {
        case .object(let o): patchObject = o
        case .null: patchObject = JSONObject()
        default:
            throw PatchError(
                .malformedPatch,
                "json: cannot unmarshal \(JSONPatch.goJSONKind(patch)) into Go value of type map[string]interface {}")
        }
        let node = SchemaNode(schema: registry.resolve(schema), registry: registry)
        return .object(try mergeMap(original.objectValue ?? JSONObject(), patchObject, node))
    }

    /// Merges a patch object into an original object.
    static func mergeMap(
        _ original: JSONObject, _ patch: JSONObject, _ node: SchemaNode
    ) throws(PatchError) -> JSONObject {
        if let directive = patch[Directive.patch] {
            return try mapDirective(directive, patch)
        }
        var original = original
        var patch = patch
        try applyRetainKeys(&original, &patch)
        // Lists named by $setElementOrder are merged and ordered first and
        // leave the patch, so the loop below does not see them again.
        try applySetElementOrders(&original, &patch, node)

        for (patchKey, patchValue) in patch {
            var key = patchKey
            var isDeleteList = false
            if patchKey.hasPrefix(Directive.deleteFromPrimitiveList) {
                key = try extractListKey(patchKey, prefix: Directive.deleteFromPrimitiveList)
                isDeleteList = true
            }
            if patchValue.isNull {
                original[key] = nil
                continue
            }
            guard let originalValue = original[key], GoType.of(originalValue) == GoType.of(patchValue) else {
                // Nothing to merge with: a new value, unless it only lists
                // deletions, which have nothing to delete from.
                if !isDeleteList { original[key] = materialized(patchValue) }
                continue
            }
            switch (originalValue, patchValue) {
            case (.object(let o), .object(let p)):
                let (child, meta) = node.field(key)
                if try meta.listOrMapStrategy() == Directive.replace {
                    original[key] = .object(cleaned(p))
                } else {
                    original[key] = .object(try mergeMap(o, p, child))
                }
            case (.array(let o), .array(let p)):
                let (child, meta) = node.field(key)
                original[key] = .array(
                    try mergeList(
                        o, p, elements: child.elements, strategy: try meta.listOrMapStrategy(),
                        mergeKey: meta.mergeKey, isDeleteList: isDeleteList))
            default:
                original[key] = patchValue
            }
        }
        return original
    }
}

/// The schema of the value being merged (already resolved), or nil where the
/// schema says nothing, e.g. under preserve-unknown-fields.
struct SchemaNode {
    let schema: Schema?
    let registry: SchemaRegistry

    /// A field's (or a map value's) schema and the patch metadata of its
    /// declaration. The metadata is read before resolving: a `$ref` field such
    /// as DeploymentSpec.strategy carries `retainKeys` on the referring node,
    /// not on the referenced definition.
    func field(_ name: String) -> (node: SchemaNode, meta: PatchMeta) {
        guard let schema else { return (self, PatchMeta()) }
        if let declared = schema.properties[name] {
            return (SchemaNode(schema: registry.property(name, of: schema), registry: registry), PatchMeta(declared))
        }
        if let values = schema.additionalProperties {
            return (SchemaNode(schema: registry.resolve(values), registry: registry), PatchMeta(values))
        }
        return (SchemaNode(schema: nil, registry: registry), PatchMeta())
    }

    /// The schema of the items when this node is a list.
    var elements: SchemaNode {
        SchemaNode(schema: schema.flatMap { registry.element(of: $0) }, registry: registry)
    }
}

/// `x-kubernetes-patch-strategy` and `x-kubernetes-patch-merge-key` of a field.
struct PatchMeta {
    var strategies: [String] = []
    var mergeKey = ""

    init() {}
    init(_ declared: Schema) {
        strategies = declared.patchStrategy.map { $0.split(separator: ",").map(String.init) } ?? []
        mergeKey = declared.patchMergeKey ?? ""
    }

    /// The strategy besides `retainKeys` (which only matters to clients
    /// building patches): "merge", "replace" or "".
    func listOrMapStrategy() throws(PatchError) -> String {
        let others = strategies.filter { $0 != Directive.retainKeysStrategy }
        guard others.count <= 1, strategies.count <= 2 else {
            throw PatchError(.unclassified, "unexpected patch strategy: [\(strategies.joined(separator: " "))]")
        }
        return others.first ?? ""
    }
}
