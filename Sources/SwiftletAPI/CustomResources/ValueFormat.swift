import Foundation
import Synchronization

/// The string formats a structural schema may name, checked as upstream's
/// validator checks them. Formats it does not check (`password`, `int32` on
/// strings, and any other name) accept every string.
enum ValueFormat {
    static func accepts(_ format: String, _ s: String) -> Bool {
        switch format {
        case "date-time", "datetime": return DateTimeFormat.isRFC3339(s)
        case "date": return isDate(s)
        case "byte": return Base64Format.firstBadOffset(s) == nil
        case "email": return isEmail(s)
        case "hostname": return NameValidation.dns1123Subdomain(s).isEmpty
        case "ipv4": return isIPv4(s)
        case "ipv6": return isIPv6(s)
        case "cidr": return isCIDR(s)
        case "uuid": return isUUID(s)
        default: return true
        }
    }

    static func isDate(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let month = Int(parts[1]), let day = Int(parts[2]), Int(parts[0]) != nil
        else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }

    static func isEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[0].contains(" ") else { return false }
        return parts[1].contains(".") && NameValidation.dns1123Subdomain(parts[1].lowercased()).isEmpty
    }

    static func isIPv4(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { p in
            guard !p.isEmpty, p.count <= 3, p.allSatisfy(\.isASCII), let n = Int(p) else { return false }
            return n <= 255 && (p.count == 1 || p.first != "0")
        }
    }

    static func isIPv6(_ s: String) -> Bool {
        guard s.contains(":"), s.count <= 45 else { return false }
        var address = in6_addr()
        return inet_pton(AF_INET6, s, &address) == 1
    }

    static func isCIDR(_ s: String) -> Bool {
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let bits = Int(parts[1]), parts[1].allSatisfy(\.isASCII) else { return false }
        let ip = String(parts[0])
        if isIPv4(ip) { return (0...32).contains(bits) }
        return isIPv6(ip) && (0...128).contains(bits)
    }

    static func isUUID(_ s: String) -> Bool {
        let groups = s.split(separator: "-", omittingEmptySubsequences: false).map(\.count)
        return groups == [8, 4, 4, 4, 12] && s.allSatisfy { $0 == "-" || $0.isHexDigit }
    }
}

/// Compiled `pattern`s, shared by every request: a CRD's patterns are
/// compiled once, not per object.
enum PatternCache {
    private static let compiled = Mutex<[String: NSRegularExpression?]>([:])

    /// Whether `text` contains a match of `pattern` (unanchored, as JSON
    /// Schema's `pattern`). A pattern that does not compile matches nothing
    /// here; CRD validation rejects such patterns before they are used.
    static func matches(_ pattern: String, _ text: String) -> Bool {
        compiled.withLock { cache in
            let regex: NSRegularExpression?
            if let known = cache[pattern] {
                regex = known
            } else {
                regex = try? NSRegularExpression(pattern: pattern)
                if cache.count > 4096 { cache.removeAll() }
                cache[pattern] = regex
            }
            guard let regex else { return false }
            let range = NSRange(text.startIndex..., in: text)
            return regex.firstMatch(in: text, range: range) != nil
        }
    }

    /// Whether `pattern` compiles.
    static func isValid(_ pattern: String) -> Bool {
        (try? NSRegularExpression(pattern: pattern)) != nil
    }
}
