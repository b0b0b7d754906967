/// Strict field validation (`fieldValidation=Strict|Warn`): finds members
/// the schema does not declare, and words the results as upstream's decoder
/// does: `unknown field "spec.template.spec.containers[0].imagee"`,
/// `duplicate field "metadata.name"`, and for Strict the joined
/// `strict decoding error: ...`.
public enum StrictFieldChecker {
    /// Upstream stops collecting after this many strict errors.
    public static let maxErrors = 100

    /// Paths of undeclared members, in document order: dotted member names
    /// and `[i]` list indices, map keys dotted like members. Members under
    /// `x-kubernetes-preserve-unknown-fields` or free-form objects
    /// (RawExtension, FieldsV1, JSON) are not descended into; an unknown
    /// member's own contents are not reported. `apiVersion` and `kind` are
    /// always known at the top level.
    public static func unknownFields(in object: JSONValue, schema: Schema, registry: SchemaRegistry) -> [String] {
        var found: [String] = []
        walk(object, schema: schema, registry: registry, path: "", isRoot: true, into: &found)
        return found
    }

    static func walk(
        _ value: JSONValue, schema unresolved: Schema, registry: SchemaRegistry, path: String, isRoot: Bool,
        into found: inout [String]
    ) {
        let schema = registry.resolve(unresolved)
        switch value {
        case .object(let object):
            let declaresMembers = !schema.properties.isEmpty
            for (key, member) in object {
                let childPath = path.isEmpty ? key : path + "." + key
                if let property = schema.properties[key] {
                    walk(member, schema: property, registry: registry, path: childPath, isRoot: false, into: &found)
                } else if let values = schema.additionalProperties {
                    walk(member, schema: values, registry: registry, path: childPath, isRoot: false, into: &found)
                } else if declaresMembers && !schema.preserveUnknownFields
                    && !(isRoot && (key == "apiVersion" || key == "kind"))
                {
                    found.append(childPath)
                }
            }
        case .array(let items):
            guard let itemSchema = schema.items else { return }
            for (i, item) in items.enumerated() {
                walk(item, schema: itemSchema, registry: registry, path: path + "[\(i)]", isRoot: false, into: &found)
            }
        default:
            return
        }
    }

    /// `unknown field "spec.replica"`: one warning each for Warn.
    public static func unknownFieldMessages(_ paths: [String]) -> [String] {
        paths.map { "unknown field " + GoSyntax.quote($0) }
    }

    /// `duplicate field "metadata.name"` for each duplicated key path (as
    /// the JSON parser reports them).
    public static func duplicateFieldMessages(_ paths: [String]) -> [String] {
        paths.map { "duplicate field " + GoSyntax.quote($0) }
    }

    /// Upstream's strict decoding error text, or nil when nothing is wrong:
    /// `strict decoding error: unknown field "a", duplicate field "b"`.
    /// Repeated messages are dropped and at most 100 are kept.
    public static func strictDecodingMessage(unknownFields: [String], duplicateFields: [String] = []) -> String? {
        var seen = Set<String>()
        var messages: [String] = []
        for m in unknownFieldMessages(unknownFields) + duplicateFieldMessages(duplicateFields)
        where messages.count < maxErrors && seen.insert(m).inserted {
            messages.append(m)
        }
        if messages.isEmpty { return nil }
        return "strict decoding error: " + messages.joined(separator: ", ")
    }

    /// How upstream reports a body it cannot decode (strict errors
    /// included) in a 400: `Deployment in version "v1" cannot be handled as
    /// a Deployment: strict decoding error: unknown field "spec.replica"`.
    public static func cannotBeHandledMessage(kind: String, version: String, reason: String) -> String {
        "\(kind) in version \(GoSyntax.quote(version)) cannot be handled as a \(kind): \(reason)"
    }
}
