/// Checks for label keys and values, with upstream's error wording.
///
/// Selectors validate what they are given the way object validation does,
/// so a selector can never name a label no object could carry.
enum LabelValidation {
    static let qualifiedNameMaxLength = 63
    static let labelValueMaxLength = 63
    static let subdomainMaxLength = 253

    private static let qualifiedNameRegex = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
    private static let qualifiedNameMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
    private static let labelValueRegex = "(" + qualifiedNameRegex + ")?"
    private static let labelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
    private static let subdomainRegex = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"
    private static let subdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"

    /// Problems with a label key (an optionally prefixed qualified name);
    /// empty when the key is valid.
    static func qualifiedNameErrors(_ value: String) -> [String] {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        var errors: [String] = []
        let name: Substring
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            let prefix = parts[0]
            name = parts[1]
            if prefix.isEmpty {
                errors.append("prefix part must be non-empty")
            } else {
                errors += subdomainErrors(String(prefix)).map { "prefix part " + $0 }
            }
        default:
            return [
                "a qualified name "
                    + regexError(qualifiedNameMessage, qualifiedNameRegex, examples: ["MyName", "my.name", "123-abc"])
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            ]
        }
        if name.isEmpty {
            errors.append("name part must be non-empty")
        } else if name.utf8.count > qualifiedNameMaxLength {
            errors.append("name part " + maxLengthError(qualifiedNameMaxLength))
        }
        if !isQualifiedNameBody(name.utf8) {
            errors.append(
                "name part "
                    + regexError(qualifiedNameMessage, qualifiedNameRegex, examples: ["MyName", "my.name", "123-abc"]))
        }
        return errors
    }

    /// Problems with a label value; empty when the value is valid.
    static func labelValueErrors(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > labelValueMaxLength {
            errors.append(maxLengthError(labelValueMaxLength))
        }
        if !value.isEmpty && !isQualifiedNameBody(value.utf8) {
            errors.append(regexError(labelValueMessage, labelValueRegex, examples: ["MyValue", "my_value", "12345"]))
        }
        return errors
    }

    static func subdomainErrors(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > subdomainMaxLength {
            errors.append(maxLengthError(subdomainMaxLength))
        }
        let labels = value.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        if !labels.allSatisfy(isDNSLabelBody) {
            errors.append(regexError(subdomainMessage, subdomainRegex, examples: ["example.com"]))
        }
        return errors
    }

    static func maxLengthError(_ length: Int) -> String {
        "must be no more than \(length) characters"
    }

    /// Upstream's rendering of a failed pattern: the rule, the examples and
    /// the pattern itself, down to the doubled spaces between examples.
    static func regexError(_ message: String, _ pattern: String, examples: [String]) -> String {
        if examples.isEmpty {
            return message + " (regex used for validation is '" + pattern + "')"
        }
        var out = message + " (e.g. "
        for (i, example) in examples.enumerated() {
            if i > 0 { out += " or " }
            out += "'" + example + "', "
        }
        return out + "regex used for validation is '" + pattern + "')"
    }

    // Hand-written matchers for the two patterns: one alphanumeric at each
    // end, the listed punctuation only inside.
    private static func isQualifiedNameBody<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        guard let first = bytes.first, isAlphanumeric(first) else { return false }
        var last = first
        for b in bytes {
            guard isAlphanumeric(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ".")
            else { return false }
            last = b
        }
        return isAlphanumeric(last)
    }

    private static func isDNSLabelBody<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        guard let first = bytes.first, isLowerAlphanumeric(first) else { return false }
        var last = first
        for b in bytes {
            guard isLowerAlphanumeric(b) || b == UInt8(ascii: "-") else { return false }
            last = b
        }
        return isLowerAlphanumeric(last)
    }

    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }

    private static func isLowerAlphanumeric(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }
}

/// One field-level problem, printed as upstream prints a field error:
/// `path: Invalid value: <value>: detail`.
struct InvalidValue {
    var path: String
    var renderedValue: String
    var detail: String

    var message: String { "\(path): Invalid value: \(renderedValue): \(detail)" }

    /// Several problems read as upstream's aggregate: one alone, or all in
    /// brackets, repeats dropped.
    static func aggregate(_ problems: [InvalidValue]) -> String {
        var seen = Set<String>()
        var messages: [String] = []
        for p in problems where seen.insert(p.message).inserted {
            messages.append(p.message)
        }
        return messages.count == 1 ? messages[0] : "[" + messages.joined(separator: ", ") + "]"
    }
}
