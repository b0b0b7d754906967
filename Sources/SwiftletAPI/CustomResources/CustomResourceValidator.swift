import Foundation

/// Validates a custom object against its CRD's structural schema, with the
/// field errors upstream's apiextensions server gives: `spec.replicas:
/// Invalid value: 20: spec.replicas in body should be less than or equal to
/// 10`, `spec.image: Required value`, `spec.size: Unsupported value: "XL":
/// supported values: "S", "M"`.
///
/// `apiVersion`, `kind` and `metadata` at the root (and of embedded
/// resources) are the server's to check, as upstream's.
public enum CustomResourceValidator {
    public static func validate(_ object: JSONValue, schema: StructuralSchema) -> [FieldError] {
        var walker = Walker()
        walker.check(object, schema: schema, path: "", isRoot: true)
        return walker.errors
    }

    struct Walker {
        var errors: [FieldError] = []

        mutating func check(_ value: JSONValue, schema: StructuralSchema, path: String, isRoot: Bool = false) {
            if value.isNull {
                if !schema.nullable, let type = schema.type, !type.isEmpty {
                    typeError(path, expected: type, actual: "null")
                } else if !schema.nullable, schema.intOrString {
                    typeError(path, expected: "integer,string", actual: "null")
                }
                return
            }
            if schema.intOrString {
                switch value {
                case .string, .int: break
                case .double where value.intValue != nil: break
                default: return typeError(path, expected: "integer,string", actual: value.typeName)
                }
            } else {
                switch schema.type {
                case "string":
                    guard case .string = value else {
                        return typeError(path, expected: "string", actual: value.typeName)
                    }
                case "integer":
                    guard value.intValue != nil else {
                        return typeError(path, expected: "integer", actual: value.typeName)
                    }
                case "number":
                    guard value.numberValue != nil else {
                        return typeError(path, expected: "number", actual: value.typeName)
                    }
                case "boolean":
                    guard value.boolValue != nil else {
                        return typeError(path, expected: "boolean", actual: value.typeName)
                    }
                case "array":
                    guard value.arrayValue != nil else {
                        return typeError(path, expected: "array", actual: value.typeName)
                    }
                case "object":
                    guard value.objectValue != nil else {
                        return typeError(path, expected: "object", actual: value.typeName)
                    }
                default:
                    break
                }
            }
            checkEnum(value, schema: schema, path: path)
            switch value {
            case .string(let s): checkString(s, schema: schema, path: path)
            case .int, .double: checkNumber(value, schema: schema, path: path)
            case .array(let items): checkArray(items, schema: schema, path: path)
            case .object(let object): checkObject(object, schema: schema, path: path, isRoot: isRoot)
            default: break
            }
            checkCombinators(value, schema: schema, path: path)
        }

        mutating func checkEnum(_ value: JSONValue, schema: StructuralSchema, path: String) {
            guard !schema.enumValues.isEmpty, !schema.enumValues.contains(value) else { return }
            let supported = schema.enumValues.map { $0.stringValue ?? $0.serializedString() }
            errors.append(.notSupported(FieldPath(name(path)), FieldError.BadValue(value), supported))
        }

        mutating func checkString(_ s: String, schema: StructuralSchema, path: String) {
            let name = name(path)
            let length = Int64(s.count)
            if let max = schema.maxLength, length > max {
                errors.append(.tooLong(FieldPath(name), maxLength: Int(max)))
            }
            if let min = schema.minLength, length < min {
                errors.append(
                    .invalid(FieldPath(name), .string(s), "\(name) in body should be at least \(min) chars long"))
            }
            if let pattern = schema.pattern, !PatternCache.matches(pattern, s) {
                errors.append(.invalid(FieldPath(name), .string(s), "\(name) in body should match '\(pattern)'"))
            }
            if let format = schema.format, !schema.intOrString, !ValueFormat.accepts(format, s) {
                errors.append(
                    .typeInvalid(
                        FieldPath(name), .string(s), "\(name) in body must be of type \(format): \(GoSyntax.quote(s))"))
            }
        }

        mutating func checkNumber(_ value: JSONValue, schema: StructuralSchema, path: String) {
            guard let n = value.numberValue else { return }
            let name = name(path)
            let bad = FieldError.BadValue(value)
            if let max = schema.maximum {
                if schema.exclusiveMaximum, n >= max {
                    errors.append(
                        .invalid(FieldPath(name), bad, "\(name) in body should be less than \(GoSyntax.float(max))"))
                } else if n > max {
                    errors.append(
                        .invalid(
                            FieldPath(name), bad,
                            "\(name) in body should be less than or equal to \(GoSyntax.float(max))"))
                }
            }
            if let min = schema.minimum {
                if schema.exclusiveMinimum, n <= min {
                    errors.append(
                        .invalid(FieldPath(name), bad, "\(name) in body should be greater than \(GoSyntax.float(min))"))
                } else if n < min {
                    errors.append(
                        .invalid(
                            FieldPath(name), bad,
                            "\(name) in body should be greater than or equal to \(GoSyntax.float(min))"))
                }
            }
            if let factor = schema.multipleOf, factor > 0 {
                let quotient = n / factor
                if quotient.rounded() != quotient {
                    errors.append(
                        .invalid(
                            FieldPath(name), bad, "\(name) in body should be a multiple of \(GoSyntax.float(factor))"))
                }
            }
            if schema.type == "integer", schema.format == "int32", let i = value.intValue,
                i < Int64(Int32.min) || i > Int64(Int32.max)
            {
                errors.append(.typeInvalid(FieldPath(name), .int(i), "\(name) in body must be of type int32"))
            }
        }

        mutating func checkArray(_ items: [JSONValue], schema: StructuralSchema, path: String) {
            let name = name(path)
            if let max = schema.maxItems, items.count > max {
                errors.append(.tooMany(FieldPath(name), actual: items.count, max: Int(max)))
            }
            if let min = schema.minItems, items.count < min {
                errors.append(
                    .invalid(
                        FieldPath(name), .int(Int64(items.count)), "\(name) in body should have at least \(min) items"))
            }
            if let itemSchema = schema.items {
                for (i, item) in items.enumerated() {
                    check(item, schema: itemSchema, path: path + "[\(i)]")
                }
            }
            checkListType(items, schema: schema, path: path)
        }

        /// `set` lists hold each value once; `map` lists each key tuple once.
        mutating func checkListType(_ items: [JSONValue], schema: StructuralSchema, path: String) {
            switch schema.listType {
            case "set":
                var seen: [JSONValue] = []
                for (i, item) in items.enumerated() {
                    if seen.contains(item) {
                        errors.append(.duplicate(FieldPath(path + "[\(i)]"), FieldError.BadValue(item)))
                    } else {
                        seen.append(item)
                    }
                }
            case "map":
                var seen: [[JSONValue?]] = []
                for (i, item) in items.enumerated() {
                    let key = schema.listMapKeys.map { item[$0] }
                    if seen.contains(where: { $0 == key }) {
                        let rendered = schema.listMapKeys.map { k in
                            "\"\(k)\":" + (item[k]?.serializedString() ?? "null")
                        }
                        errors.append(
                            .duplicate(
                                FieldPath(path + "[\(i)]"),
                                .goSyntax("map[string]interface {}{" + rendered.joined(separator: ", ") + "}")))
                    } else {
                        seen.append(key)
                    }
                }
            default:
                break
            }
        }

        mutating func checkObject(_ object: JSONObject, schema: StructuralSchema, path: String, isRoot: Bool) {
            let name = name(path)
            if let max = schema.maxProperties, object.count > max {
                errors.append(.tooMany(FieldPath(name), actual: object.count, max: Int(max)))
            }
            if let min = schema.minProperties, object.count < min {
                errors.append(
                    .invalid(
                        FieldPath(name), .int(Int64(object.count)),
                        "\(name) in body should have at least \(min) properties"))
            }
            for key in schema.required where object[key] == nil {
                errors.append(.required(FieldPath(child(path, key))))
            }
            let managedByServer = isRoot || schema.embeddedResource
            for (key, member) in object {
                if managedByServer, ["apiVersion", "kind", "metadata"].contains(key), schema.properties[key] == nil {
                    continue
                }
                if let memberSchema = schema.member(key) {
                    check(member, schema: memberSchema, path: child(path, key))
                }
            }
            if schema.embeddedResource {
                for key in ["apiVersion", "kind"] where (object[key]?.stringValue ?? "").isEmpty {
                    errors.append(.required(FieldPath(child(path, key)), "must not be empty"))
                }
            }
        }

        mutating func checkCombinators(_ value: JSONValue, schema: StructuralSchema, path: String) {
            for sub in schema.allOf { check(value, schema: sub, path: path) }
            let name = name(path)
            if !schema.anyOf.isEmpty,
                !schema.anyOf.contains(where: { CustomResourceValidator.validate(value, schema: $0, at: path).isEmpty })
            {
                errors.append(
                    .invalid(
                        FieldPath(name), FieldError.BadValue(value),
                        "\(name) in body must validate at least one schema (anyOf)"))
            }
            if !schema.oneOf.isEmpty {
                let passing = schema.oneOf.filter {
                    CustomResourceValidator.validate(value, schema: $0, at: path).isEmpty
                }
                if passing.count != 1 {
                    errors.append(
                        .invalid(
                            FieldPath(name), FieldError.BadValue(value),
                            "\(name) in body must validate one and only one schema (oneOf)"))
                }
            }
            if let not = schema.not, CustomResourceValidator.validate(value, schema: not, at: path).isEmpty {
                errors.append(
                    .invalid(
                        FieldPath(name), FieldError.BadValue(value),
                        "\(name) in body must not validate the schema (not)"))
            }
        }

        func child(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }
        func name(_ path: String) -> String { path.isEmpty ? "<root>" : path }

        mutating func typeError(_ path: String, expected: String, actual: String) {
            let name = name(path)
            errors.append(
                .typeInvalid(
                    FieldPath(name), .string(actual),
                    "\(name) in body must be of type \(expected): \(GoSyntax.quote(actual))"))
        }
    }

    /// A sub-schema's errors for a value at `path` (for anyOf, oneOf, not).
    static func validate(_ value: JSONValue, schema: StructuralSchema, at path: String) -> [FieldError] {
        var walker = Walker()
        walker.check(value, schema: schema, path: path)
        return walker.errors
    }
}

extension JSONValue {
    /// The value as a number, integer or not.
    var numberValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }
}
