/// One node of an OpenAPI v3 schema, reduced to what the server acts on:
/// types for validation, properties for pruning and strict decoding, and the
/// `x-kubernetes-*` extensions that drive patching and list semantics.
///
/// Descriptions are left out to keep memory small; `kubectl explain` reads
/// them from the published OpenAPI documents instead.
public final class Schema: Sendable {
    public let type: String?
    public let format: String?
    /// The referenced definition name, e.g. `io.k8s.api.core.v1.PodSpec`.
    public let ref: String?
    public let properties: [String: Schema]
    /// For maps: the schema of every value.
    public let additionalProperties: Schema?
    public let items: Schema?
    public let required: [String]
    public let enumValues: [String]
    /// `merge`, `replace`, `retainKeys`, or `merge,retainKeys`.
    public let patchStrategy: String?
    public let patchMergeKey: String?
    /// `atomic`, `set` or `map`.
    public let listType: String?
    public let listMapKeys: [String]
    /// `atomic` or `granular`.
    public let mapType: String?
    public let preserveUnknownFields: Bool
    public let groupVersionKinds: [GroupVersionKind]

    public init(
        type: String? = nil, format: String? = nil, ref: String? = nil, properties: [String: Schema] = [:],
        additionalProperties: Schema? = nil, items: Schema? = nil, required: [String] = [],
        enumValues: [String] = [], patchStrategy: String? = nil, patchMergeKey: String? = nil,
        listType: String? = nil, listMapKeys: [String] = [], mapType: String? = nil,
        preserveUnknownFields: Bool = false, groupVersionKinds: [GroupVersionKind] = []
    ) {
        self.type = type
        self.format = format
        self.ref = ref
        self.properties = properties
        self.additionalProperties = additionalProperties
        self.items = items
        self.required = required
        self.enumValues = enumValues
        self.patchStrategy = patchStrategy
        self.patchMergeKey = patchMergeKey
        self.listType = listType
        self.listMapKeys = listMapKeys
        self.mapType = mapType
        self.preserveUnknownFields = preserveUnknownFields
        self.groupVersionKinds = groupVersionKinds
    }

    /// Reads a node of the OpenAPI v3 form written by `swiftlet-codegen`.
    public convenience init(openAPI node: JSONValue) {
        let o = node.objectValue ?? JSONObject()
        var ref: String? = nil
        if let r = o["$ref"]?.stringValue {
            ref = Schema.definitionName(fromRef: r)
        } else if let first = o["allOf"]?.arrayValue?.first, let r = first["$ref"]?.stringValue {
            ref = Schema.definitionName(fromRef: r)
        }
        var properties: [String: Schema] = [:]
        for (name, child) in o["properties"]?.objectValue ?? JSONObject() {
            properties[name] = Schema(openAPI: child)
        }
        var additional: Schema? = nil
        if case .object = o["additionalProperties"] { additional = Schema(openAPI: o["additionalProperties"]!) }
        let gvks: [GroupVersionKind] = (o["x-kubernetes-group-version-kind"]?.arrayValue ?? []).compactMap {
            guard let v = $0["version"]?.stringValue, let k = $0["kind"]?.stringValue else { return nil }
            return GroupVersionKind(group: $0["group"]?.stringValue ?? "", version: v, kind: k)
        }
        self.init(
            type: o["type"]?.stringValue,
            format: o["format"]?.stringValue,
            ref: ref,
            properties: properties,
            additionalProperties: additional,
            items: o["items"].map { Schema(openAPI: $0) },
            required: (o["required"]?.arrayValue ?? []).compactMap(\.stringValue),
            enumValues: (o["enum"]?.arrayValue ?? []).compactMap(\.stringValue),
            patchStrategy: o["x-kubernetes-patch-strategy"]?.stringValue,
            patchMergeKey: o["x-kubernetes-patch-merge-key"]?.stringValue,
            listType: o["x-kubernetes-list-type"]?.stringValue,
            listMapKeys: (o["x-kubernetes-list-map-keys"]?.arrayValue ?? []).compactMap(\.stringValue),
            mapType: o["x-kubernetes-map-type"]?.stringValue,
            preserveUnknownFields: o["x-kubernetes-preserve-unknown-fields"]?.boolValue ?? false,
            groupVersionKinds: gvks
        )
    }

    static func definitionName(fromRef ref: String) -> String {
        ref.split(separator: "/").last.map(String.init) ?? ref
    }

    /// Whether patch strategy lists `merge` (lists merged by key, or maps merged).
    public var mergesByKey: Bool { patchStrategy?.split(separator: ",").contains("merge") ?? false }
    public var retainsKeys: Bool { patchStrategy?.split(separator: ",").contains("retainKeys") ?? false }
    public var isIntOrString: Bool { format == "int-or-string" }
    public var isQuantity: Bool { format == "quantity" }
}
