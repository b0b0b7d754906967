/// Drops the fields a structural schema does not declare, as upstream
/// prunes custom objects before they are stored, and names what it dropped
/// (`spec.foo`) for field validation's warnings and strict errors.
///
/// Kept without a declaration: `apiVersion`, `kind` and `metadata` at the
/// root and in embedded resources, everything under
/// `x-kubernetes-preserve-unknown-fields: true` (declared members there are
/// still pruned by their own schemas), and map values.
public enum CustomResourcePruner {
    public static func prune(_ object: JSONValue, schema: StructuralSchema) -> (value: JSONValue, pruned: [String]) {
        var pruned: [String] = []
        let value = prune(object, schema: schema, path: "", isRoot: true, pruned: &pruned)
        return (value, pruned)
    }

    static func prune(
        _ value: JSONValue, schema: StructuralSchema, path: String, isRoot: Bool, pruned: inout [String]
    ) -> JSONValue {
        switch value {
        case .object(let object):
            let keepsMeta = isRoot || schema.embeddedResource
            var out = JSONObject()
            for (key, member) in object {
                let memberPath = path.isEmpty ? key : path + "." + key
                if let property = schema.properties[key] {
                    out[key] = prune(member, schema: property, path: memberPath, isRoot: false, pruned: &pruned)
                } else if keepsMeta, ["apiVersion", "kind", "metadata"].contains(key) {
                    out[key] = member
                } else if let values = schema.additionalProperties {
                    out[key] = prune(member, schema: values, path: memberPath, isRoot: false, pruned: &pruned)
                } else if schema.preserveUnknownFields || schema.additionalPropertiesAllowed == true {
                    out[key] = member
                } else {
                    pruned.append(memberPath)
                }
            }
            return .object(out)
        case .array(let items):
            guard let itemSchema = schema.items else { return value }
            return .array(
                items.enumerated().map { i, item in
                    prune(item, schema: itemSchema, path: path + "[\(i)]", isRoot: false, pruned: &pruned)
                })
        default:
            return value
        }
    }
}

/// Applies a structural schema's `default`s, as upstream does when it
/// decodes a custom object (on create, on update and on every read from
/// storage): a missing member with a default gets it; `null` where the
/// schema is not `nullable` gets the default, or goes when there is none.
public enum CustomResourceDefaulter {
    public static func apply(_ value: JSONValue, schema: StructuralSchema) -> JSONValue {
        switch value {
        case .object(var object):
            for (key, property) in schema.properties {
                if let member = object[key] {
                    if member.isNull, !property.nullable {
                        object[key] = property.defaultValue.map { apply($0, schema: property) }
                    }
                } else if let defaultValue = property.defaultValue {
                    object[key] = apply(defaultValue, schema: property)
                }
            }
            var out = JSONObject()
            for (key, member) in object {
                if let property = schema.properties[key] {
                    out[key] = apply(member, schema: property)
                } else if let values = schema.additionalProperties {
                    out[key] = member.isNull && !values.nullable ? values.defaultValue : apply(member, schema: values)
                    if out[key] == nil { continue }
                } else {
                    out[key] = member
                }
            }
            return .object(out)
        case .array(let items):
            guard let itemSchema = schema.items else { return value }
            return .array(items.map { apply($0, schema: itemSchema) })
        default:
            return value
        }
    }
}
