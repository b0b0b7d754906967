/// Renders values the way Go's fmt package prints them in upstream error
/// messages, so messages match byte for byte.
public enum GoSyntax {
    private static let hex = Array("0123456789abcdef")

    /// Go's `strconv.Quote` (what `%q` prints).
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            default:
                let v = scalar.value
                if v < 0x20 || v == 0x7F {
                    out += "\\x" + String(hex[Int(v >> 4)]) + String(hex[Int(v & 0xF)])
                } else if v < 0x7F || isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if v < 0x10000 {
                    out += "\\u" + hexDigits(v, width: 4)
                } else {
                    out += "\\U" + hexDigits(v, width: 8)
                }
            }
        }
        return out + "\""
    }

    /// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols
    /// and the ASCII space.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark,
            .decimalNumber, .letterNumber, .otherNumber,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation,
            .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    private static func hexDigits(_ v: UInt32, width: Int) -> String {
        var digits: [Character] = []
        for shift in stride(from: (width - 1) * 4, through: 0, by: -4) {
            digits.append(hex[Int((v >> UInt32(shift)) & 0xF)])
        }
        return String(digits)
    }

    /// Go's `%v` for a float64 (strconv's `'g'` with shortest digits):
    /// exponent form when the decimal exponent is below -4 or at least 6,
    /// e.g. `1.5`, `123456`, `1e+06`, `1e-05`.
    public static func float(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Inf" : "+Inf" }
        if d == 0 { return d.sign == .minus ? "-0" : "0" }
        // Shortest round-trip digits and decimal exponent from Swift's output.
        let (negative, digits, pointPosition) = decimalDigits(abs(d), negative: d < 0)
        let exp = pointPosition - 1
        var out = negative ? "-" : ""
        if exp < -4 || exp >= 6 {
            out.append(digits.first!)
            if digits.count > 1 { out += "." + String(digits.dropFirst()) }
            out += exp < 0 ? "e-" : "e+"
            let e = abs(exp)
            out += e < 10 ? "0\(e)" : "\(e)"
            return out
        }
        if pointPosition <= 0 {
            return out + "0." + String(repeating: "0", count: -pointPosition) + String(digits)
        }
        if pointPosition >= digits.count {
            return out + String(digits) + String(repeating: "0", count: pointPosition - digits.count)
        }
        let i = digits.index(digits.startIndex, offsetBy: pointPosition)
        return out + String(digits[..<i]) + "." + String(digits[i...])
    }

    /// Significant digits (no leading/trailing zeros) and the position of the
    /// decimal point relative to them.
    private static func decimalDigits(_ d: Double, negative: Bool) -> (Bool, [Character], Int) {
        let text = "\(d)"  // e.g. "1.5", "1e-05", "1.2345e+20"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = Array(parts[0])
        let fracPart = parts.count > 1 ? Array(parts[1]) : []
        var all = intPart + fracPart
        var point = intPart.count + exponent
        while let first = all.first, first == "0", all.count > 1 {
            all.removeFirst()
            point -= 1
        }
        while let last = all.last, last == "0", all.count > 1 { all.removeLast() }
        return (negative, all, point)
    }

    /// Go's `%#v` of a `map[string]string` held in a JSON object:
    /// `map[string]string{"a":"b", "c":"d"}` with keys sorted; a missing or
    /// null map prints as `map[string]string(nil)`.
    public static func stringMap(_ value: JSONValue?) -> String {
        guard let object = value?.objectValue else { return "map[string]string(nil)" }
        let entries = object.members
            .sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            .map { quote($0.key) + ":" + quote($0.value.stringValue ?? "") }
        return "map[string]string{" + entries.joined(separator: ", ") + "}"
    }
}
