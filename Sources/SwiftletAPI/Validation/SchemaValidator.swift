/// Checks the JSON types of an object against its OpenAPI schema, with
/// messages in the form upstream's OpenAPI validation gives custom
/// resources: `spec.replicas: Invalid value: "string": spec.replicas in body
/// must be of type integer: "string"`.
///
/// Built-in kinds are decoded by upstream into Go structs, which ignores
/// `required` and `enum` from the schema (hand-written validation covers
/// them) and accepts `null` anywhere; the default options do the same.
public enum SchemaValidator {
    public struct Options: Sendable {
        /// Report missing `required` members (custom resources).
        public var enforceRequired: Bool
        /// Report strings outside a schema's `enum` (custom resources).
        public var enforceEnums: Bool
        /// Accept `null` for any field, as Go decoding does.
        public var allowNull: Bool

        public init(enforceRequired: Bool = false, enforceEnums: Bool = false, allowNull: Bool = true) {
            self.enforceRequired = enforceRequired
            self.enforceEnums = enforceEnums
            self.allowNull = allowNull
        }
    }

    public static func validate(
        _ object: JSONValue, schema: Schema, registry: SchemaRegistry, options: Options = Options()
    ) -> [FieldError] {
        var walker = Walker(registry: registry, options: options)
        walker.check(object, schema: schema, path: "")
        return walker.errors
    }

    struct Walker {
        let registry: SchemaRegistry
        let options: Options
        var errors: [FieldError] = []

        /// `path` is the OpenAPI validator's name of the value: dotted
        /// members, `[i]` items, empty at the root.
        mutating func check(_ value: JSONValue, schema unresolved: Schema, path: String) {
            let schema = registry.resolve(unresolved)
            if value.isNull {
                if !options.allowNull, schema.type != nil {
                    typeError(path, expected: schema.type!, actual: "null")
                }
                return
            }
            if schema.isIntOrString {
                checkIntOrString(value, path: path)
                return
            }
            if schema.isQuantity {
                checkQuantity(value, path: path)
                return
            }
            switch schema.type {
            case "string":
                guard case .string(let s) = value else {
                    return typeError(path, expected: "string", actual: value.typeName)
                }
                if schema.format == "date-time", !DateTimeFormat.isRFC3339(s) {
                    let name = displayName(path)
                    errors.append(
                        .typeInvalid(
                            FieldPath(name), .string(s),
                            "\(name) in body must be of type date-time: \(GoSyntax.quote(s))"))
                }
                if schema.format == "byte", let offset = Base64Format.firstBadOffset(s) {
                    errors.append(
                        .invalid(
                            FieldPath(displayName(path)), .string(s), "illegal base64 data at input byte \(offset)"))
                }
                if options.enforceEnums, !schema.enumValues.isEmpty, !schema.enumValues.contains(s) {
                    errors.append(.notSupported(FieldPath(displayName(path)), .string(s), schema.enumValues))
                }
            case "integer":
                guard let i = integer(value) else {
                    return typeError(path, expected: "integer", actual: value.typeName)
                }
                if schema.format == "int32", i < Int64(Int32.min) || i > Int64(Int32.max) {
                    let name = displayName(path)
                    errors.append(.typeInvalid(FieldPath(name), .int(i), "\(name) in body must be of type int32"))
                }
            case "number":
                switch value {
                case .int, .double: break
                default: typeError(path, expected: "number", actual: value.typeName)
                }
            case "boolean":
                if value.boolValue == nil { typeError(path, expected: "boolean", actual: value.typeName) }
            case "array":
                guard let items = value.arrayValue else {
                    return typeError(path, expected: "array", actual: value.typeName)
                }
                if let itemSchema = schema.items {
                    for (i, item) in items.enumerated() {
                        check(item, schema: itemSchema, path: path + "[\(i)]")
                    }
                }
            case "object":
                guard let object = value.objectValue else {
                    return typeError(path, expected: "object", actual: value.typeName)
                }
                checkMembers(object, schema: schema, path: path)
            default:
                // Untyped (free-form JSON): only members that are declared.
                if let object = value.objectValue { checkMembers(object, schema: schema, path: path) }
            }
        }

        mutating func checkMembers(_ object: JSONObject, schema: Schema, path: String) {
            for (key, member) in object {
                let childPath = path.isEmpty ? key : path + "." + key
                if let property = schema.properties[key] {
                    check(member, schema: property, path: childPath)
                } else if let values = schema.additionalProperties {
                    check(member, schema: values, path: childPath)
                }
            }
            if options.enforceRequired {
                for key in schema.required where object[key] == nil {
                    errors.append(.required(FieldPath(path.isEmpty ? key : path + "." + key)))
                }
            }
        }

        mutating func checkIntOrString(_ value: JSONValue, path: String) {
            switch value {
            case .string: return
            case .int, .double:
                guard let i = integer(value) else {
                    return typeError(path, expected: "integer,string", actual: value.typeName)
                }
                if i < Int64(Int32.min) || i > Int64(Int32.max) {
                    let name = displayName(path)
                    errors.append(.typeInvalid(FieldPath(name), .int(i), "\(name) in body must be of type int32"))
                }
            default:
                typeError(path, expected: "integer,string", actual: value.typeName)
            }
        }

        mutating func checkQuantity(_ value: JSONValue, path: String) {
            switch value {
            case .int, .double: return
            case .string(let s):
                if let message = QuantityFormat.parseError(s) {
                    errors.append(.invalid(FieldPath(displayName(path)), .string(s), message))
                }
            default:
                typeError(path, expected: "string", actual: value.typeName)
            }
        }

        func integer(_ value: JSONValue) -> Int64? {
            switch value {
            case .int(let i): return i
            case .double: return value.intValue
            default: return nil
            }
        }

        func displayName(_ path: String) -> String { path.isEmpty ? "<root>" : path }

        mutating func typeError(_ path: String, expected: String, actual: String) {
            let name = displayName(path)
            errors.append(
                .typeInvalid(
                    FieldPath(name), .string(actual),
                    "\(name) in body must be of type \(expected): \(GoSyntax.quote(actual))"))
        }
    }
}
