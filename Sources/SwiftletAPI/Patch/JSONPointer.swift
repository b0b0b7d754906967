/// An RFC 6901 JSON Pointer: `/spec/containers/0/image`, with `~1` standing
/// for `/` and `~0` for `~` inside a token.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The unescaped reference tokens; empty for the whole document.
    public var tokens: [String]

    public init(tokens: [String]) { self.tokens = tokens }

    /// Parses pointer text. Text before the first `/` is ignored, as upstream's
    /// JSON patch library does, so every RFC pointer parses exactly.
    public init(_ text: String) {
        tokens = text.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            JSONPointer.unescape(String($0))
        }
    }

    public var description: String {
        tokens.map { "/" + JSONPointer.escape($0) }.joined()
    }

    public static func escape(_ token: String) -> String {
        token.replacingAll("~", with: "~0").replacingAll("/", with: "~1")
    }

    /// Decodes `~1` then `~0` in one left-to-right pass, so `~01` becomes the
    /// literal `~1` as RFC 6901 requires. A `~` followed by anything else is
    /// kept, as upstream does.
    public static func unescape(_ token: String) -> String {
        guard token.contains("~") else { return token }
        var out = ""
        var iterator = token.makeIterator()
        while let c = iterator.next() {
            guard c == "~" else {
                out.append(c)
                continue
            }
            switch iterator.next() {
            case "0": out.append("~")
            case "1": out.append("/")
            case let other?: out.append("~"); out.append(other)
            case nil: out.append("~")
            }
        }
        return out
    }
}

extension JSONPointer {
    /// Splits a JSON patch path the way upstream locates the target: the
    /// containers to walk and the final key. Paths with fewer than two
    /// segments (`""`, `"abc"`) name no container; callers treat the empty
    /// path as the whole document where the operation allows it.
    static func containerAndKey(_ path: String) -> (parents: [String], key: String)? {
        let tokens = JSONPointer(path).tokens
        guard let key = tokens.last else { return nil }
        return (Array(tokens.dropLast()), key)
    }

    /// An array index as Go's `strconv.Atoi` reads it (optional sign, decimal
    /// digits), or the error text it gives.
    static func arrayIndex(_ token: String) -> Result<Int, PatchError> {
        var digits = Substring(token)
        var negative = false
        if let first = digits.first, first == "+" || first == "-" {
            negative = first == "-"
            digits = digits.dropFirst()
        }
        let quoted = GoFormat.quote(token)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return .failure(PatchError(.unprocessable, "strconv.Atoi: parsing \(quoted): invalid syntax"))
        }
        guard let magnitude = Int(digits) else {
            return .failure(PatchError(.unprocessable, "strconv.Atoi: parsing \(quoted): value out of range"))
        }
        return .success(negative ? -magnitude : magnitude)
    }
}

fileprivate extension String {
    /// Literal replacement without Foundation, which this module keeps out of
    /// its patch code.
    func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var out = ""
        for c in self {
            if c == target { out += replacement } else { out.append(c) }
        }
        return out
    }
}
