/// Small readers for validators: missing, null and wrongly typed members
/// read as Go's zero values, as they would after upstream's decoding.
extension JSONValue {
    func fieldString(_ key: String) -> String { self[key]?.stringValue ?? "" }
    func fieldList(_ key: String) -> [JSONValue] { self[key]?.arrayValue ?? [] }
    func fieldMembers(_ key: String) -> JSONObject { self[key]?.objectValue ?? JSONObject() }
    func fieldInt(_ key: String) -> Int64? { self[key]?.intValue }
    /// Whether the member is present and not null (a set Go pointer).
    func fieldIsSet(_ key: String) -> Bool { self[key].map { !$0.isNull } ?? false }
}

extension FieldError {
    /// Upstream's `ValidateNonnegativeField`.
    static func nonNegative(_ value: Int64?, _ path: FieldPath) -> [FieldError] {
        guard let value, value < 0 else { return [] }
        return [.invalid(path, .int(value), "must be greater than or equal to 0")]
    }

    /// Upstream's `ValidateDNS1123Label` for a field.
    static func dns1123Label(_ value: String, _ path: FieldPath) -> [FieldError] {
        NameValidation.dns1123Label(value).map { .invalid(path, value, $0) }
    }

    /// Upstream's `ValidatePortNumOrName` for an int-or-string port.
    static func portNumOrName(_ value: JSONValue?, _ path: FieldPath) -> [FieldError] {
        if let name = value?.stringValue {
            return NameValidation.portName(name).map { .invalid(path, name, $0) }
        }
        let number = value?.intValue ?? 0
        return NameValidation.portNumber(number).map { .invalid(path, .int(number), $0) }
    }
}
