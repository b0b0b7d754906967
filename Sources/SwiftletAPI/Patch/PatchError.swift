/// Why a patch could not be applied, classified the way the upstream API
/// server answers it, so the HTTP layer can map `kind` to a `Status` without
/// parsing messages.
///
/// `message` is the text upstream's patch libraries produce (evanphx/json-patch
/// v4 for JSON patches, apimachinery's strategicpatch for strategic merge
/// patches); clients and tests match on those texts.
public struct PatchError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The patch document itself cannot be decoded: 400 BadRequest.
        case malformedPatch
        /// A JSON patch `test` operation did not match: 422 Invalid.
        case testFailed
        /// A JSON patch path (or `from`) does not exist in the document: 422.
        case pathNotFound
        /// The patch decoded but cannot be applied (unknown `op`, bad array
        /// index, list of lists in a strategic merge patch): 422 Invalid.
        case unprocessable
        /// More JSON patch operations than the server accepts: 413.
        case tooManyOperations
        /// Strategic merge patch failures upstream does not classify (for
        /// example an unknown `$patch` value or a missing merge key). Upstream
        /// answers them 500 with the raw message; a malformed request is the
        /// client's fault, so here they are 400 with the same message.
        case unclassified
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// The HTTP status code upstream answers with.
    public var statusCode: Int {
        switch kind {
        case .malformedPatch: return 400
        case .testFailed, .pathNotFound, .unprocessable: return 422
        case .tooManyOperations: return 413
        case .unclassified: return 400
        }
    }

    /// `Status.reason`; empty means upstream's `StatusReasonUnknown` (omitted).
    public var statusReason: String {
        switch kind {
        case .malformedPatch: return "BadRequest"
        case .testFailed, .pathNotFound, .unprocessable: return "Invalid"
        case .tooManyOperations: return "RequestEntityTooLarge"
        case .unclassified: return "BadRequest"
        }
    }

    /// `Status.message`. Upstream wraps apply failures in a generic 422 whose
    /// message hides the detail; the detail travels in `statusCauseMessage`.
    public var statusMessage: String {
        switch kind {
        case .testFailed, .pathNotFound, .unprocessable:
            return "the server rejected our request due to an error in our request"
        case .tooManyOperations:
            return "Request entity too large: \(message)"
        case .malformedPatch, .unclassified:
            return message
        }
    }

    /// For 422 answers: the message of the single `Status.details.causes`
    /// entry, whose `reason` upstream sets to `UnexpectedServerResponse`.
    public var statusCauseMessage: String? {
        switch kind {
        case .testFailed, .pathNotFound, .unprocessable: return message
        default: return nil
        }
    }
}

// MARK: - Upstream message shapes

// The strategic merge patch errors print Go values with `%v` and Go type
// names; these helpers reproduce that rendering so our messages read the same.
extension PatchError {
    static func badArgType(expected: GoType, actual: JSONValue?) -> PatchError {
        PatchError(.unclassified, "expected a \(expected.rawValue), but received a \(GoType.name(of: actual))")
    }

    static func noMergeKey(_ object: JSONObject, _ key: String) -> PatchError {
        PatchError(.unclassified, "map: \(GoFormat.value(.object(object))) does not contain declared merge key: \(key)")
    }

    static func badPatchType(_ directive: JSONValue, _ object: JSONObject) -> PatchError {
        let map = GoFormat.value(.object(object))
        return PatchError(.unclassified, "unknown patch type: \(GoFormat.verbS(directive)) in map: \(map)")
    }

    // Sentinel errors the upstream handler maps to 400 or 422.
    static let badFormatForPrimitiveList = PatchError(.malformedPatch, "invalid patch format of primitive list")
    static let badFormatForRetainKeys = PatchError(.malformedPatch, "invalid patch format of retainKeys")
    static let badFormatForSetElementOrder = PatchError(.malformedPatch, "invalid patch format of setElementOrder list")
    static let noListOfLists = PatchError(.unprocessable, "lists of lists are not supported")
}

/// The Go types a decoded JSON value has in upstream's `map[string]interface{}`
/// (integers stay int64 because the server decodes with PreserveInts).
enum GoType: String {
    case map = "map[string]interface {}"
    case slice = "[]interface {}"
    case string, bool, int64, float64

    static func of(_ value: JSONValue) -> GoType? {
        switch value {
        case .null: return nil
        case .bool: return .bool
        case .int: return .int64
        case .double: return .float64
        case .string: return .string
        case .array: return .slice
        case .object: return .map
        }
    }

    /// `%s` of a `reflect.Type`; a nil interface has no type and Go prints it
    /// as a formatting error.
    static func name(of value: JSONValue?) -> String {
        guard let value, let type = of(value) else { return "%!s(<nil>)" }
        return type.rawValue
    }
}

// Go's `%v` rendering of decoded JSON, next to the `%q` helpers the selector
// messages use.
extension GoFormat {
    /// `map[a:1 b:[x y]]`: map keys sorted by bytes, as Go's fmt sorts them.
    static func value(_ v: JSONValue) -> String {
        switch v {
        case .null: return "<nil>"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return double(d)
        case .string(let s): return s
        case .array(let a): return "[" + a.map(value).joined(separator: " ") + "]"
        case .object(let o):
            let parts = o.members.sorted { byteOrderLess($0.key, $1.key) }.map { "\($0.key):\(value($0.value))" }
            return "map[" + parts.joined(separator: " ") + "]"
        }
    }

    static func list(_ values: [JSONValue]) -> String { value(.array(values)) }

    /// `%s` of an interface value: strings print as is, anything else as Go's
    /// bad-verb form, e.g. `%!s(float64=1.5)`.
    static func verbS(_ v: JSONValue) -> String {
        if case .string(let s) = v { return s }
        guard let type = GoType.of(v) else { return "%!s(<nil>)" }
        return "%!s(\(type.rawValue)=\(value(v)))"
    }

    /// Close to Go's `%g` for float64: as the JSON writer writes numbers
    /// (whole ones without a fraction, others in their shortest form).
    private static func double(_ d: Double) -> String { JSONValue.double(d).serializedString() }
}
