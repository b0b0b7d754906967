/// One node of a CustomResourceDefinition's `openAPIV3Schema`
/// (apiextensions.k8s.io/v1 `JSONSchemaProps`), with everything the server
/// validates, prunes and defaults by.
///
/// A schema is read once when its CRD is established and kept for every
/// request of that custom resource.
public final class StructuralSchema: Sendable {
    public let type: String?
    public let format: String?
    public let description: String?
    public let properties: [String: StructuralSchema]
    /// The schema of map values (`additionalProperties: {...}`).
    public let additionalProperties: StructuralSchema?
    /// `additionalProperties: true` allows any value; false allows none.
    public let additionalPropertiesAllowed: Bool?
    public let items: StructuralSchema?
    public let required: [String]
    public let enumValues: [JSONValue]
    public let pattern: String?
    public let maximum: Double?
    public let exclusiveMaximum: Bool
    public let minimum: Double?
    public let exclusiveMinimum: Bool
    public let multipleOf: Double?
    public let maxLength: Int64?
    public let minLength: Int64?
    public let maxItems: Int64?
    public let minItems: Int64?
    public let maxProperties: Int64?
    public let minProperties: Int64?
    public let nullable: Bool
    public let defaultValue: JSONValue?
    public let intOrString: Bool
    public let preserveUnknownFields: Bool
    public let embeddedResource: Bool
    /// `atomic`, `set` or `map`.
    public let listType: String?
    public let listMapKeys: [String]
    /// `atomic` or `granular`.
    public let mapType: String?
    /// Value validations that add no structure (allowed in structural schemas).
    public let allOf: [StructuralSchema]
    public let anyOf: [StructuralSchema]
    public let oneOf: [StructuralSchema]
    public let not: StructuralSchema?
    /// `x-kubernetes-validations` (CEL rules): kept, not evaluated.
    public let celRules: [JSONValue]
    /// The node as the CRD wrote it, for publishing in /openapi/v3.
    public let source: JSONValue

    public init(_ node: JSONValue) {
        let o = node.objectValue ?? JSONObject()
        source = node
        type = o["type"]?.stringValue
        format = o["format"]?.stringValue
        description = o["description"]?.stringValue
        var properties: [String: StructuralSchema] = [:]
        for (name, child) in o["properties"]?.objectValue ?? JSONObject() {
            properties[name] = StructuralSchema(child)
        }
        self.properties = properties
        switch o["additionalProperties"] {
        case .object?:
            additionalProperties = StructuralSchema(o["additionalProperties"]!)
            additionalPropertiesAllowed = true
        case .bool(let allowed)?:
            additionalProperties = nil
            additionalPropertiesAllowed = allowed
        default:
            additionalProperties = nil
            additionalPropertiesAllowed = nil
        }
        if case .object? = o["items"] { items = StructuralSchema(o["items"]!) } else { items = nil }
        required = (o["required"]?.arrayValue ?? []).compactMap(\.stringValue)
        enumValues = o["enum"]?.arrayValue ?? []
        pattern = o["pattern"]?.stringValue
        maximum = o["maximum"]?.numberValue
        exclusiveMaximum = o["exclusiveMaximum"]?.boolValue ?? false
        minimum = o["minimum"]?.numberValue
        exclusiveMinimum = o["exclusiveMinimum"]?.boolValue ?? false
        multipleOf = o["multipleOf"]?.numberValue
        maxLength = o["maxLength"]?.intValue
        minLength = o["minLength"]?.intValue
        maxItems = o["maxItems"]?.intValue
        minItems = o["minItems"]?.intValue
        maxProperties = o["maxProperties"]?.intValue
        minProperties = o["minProperties"]?.intValue
        nullable = o["nullable"]?.boolValue ?? false
        defaultValue = o["default"]
        intOrString = o["x-kubernetes-int-or-string"]?.boolValue ?? false
        preserveUnknownFields = o["x-kubernetes-preserve-unknown-fields"]?.boolValue ?? false
        embeddedResource = o["x-kubernetes-embedded-resource"]?.boolValue ?? false
        listType = o["x-kubernetes-list-type"]?.stringValue
        listMapKeys = (o["x-kubernetes-list-map-keys"]?.arrayValue ?? []).compactMap(\.stringValue)
        mapType = o["x-kubernetes-map-type"]?.stringValue
        allOf = (o["allOf"]?.arrayValue ?? []).map(StructuralSchema.init)
        anyOf = (o["anyOf"]?.arrayValue ?? []).map(StructuralSchema.init)
        oneOf = (o["oneOf"]?.arrayValue ?? []).map(StructuralSchema.init)
        not = o["not"].map(StructuralSchema.init)
        celRules = o["x-kubernetes-validations"]?.arrayValue ?? []
    }

    /// The schema of a member of an object: a declared property, or the
    /// map-value schema.
    public func member(_ name: String) -> StructuralSchema? {
        properties[name] ?? additionalProperties
    }

    /// Whether any node of the schema carries CEL rules.
    public var hasCELRules: Bool {
        if !celRules.isEmpty { return true }
        if properties.values.contains(where: \.hasCELRules) { return true }
        return (additionalProperties?.hasCELRules ?? false) || (items?.hasCELRules ?? false)
    }
}
