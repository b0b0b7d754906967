extension FieldSelector {
    /// Parses `field=value`, `field==value` and `field!=value` terms joined
    /// by commas. In a value, `\,`, `\=` and `\\` stand for `,`, `=` and
    /// `\`; other escapes and bare `,`/`=` in a value are errors. Field
    /// names take no escapes and nothing is trimmed. Empty terms are skipped,
    /// so "" and "," select everything.
    public init(parsing selector: String) throws(SelectorError) {
        // Upstream sorts the raw terms before reading them, which fixes
        // both the requirement order and which bad term is reported.
        let terms = FieldSelector.splitTerms(selector).map(String.init).sorted(by: byteOrderLess)
        var parsed: [FieldRequirement] = []
        for term in terms where !term.isEmpty {
            guard let (field, op, rawValue) = FieldSelector.splitTerm(term) else {
                throw SelectorError("invalid selector: '\(selector)'; can't understand '\(term)'")
            }
            parsed.append(
                FieldRequirement(field: field, operator: op, value: try FieldSelector.unescapeValue(rawValue)))
        }
        self.init(requirements: parsed)
    }

    /// Escapes a value so it survives a round trip through the parser.
    public static func escapeValue(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\", ",", "=":
                out.unicodeScalars.append("\\")
                out.unicodeScalars.append(scalar)
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Undoes `escapeValue`, rejecting what it could not have produced.
    public static func unescapeValue(_ raw: String) throws(SelectorError) -> String {
        if !raw.unicodeScalars.contains(where: { $0 == "\\" || $0 == "," || $0 == "=" }) {
            return raw
        }
        var out = ""
        var escaping = false
        for scalar in raw.unicodeScalars {
            if escaping {
                switch scalar {
                case "\\", ",", "=":
                    out.unicodeScalars.append(scalar)
                default:
                    throw SelectorError("invalid field selector: invalid escape sequence: \\\(Character(scalar))")
                }
                escaping = false
                continue
            }
            switch scalar {
            case "\\":
                escaping = true
            case ",", "=":
                // Upstream prints the character's code point, not the character.
                throw SelectorError("invalid field selector: unescaped character in value: \(scalar.value)")
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        if escaping {
            throw SelectorError("invalid field selector: invalid escape sequence: \\")
        }
        return out
    }

    /// Splits on commas that no backslash escapes.
    static func splitTerms(_ selector: String) -> [Substring] {
        if selector.isEmpty { return [] }
        var terms: [Substring] = []
        let scalars = selector.unicodeScalars
        var start = scalars.startIndex
        var escaping = false
        var i = start
        while i < scalars.endIndex {
            let scalar = scalars[i]
            if escaping {
                escaping = false
            } else if scalar == "\\" {
                escaping = true
            } else if scalar == "," {
                terms.append(Substring(scalars[start..<i]))
                start = scalars.index(after: i)
            }
            i = scalars.index(after: i)
        }
        terms.append(Substring(scalars[start...]))
        return terms
    }

    /// Cuts a term at its first operator, trying `!=`, then `==`, then `=`
    /// at each position; the field part takes no escapes.
    static func splitTerm(_ term: String) -> (String, FieldRequirement.Operator, String)? {
        let scalars = term.unicodeScalars
        var i = scalars.startIndex
        while i < scalars.endIndex {
            let rest = scalars[i...]
            for (symbol, op) in [("!=", FieldRequirement.Operator.notEquals), ("==", .equals), ("=", .equals)]
            where rest.starts(with: symbol.unicodeScalars) {
                let valueStart = scalars.index(i, offsetBy: symbol.unicodeScalars.count)
                return (String(scalars[..<i]), op, String(scalars[valueStart...]))
            }
            i = scalars.index(after: i)
        }
        return nil
    }
}
