/// The tag of a container image reference, decided the way upstream's
/// `parsers.ParseImageName` decides it (Docker reference grammar): the
/// explicit tag, `latest` when there is neither tag nor digest, empty when
/// only a digest is given or the reference does not parse.
enum ImageReference {
    static func tag(of image: String) -> String {
        guard let parsed = parse(image) else { return "" }
        if let tag = parsed.tag { return tag }
        return parsed.hasDigest ? "" : "latest"
    }

    static func parse(_ image: String) -> (tag: String?, hasDigest: Bool)? {
        let bytes = Array(image.utf8)
        if bytes.count == 64 && bytes.allSatisfy(isLowerHex) { return nil }
        // Domain split as the normalizer does it.
        var domain = "docker.io"
        var remainder = image
        if let slash = image.firstIndex(of: "/") {
            let first = String(image[..<slash])
            if first.contains(".") || first.contains(":") || first == "localhost" || first.lowercased() != first {
                domain = first
                remainder = String(image[image.index(after: slash)...])
            }
        }
        let remoteName = remainder.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[0]
        if remoteName.lowercased() != remoteName { return nil }

        var namePart = Substring(remainder)
        var hasDigest = false
        if let at = remainder.firstIndex(of: "@") {
            guard isDigest(remainder[remainder.index(after: at)...]) else { return nil }
            namePart = remainder[..<at]
            hasDigest = true
        }
        var tag: String? = nil
        if let colon = namePart.lastIndex(of: ":"), !namePart[colon...].contains("/") {
            let t = namePart[namePart.index(after: colon)...]
            guard isTag(t) else { return nil }
            tag = String(t)
            namePart = namePart[..<colon]
        }
        guard isDomain(domain), !namePart.isEmpty,
            namePart.split(separator: "/", omittingEmptySubsequences: false).allSatisfy(isPathComponent),
            domain.utf8.count + 1 + namePart.utf8.count <= 255
        else { return nil }
        return (tag, hasDigest)
    }

    static func isLowerHex(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "f"))
    }

    static func isLowerAlnum(_ c: Character) -> Bool { c.isASCII && (c.isLowercase || c.isNumber) }

    /// `[a-z0-9]+` joined by `.`, `_`, `__` or runs of `-`.
    static func isPathComponent(_ s: Substring) -> Bool {
        let chars = Array(s)
        guard let first = chars.first, let last = chars.last, isLowerAlnum(first), isLowerAlnum(last) else {
            return false
        }
        var i = 0
        while i < chars.count {
            if isLowerAlnum(chars[i]) { i += 1; continue }
            var j = i
            while j < chars.count, !isLowerAlnum(chars[j]) { j += 1 }
            let sep = String(chars[i..<j])
            guard sep == "." || sep == "_" || sep == "__" || sep.allSatisfy({ $0 == "-" }) else { return false }
            i = j
        }
        return true
    }

    /// `host[:port]` with host a dotted name of `[a-zA-Z0-9-]` components
    /// (not starting or ending with `-`) or a bracketed IPv6 address.
    static func isDomain(_ s: String) -> Bool {
        var host = Substring(s)
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            let rest = host[host.index(after: close)...]
            return rest.isEmpty || (rest.hasPrefix(":") && rest.count > 1 && rest.dropFirst().allSatisfy(\.isNumber))
        }
        if let colon = host.lastIndex(of: ":") {
            let port = host[host.index(after: colon)...]
            guard !port.isEmpty, port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            host = host[..<colon]
        }
        return host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { c in
            guard let f = c.first, let l = c.last, f != "-", l != "-" else { return false }
            return c.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    /// `[\w][\w.-]{0,127}`.
    static func isTag(_ s: Substring) -> Bool {
        func word(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_") }
        guard let first = s.first, word(first), s.count <= 128 else { return false }
        return s.allSatisfy { word($0) || $0 == "." || $0 == "-" }
    }

    /// `algorithm:hex` with at least 32 hex digits.
    static func isDigest(_ s: Substring) -> Bool {
        guard let colon = s.firstIndex(of: ":") else { return false }
        let algorithm = s[..<colon]
        let hex = s[s.index(after: colon)...]
        guard let f = algorithm.first, f.isASCII, f.isLetter else { return false }
        let algorithmOK = algorithm.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+.-_".contains($0)) }
        return algorithmOK && hex.count >= 32 && hex.allSatisfy { $0.isHexDigit && $0.isASCII }
    }
}
