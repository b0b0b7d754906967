/// Drops fields the schema does not declare, as decoding into upstream's
/// typed structs does: unknown fields are reported (strict validation) and
/// never stored.
public enum SchemaPruner {
    public static func prune(_ value: JSONValue, schema: Schema, registry: SchemaRegistry) -> JSONValue {
        let s = registry.resolve(schema)
        if s.preserveUnknownFields { return value }
        switch value {
        case .object(let object):
            if !s.properties.isEmpty {
                var out = JSONObject()
                for (key, child) in object {
                    guard let childSchema = s.properties[key] else { continue }
                    out[key] = prune(child, schema: childSchema, registry: registry)
                }
                return .object(out)
            }
            if let values = s.additionalProperties {
                var out = JSONObject()
                for (key, child) in object { out[key] = prune(child, schema: values, registry: registry) }
                return .object(out)
            }
            return value
        case .array(let items):
            guard let itemSchema = s.items else { return value }
            return .array(items.map { prune($0, schema: itemSchema, registry: registry) })
        default:
            return value
        }
    }
}
