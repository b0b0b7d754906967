/// RFC 6902 JSON Patch (`application/json-patch+json`), with the behaviour
/// of the library the upstream API server uses (evanphx/json-patch v4),
/// including where that differs from the RFC:
///
/// - `replace` of a missing object member adds it, and `copy` from a missing
///   object member copies `null`;
/// - `test` treats a missing member and `null` alike;
/// - negative array indices count from the end;
/// - an operation without `value` uses `null`.
///
/// Every failure while applying is a 422 upstream; only an undecodable patch
/// document is a 400.
public enum JSONPatch {
    /// The most operations the upstream API server accepts in one patch.
    public static let maxOperations = 10_000

    public static func apply(_ patch: JSONValue, to document: JSONValue) throws(PatchError) -> JSONValue {
        var document = document
        for operation in try decode(patch) {
            try operation.apply(to: &document)
        }
        return document
    }

    /// Reads the patch as upstream decodes it: an array of objects; `null`
    /// is an empty patch and a `null` element an operation without fields.
    static func decode(_ patch: JSONValue) throws(PatchError) -> [Operation] {
        switch patch {
        case .null:
            return []
        case .array(let elements):
            guard elements.count <= maxOperations else {
                throw PatchError(
                    .tooManyOperations,
                    "The allowed maximum operations in a JSON patch is \(maxOperations), got \(elements.count)")
            }
            var operations: [Operation] = []
            operations.reserveCapacity(elements.count)
            for element in elements {
                switch element {
                case .object(let fields): operations.append(Operation(fields: fields))
                case .null: operations.append(Operation(fields: JSONObject()))
                default: throw unmarshalError(element, into: "jsonpatch.Operation")
                }
            }
            return operations
        default:
            throw unmarshalError(patch, into: "jsonpatch.Patch")
        }
    }

    /// Go's `encoding/json` type mismatch message.
    static func unmarshalError(_ value: JSONValue, into type: String) -> PatchError {
        PatchError(.malformedPatch, "json: cannot unmarshal \(goJSONKind(value)) into Go value of type \(type)")
    }

    static func goJSONKind(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "bool"
        case .int, .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

extension JSONPatch {
    /// One operation object; fields are read lazily, per operation, because
    /// upstream only complains about a missing field when the op needs it.
    struct Operation {
        let fields: JSONObject

        var kind: String { fields["op"]?.stringValue ?? "unknown" }
        /// The `value` member; absent and `null` both mean JSON null.
        var value: JSONValue { fields["value"] ?? .null }

        func path() -> Result<String, PatchError> { stringField("path", missing: "operation missing path field") }
        func from() -> Result<String, PatchError> { stringField("from", missing: "operation, missing from field") }

        private func stringField(_ name: String, missing: String) -> Result<String, PatchError> {
            switch fields[name] {
            case nil, .null?: return .failure(PatchError(.unprocessable, "\(missing): missing value"))
            case .string(let s)?: return .success(s)
            case let other?:
                let kind = goJSONKind(other)
                return .failure(
                    PatchError(.unprocessable, "json: cannot unmarshal \(kind) into Go value of type string"))
            }
        }

        func apply(to document: inout JSONValue) throws(PatchError) {
            switch kind {
            case "add": try add(&document)
            case "remove": try remove(&document)
            case "replace": try replace(&document)
            case "move": try move(&document)
            case "copy": try copy(&document)
            case "test": try test(document)
            default: throw PatchError(.unprocessable, "Unexpected kind: \(kind)")
            }
        }
    }
}
