extension LabelSelectorParser {
    /// Splits the input into operators, parentheses, commas and words.
    /// Works on bytes and treats NUL as upstream's scanner does (end of
    /// input where a token would start, else the end of the current token),
    /// so the same query strings pass and fail here as there.
    struct Lexer {
        let bytes: [UInt8]
        var position = 0

        mutating func next() -> (token: Token, literal: String) {
            var byte = read()
            while Lexer.isBlank(byte) { byte = read() }
            if byte == 0 { return (.end, "") }
            position -= 1
            return Lexer.isSymbol(byte) ? symbol() : word()
        }

        private mutating func read() -> UInt8 {
            guard position < bytes.count else { return 0 }
            defer { position += 1 }
            return bytes[position]
        }

        /// One symbol, or two when they form `==` or `!=`.
        private mutating func symbol() -> (token: Token, literal: String) {
            // Upstream's scanner swallows a NUL that directly follows a
            // symbol; doing the same keeps odd inputs parsing alike.
            defer {
                if position < bytes.count && bytes[position] == 0 { position += 1 }
            }
            let first = read()
            if position < bytes.count && bytes[position] == UInt8(ascii: "=") {
                if first == UInt8(ascii: "=") {
                    position += 1
                    return (.doubleEquals, "==")
                }
                if first == UInt8(ascii: "!") {
                    position += 1
                    return (.notEquals, "!=")
                }
            }
            switch first {
            case UInt8(ascii: "("): return (.openParen, "(")
            case UInt8(ascii: ")"): return (.closeParen, ")")
            case UInt8(ascii: ","): return (.comma, ",")
            case UInt8(ascii: "!"): return (.bang, "!")
            case UInt8(ascii: "="): return (.equals, "=")
            case UInt8(ascii: ">"): return (.greaterThan, ">")
            default: return (.lessThan, "<")
            }
        }

        private mutating func word() -> (token: Token, literal: String) {
            var collected: [UInt8] = []
            while true {
                let byte = read()
                if byte == 0 { break }
                if Lexer.isSymbol(byte) || Lexer.isBlank(byte) {
                    position -= 1
                    break
                }
                collected.append(byte)
            }
            let literal = String(decoding: collected, as: UTF8.self)
            switch literal {
            case "in": return (.inKeyword, literal)
            case "notin": return (.notInKeyword, literal)
            default: return (.identifier, literal)
            }
        }

        static func isBlank(_ b: UInt8) -> Bool {
            b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "\n")
        }

        static func isSymbol(_ b: UInt8) -> Bool {
            switch b {
            case UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","),
                UInt8(ascii: ">"), UInt8(ascii: "<"):
                return true
            default:
                return false
            }
        }
    }
}
