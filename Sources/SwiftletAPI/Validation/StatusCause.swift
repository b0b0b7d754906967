/// One entry of a Status's `details.causes`, as upstream's apiserver fills
/// it from a field error: reason `FieldValueInvalid`, message the error body
/// (without the field), field the path.
public struct StatusCause: Sendable, Equatable {
    public var reason: String
    public var message: String
    public var field: String

    public init(reason: String, message: String, field: String) {
        self.reason = reason
        self.message = message
        self.field = field
    }

    public init(_ error: FieldError) {
        self.init(reason: error.type.rawValue, message: error.body, field: error.field)
    }

    /// The wire form; empty members are left out as upstream's `omitempty`.
    public var json: JSONValue {
        var o = JSONObject()
        if !reason.isEmpty { o["reason"] = .string(reason) }
        if !message.isEmpty { o["message"] = .string(message) }
        if !field.isEmpty { o["field"] = .string(field) }
        return .object(o)
    }
}

/// The 422 `Invalid` Status upstream answers when validation fails.
public enum InvalidStatus {
    /// Several errors joined as upstream's error aggregate does: one message
    /// alone, or `[a, b]`, with repeated messages dropped.
    public static func aggregate(_ errors: [FieldError]) -> String {
        var seen = Set<String>()
        var messages: [String] = []
        for e in errors where seen.insert(e.message).inserted {
            messages.append(e.message)
        }
        if messages.count == 1 { return messages[0] }
        return "[" + messages.joined(separator: ", ") + "]"
    }

    /// `Deployment.apps "web" is invalid: <errors>`; the core group prints
    /// the kind alone (`Pod "p" is invalid: ...`).
    public static func message(kind: String, group: String, name: String, errors: [FieldError]) -> String {
        let qualifiedKind = group.isEmpty ? kind : "\(kind).\(group)"
        let head = "\(qualifiedKind) \(GoSyntax.quote(name)) is invalid"
        return errors.isEmpty ? head : head + ": " + aggregate(errors)
    }

    /// The whole Status body, members in upstream's order.
    public static func status(kind: String, group: String, name: String, errors: [FieldError]) -> JSONValue {
        var details = JSONObject()
        if !name.isEmpty { details["name"] = .string(name) }
        if !group.isEmpty { details["group"] = .string(group) }
        if !kind.isEmpty { details["kind"] = .string(kind) }
        if !errors.isEmpty { details["causes"] = .array(errors.map { StatusCause($0).json }) }
        var o = JSONObject()
        o["kind"] = "Status"
        o["apiVersion"] = "v1"
        o["metadata"] = .object(JSONObject())
        o["status"] = "Failure"
        o["message"] = .string(message(kind: kind, group: group, name: name, errors: errors))
        o["reason"] = "Invalid"
        o["details"] = .object(details)
        o["code"] = 422
        return .object(o)
    }
}
