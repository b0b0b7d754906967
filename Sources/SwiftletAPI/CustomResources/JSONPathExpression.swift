/// The part of kubectl's JSONPath that CRD printer columns use:
/// `.spec.replicas`, `.spec.containers[0].image`, `.items[*].name`,
/// `['dotted.key']` and filters such as
/// `.status.conditions[?(@.type=="Ready")].status`.
public struct JSONPathExpression: Sendable, Equatable {
    enum Step: Sendable, Equatable {
        case member(String)
        case index(Int)
        case all
        case filter(path: [String], op: String?, literal: JSONValue?)
    }

    let steps: [Step]

    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    public init(_ text: String) throws(ParseError) {
        var s = Substring(text.trimmingSpaces)
        if s.hasPrefix("{"), s.hasSuffix("}") { s = s.dropFirst().dropLast() }
        if s.hasPrefix("$") { s = s.dropFirst() }
        var steps: [Step] = []
        while let c = s.first {
            if c == "." {
                s = s.dropFirst()
                let name = s.prefix { $0 != "." && $0 != "[" }
                guard !name.isEmpty else {
                    throw ParseError(description: "unexpected path string, expected a field name")
                }
                steps.append(.member(String(name)))
                s = s.dropFirst(name.count)
            } else if c == "[" {
                guard let close = Self.closingBracket(s) else {
                    throw ParseError(description: "unclosed array expect ]")
                }
                let inner = s[s.index(after: s.startIndex)..<close]
                s = s[s.index(after: close)...]
                steps.append(try Self.bracket(inner))
            } else {
                throw ParseError(description: "unrecognized character in action: \(c)")
            }
        }
        guard !steps.isEmpty else { throw ParseError(description: "empty JSONPath") }
        self.steps = steps
    }

    private static func closingBracket(_ s: Substring) -> Substring.Index? {
        var inQuote: Character? = nil
        var i = s.index(after: s.startIndex)
        while i < s.endIndex {
            let c = s[i]
            if let q = inQuote {
                if c == q { inQuote = nil }
            } else if c == "'" || c == "\"" {
                inQuote = c
            } else if c == "]" {
                return i
            }
            i = s.index(after: i)
        }
        return nil
    }

    private static func bracket(_ inner: Substring) throws(ParseError) -> Step {
        let t = inner.trimmingSpaces
        if t == "*" { return .all }
        if let n = Int(t) { return .index(n) }
        if (t.hasPrefix("'") && t.hasSuffix("'")) || (t.hasPrefix("\"") && t.hasSuffix("\"")), t.count >= 2 {
            return .member(String(t.dropFirst().dropLast()))
        }
        guard t.hasPrefix("?("), t.hasSuffix(")") else {
            throw ParseError(description: "invalid array index \(t)")
        }
        let body = t.dropFirst(2).dropLast().trimmingSpaces
        for op in ["==", "!="] {
            if let range = body.range(of: op) {
                let lhs = body[..<range.lowerBound].trimmingSpaces
                let rhs = body[range.upperBound...].trimmingSpaces
                return .filter(path: try filterPath(lhs), op: op, literal: try literal(rhs))
            }
        }
        return .filter(path: try filterPath(body), op: nil, literal: nil)
    }

    private static func filterPath(_ text: String) throws(ParseError) -> [String] {
        guard text.hasPrefix("@") else { throw ParseError(description: "unrecognized filter \(text)") }
        return text.dropFirst().split(separator: ".").map(String.init)
    }

    private static func literal(_ text: String) throws(ParseError) -> JSONValue {
        if text.count >= 2,
            (text.hasPrefix("\"") && text.hasSuffix("\"")) || (text.hasPrefix("'") && text.hasSuffix("'"))
        {
            return .string(String(text.dropFirst().dropLast()))
        }
        if let i = Int64(text) { return .int(i) }
        if let d = Double(text) { return .double(d) }
        if text == "true" || text == "false" { return .bool(text == "true") }
        throw ParseError(description: "unrecognized filter value \(text)")
    }

    /// Every value the path reaches in `document`, in document order.
    public func evaluate(_ document: JSONValue) -> [JSONValue] {
        var current = [document]
        for step in steps {
            var next: [JSONValue] = []
            for value in current {
                switch step {
                case .member(let name):
                    if let v = value[name] { next.append(v) }
                case .index(let i):
                    if let items = value.arrayValue {
                        let index = i < 0 ? items.count + i : i
                        if items.indices.contains(index) { next.append(items[index]) }
                    }
                case .all:
                    if let items = value.arrayValue { next += items }
                    if let object = value.objectValue { next += object.map(\.value) }
                case .filter(let path, let op, let literal):
                    for item in value.arrayValue ?? [] {
                        let found = path.isEmpty ? item : item[path: path]
                        switch op {
                        case "==": if found == literal || Self.numericEqual(found, literal) { next.append(item) }
                        case "!=": if found != nil, found != literal { next.append(item) }
                        default: if found != nil { next.append(item) }
                        }
                    }
                }
            }
            current = next
        }
        return current
    }

    private static func numericEqual(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        guard let x = a?.numberValue, let y = b?.numberValue else { return false }
        return x == y
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
