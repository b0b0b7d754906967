/// Which format an object's name must have; upstream picks one per kind
/// (namespaces are DNS-1123 labels, services DNS-1035 labels, most others
/// DNS-1123 subdomains, RBAC objects path segments).
public enum NameRule: Sendable, Hashable {
    case dns1123Subdomain
    case dns1123Label
    case dns1035Label
    case pathSegment
    /// No format check (only presence).
    case any

    /// The messages for a bad name; with `prefix` the value is a
    /// `generateName` and may end in `-`.
    public func messages(_ name: String, prefix: Bool = false) -> [String] {
        switch self {
        case .dns1123Subdomain: return NameValidation.dns1123Subdomain(prefix ? Self.maskTrailingDash(name) : name)
        case .dns1123Label: return NameValidation.dns1123Label(prefix ? Self.maskTrailingDash(name) : name)
        case .dns1035Label: return NameValidation.dns1035Label(prefix ? Self.maskTrailingDash(name) : name)
        case .pathSegment: return NameValidation.pathSegmentName(name, prefix: prefix)
        case .any: return []
        }
    }

    /// Upstream replaces a trailing dash (and the byte before it) with `a`
    /// before checking a generateName.
    static func maskTrailingDash(_ name: String) -> String {
        let bytes = Array(name.utf8)
        guard bytes.count > 1, bytes.last == UInt8(ascii: "-") else { return name }
        return String(decoding: bytes.dropLast(2), as: UTF8.self) + "a"
    }
}
