/// Upstream's string-format checks (`k8s.io/apimachinery/pkg/util/validation`):
/// each returns the messages for a bad value, empty when it is valid.
/// Lengths are in bytes, as Go counts them.
public enum NameValidation {
    static let dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
    static let dns1123SubdomainFormat = dns1123LabelFormat + "(\\." + dns1123LabelFormat + ")*"
    static let dns1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?"
    static let qualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
    static let labelValueFormat = "(" + qualifiedNameFormat + ")?"
    static let configMapKeyFormat = "[-._a-zA-Z0-9]+"
    static let percentFormat = "[0-9]+%"

    static let qualifiedNameMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"

    public static func maxLengthMessage(_ length: Int) -> String { "must be no more than \(length) characters" }
    public static let emptyMessage = "must be non-empty"

    public static func regexMessage(_ message: String, _ format: String, _ examples: [String]) -> String {
        if examples.isEmpty { return message + " (regex used for validation is '" + format + "')" }
        // Upstream's loop leaves a double space before "or": 'a',  or 'b',
        let shown = examples.map { "'\($0)', " }.joined(separator: " or ")
        return message + " (e.g. " + shown + "regex used for validation is '" + format + "')"
    }

    public static func inclusiveRangeMessage(_ lo: Int, _ hi: Int) -> String {
        "must be between \(lo) and \(hi), inclusive"
    }

    // MARK: DNS names

    /// A lowercase RFC 1123 label, at most 63 bytes (namespace names,
    /// container names, port names of services).
    public static func dns1123Label(_ value: String) -> [String] {
        var errs: [String] = []
        if value.utf8.count > 63 { errs.append(maxLengthMessage(63)) }
        if !FormatChars.isDNS1123Label(value.utf8) {
            if FormatChars.isDNS1123Subdomain(value) {
                errs.append("must not contain dots")
            } else {
                errs.append(
                    regexMessage(
                        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
                        dns1123LabelFormat, ["my-name", "123-abc"]))
            }
        }
        return errs
    }

    /// A lowercase RFC 1123 subdomain, at most 253 bytes (most object names).
    public static func dns1123Subdomain(_ value: String) -> [String] {
        var errs: [String] = []
        if value.utf8.count > 253 { errs.append(maxLengthMessage(253)) }
        if !FormatChars.isDNS1123Subdomain(value) {
            errs.append(
                regexMessage(
                    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
                    dns1123SubdomainFormat, ["example.com"]))
        }
        return errs
    }

    /// An RFC 1035 label, at most 63 bytes (service names).
    public static func dns1035Label(_ value: String) -> [String] {
        var errs: [String] = []
        if value.utf8.count > 63 { errs.append(maxLengthMessage(63)) }
        if !FormatChars.isDNS1035Label(value.utf8) {
            errs.append(
                regexMessage(
                    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
                    dns1035LabelFormat, ["my-name", "abc-123"]))
        }
        return errs
    }

    /// A name usable as one URL path segment (RBAC objects and a few others).
    public static func pathSegmentName(_ name: String, prefix: Bool = false) -> [String] {
        if !prefix {
            for illegal in [".", ".."] where name == illegal { return ["may not be '\(illegal)'"] }
        }
        return ["/", "%"].filter { name.contains($0) }.map { "may not contain '\($0)'" }
    }

    // MARK: Labels, annotations, finalizers

    /// `[prefix/]name`: the prefix a DNS subdomain, the name at most 63 bytes
    /// (label keys, annotation keys, finalizers).
    public static func qualifiedName(_ value: String) -> [String] {
        var errs: [String] = []
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        let name: Substring
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            let prefix = String(parts[0])
            name = parts[1]
            if prefix.isEmpty {
                errs.append("prefix part " + emptyMessage)
            } else {
                errs += dns1123Subdomain(prefix).map { "prefix part " + $0 }
            }
        default:
            return [
                "a qualified name "
                    + regexMessage(qualifiedNameMessage, qualifiedNameFormat, ["MyName", "my.name", "123-abc"])
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            ]
        }
        if name.isEmpty {
            errs.append("name part " + emptyMessage)
        } else if name.utf8.count > 63 {
            errs.append("name part " + maxLengthMessage(63))
        }
        if !FormatChars.isQualifiedNamePart(name.utf8) {
            errs.append(
                "name part "
                    + regexMessage(qualifiedNameMessage, qualifiedNameFormat, ["MyName", "my.name", "123-abc"]))
        }
        return errs
    }

    /// A label value: empty, or a qualified name part of at most 63 bytes.
    public static func labelValue(_ value: String) -> [String] {
        var errs: [String] = []
        if value.utf8.count > 63 { errs.append(maxLengthMessage(63)) }
        if !value.isEmpty && !FormatChars.isQualifiedNamePart(value.utf8) {
            errs.append(
                regexMessage(
                    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
                    labelValueFormat, ["MyValue", "my_value", "12345"]))
        }
        return errs
    }

    // MARK: Other formats

    /// A key of ConfigMap or Secret data.
    public static func configMapKey(_ value: String) -> [String] {
        var errs: [String] = []
        if value.utf8.count > 253 { errs.append(maxLengthMessage(253)) }
        if value.isEmpty || !value.utf8.allSatisfy(FormatChars.isConfigKeyByte) {
            errs.append(
                regexMessage(
                    "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                    configMapKeyFormat, ["key.name", "KEY_NAME", "key-name"]))
        }
        if value == "." {
            errs.append("must not be '.'")
        } else if value == ".." {
            errs.append("must not be '..'")
        } else if value.hasPrefix("..") {
            errs.append("must not start with '..'")
        }
        return errs
    }

    /// An IANA_SVC_NAME: at most 15 bytes of `[-a-z0-9]`, with a letter.
    public static func portName(_ port: String) -> [String] {
        var errs: [String] = []
        let bytes = port.utf8
        if bytes.count > 15 { errs.append(maxLengthMessage(15)) }
        if bytes.isEmpty || !bytes.allSatisfy({ FormatChars.isLowerAlnum($0) || $0 == UInt8(ascii: "-") }) {
            errs.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
        }
        if !bytes.contains(where: { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) {
            errs.append("must contain at least one letter (a-z)")
        }
        if port.contains("--") { errs.append("must not contain consecutive hyphens") }
        if let f = bytes.first, let l = bytes.last, f == UInt8(ascii: "-") || l == UInt8(ascii: "-") {
            errs.append("must not begin or end with a hyphen")
        }
        return errs
    }

    public static func portNumber(_ port: Int64) -> [String] {
        (1...65535).contains(port) ? [] : [inclusiveRangeMessage(1, 65535)]
    }

    /// `[0-9]+%`.
    public static func percent(_ value: String) -> [String] {
        let bytes = Array(value.utf8)
        let ok = bytes.count >= 2 && bytes.last == UInt8(ascii: "%") && bytes.dropLast().allSatisfy(FormatChars.isDigit)
        return ok
            ? []
            : [
                regexMessage(
                    "a valid percent string must be a numeric string followed by an ending '%'", percentFormat,
                    ["1%", "93%"])
            ]
    }
}

/// Byte-level matchers equivalent to upstream's regular expressions.
enum FormatChars {
    static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
    static func isLowerAlnum(_ b: UInt8) -> Bool { isDigit(b) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) }
    static func isAlnum(_ b: UInt8) -> Bool { isLowerAlnum(b) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) }
    static func isConfigKeyByte(_ b: UInt8) -> Bool {
        isAlnum(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: "_")
    }

    /// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`
    static func isDNS1123Label<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        guard let first = bytes.first, let last = Array(bytes).last else { return false }
        return isLowerAlnum(first) && isLowerAlnum(last)
            && bytes.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") }
    }

    static func isDNS1123Subdomain(_ value: String) -> Bool {
        let labels = value.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return labels.allSatisfy { isDNS1123Label($0) }
    }

    /// `[a-z]([-a-z0-9]*[a-z0-9])?`
    static func isDNS1035Label<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        guard let first = bytes.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else { return false }
        return isDNS1123Label(bytes)
    }

    /// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`
    static func isQualifiedNamePart<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        guard let first = bytes.first, let last = Array(bytes).last else { return false }
        return isAlnum(first) && isAlnum(last) && bytes.allSatisfy(isConfigKeyByte)
    }
}
