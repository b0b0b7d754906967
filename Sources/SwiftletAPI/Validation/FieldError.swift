/// One field-level validation failure, as upstream's `field.Error`: its
/// `message` renders exactly like `field.Error.Error()` and `body` like
/// `ErrorBody()` (the text that goes into a Status cause).
public struct FieldError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The machine-readable kind of failure; the raw value is the Status
    /// cause reason.
    public enum ErrorType: String, Sendable, CaseIterable {
        case notFound = "FieldValueNotFound"
        case required = "FieldValueRequired"
        case duplicate = "FieldValueDuplicate"
        case invalid = "FieldValueInvalid"
        case notSupported = "FieldValueNotSupported"
        case forbidden = "FieldValueForbidden"
        case tooLong = "FieldValueTooLong"
        case tooMany = "FieldValueTooMany"
        case internalError = "InternalError"
        case typeInvalid = "FieldValueTypeInvalid"

        /// The words upstream prints for the type.
        public var text: String {
            switch self {
            case .notFound: return "Not found"
            case .required: return "Required value"
            case .duplicate: return "Duplicate value"
            case .invalid, .typeInvalid: return "Invalid value"
            case .notSupported: return "Unsupported value"
            case .forbidden: return "Forbidden"
            case .tooLong: return "Too long"
            case .tooMany: return "Too many"
            case .internalError: return "Internal error"
            }
        }
    }

    public var type: ErrorType
    /// The rendered path, e.g. `spec.containers[0].image`.
    public var field: String
    public var badValue: BadValue
    public var detail: String

    public init(type: ErrorType, field: String, badValue: BadValue, detail: String = "") {
        self.type = type
        self.field = field
        self.badValue = badValue
        self.detail = detail
    }

    /// The text without the field, as upstream's `ErrorBody()`.
    public var body: String {
        var s: String
        switch type {
        case .required, .forbidden, .tooLong, .internalError:
            s = type.text
        default:
            if case .omitted = badValue {
                s = type.text
            } else {
                s = "\(type.text): \(badValue.goRendering)"
            }
        }
        if !detail.isEmpty { s += ": \(detail)" }
        return s
    }

    /// `field: body`, as upstream's `Error()`.
    public var message: String { "\(field): \(body)" }
    public var description: String { message }
}

extension FieldError {
    /// A bad value as Go would print it in an error: strings quoted, numbers
    /// and booleans plain, anything else pre-rendered in Go syntax.
    public enum BadValue: Sendable, Equatable {
        /// Printed as the type alone (upstream's `omitValue`).
        case omitted
        /// Go's nil, printed as `"null"`.
        case null
        case string(String)
        case int(Int64)
        case double(Double)
        case bool(Bool)
        /// Already rendered, e.g. `map[string]string{"app":"x"}`.
        case goSyntax(String)

        public var goRendering: String {
            switch self {
            case .omitted: return ""
            case .null: return GoSyntax.quote("null")
            case .string(let s): return GoSyntax.quote(s)
            case .int(let i): return String(i)
            case .double(let d): return GoSyntax.float(d)
            case .bool(let b): return b ? "true" : "false"
            case .goSyntax(let s): return s
            }
        }

        /// A JSON value as a bad value: scalars as themselves, string maps
        /// as `map[string]string{...}`, other composites as compact JSON.
        public init(_ value: JSONValue) {
            switch value {
            case .null: self = .null
            case .bool(let b): self = .bool(b)
            case .int(let i): self = .int(i)
            case .double(let d): self = .double(d)
            case .string(let s): self = .string(s)
            case .object(let o) where o.allSatisfy({ $0.value.stringValue != nil }):
                self = .goSyntax(GoSyntax.stringMap(value))
            default: self = .goSyntax(value.serializedString())
            }
        }
    }
}

// Constructors named after upstream's helpers.
extension FieldError {
    public static func required(_ path: FieldPath, _ detail: String = "") -> FieldError {
        FieldError(type: .required, field: path.string, badValue: .string(""), detail: detail)
    }

    public static func invalid(_ path: FieldPath, _ value: BadValue, _ detail: String) -> FieldError {
        FieldError(type: .invalid, field: path.string, badValue: value, detail: detail)
    }

    public static func invalid(_ path: FieldPath, _ value: String, _ detail: String) -> FieldError {
        invalid(path, .string(value), detail)
    }

    public static func typeInvalid(_ path: FieldPath, _ value: BadValue, _ detail: String) -> FieldError {
        FieldError(type: .typeInvalid, field: path.string, badValue: value, detail: detail)
    }

    public static func duplicate(_ path: FieldPath, _ value: BadValue) -> FieldError {
        FieldError(type: .duplicate, field: path.string, badValue: value)
    }

    public static func notFound(_ path: FieldPath, _ value: BadValue) -> FieldError {
        FieldError(type: .notFound, field: path.string, badValue: value)
    }

    /// `Unsupported value: "x": supported values: "a", "b"` (values in the
    /// order given, as upstream keeps them).
    public static func notSupported(_ path: FieldPath, _ value: BadValue, _ supported: [String]) -> FieldError {
        let detail =
            supported.isEmpty ? "" : "supported values: " + supported.map(GoSyntax.quote).joined(separator: ", ")
        return FieldError(type: .notSupported, field: path.string, badValue: value, detail: detail)
    }

    public static func forbidden(_ path: FieldPath, _ detail: String) -> FieldError {
        FieldError(type: .forbidden, field: path.string, badValue: .string(""), detail: detail)
    }

    /// `Too long: may not be more than N bytes` (the value is never shown).
    public static func tooLong(_ path: FieldPath, maxLength: Int) -> FieldError {
        let detail = maxLength >= 0 ? "may not be more than \(maxLength) bytes" : "value is too long"
        return FieldError(type: .tooLong, field: path.string, badValue: .string("<value omitted>"), detail: detail)
    }

    /// `Too many: 5: must have at most 4 items`.
    public static func tooMany(_ path: FieldPath, actual: Int, max: Int) -> FieldError {
        let detail = max >= 0 ? "must have at most \(max) items" : "has too many items"
        return FieldError(
            type: .tooMany, field: path.string, badValue: actual >= 0 ? .int(Int64(actual)) : .omitted, detail: detail)
    }

    public static func internalError(_ path: FieldPath, _ detail: String) -> FieldError {
        FieldError(type: .internalError, field: path.string, badValue: .null, detail: detail)
    }
}
