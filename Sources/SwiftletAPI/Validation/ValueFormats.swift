/// The syntax of resource quantities (`500m`, `1.5Gi`, `1e3`), as upstream's
/// `resource.ParseQuantity` accepts it.
public enum QuantityFormat {
    public static let formatMessage =
        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
    public static let suffixMessage = "unable to parse quantity's suffix"
    static let suffixes: Set<String> = [
        "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E",
    ]

    /// Nil when `text` is a valid quantity, else upstream's error text.
    public static func parseError(_ text: String) -> String? {
        let b = Array(text.utf8)
        if b.isEmpty { return formatMessage }
        var pos = 0
        if b[0] == UInt8(ascii: "-") || b[0] == UInt8(ascii: "+") { pos = 1 }
        while pos < b.count, FormatChars.isDigit(b[pos]) { pos += 1 }
        if pos == b.count { return nil }
        if b[pos] == UInt8(ascii: ".") {
            pos += 1
            while pos < b.count, FormatChars.isDigit(b[pos]) { pos += 1 }
            if pos == b.count { return nil }
        }
        let suffixStart = pos
        let suffixLetters = Set("eEinumkKMGTP".utf8)
        while pos < b.count, suffixLetters.contains(b[pos]) { pos += 1 }
        if pos < b.count, b[pos] == UInt8(ascii: "-") || b[pos] == UInt8(ascii: "+") { pos += 1 }
        while pos < b.count, FormatChars.isDigit(b[pos]) { pos += 1 }
        if pos != b.count { return formatMessage }
        let suffix = String(decoding: b[suffixStart...], as: UTF8.self)
        if suffixes.contains(suffix) { return nil }
        if suffix.utf8.count > 1, suffix.first == "e" || suffix.first == "E", Int64(suffix.dropFirst()) != nil {
            return nil
        }
        return suffixMessage
    }
}

/// RFC 3339 timestamps as Go's `time.Parse(time.RFC3339, ...)` accepts
/// them: `2024-01-02T15:04:05Z`, optional fraction, `Z` or `±hh:mm`.
public enum DateTimeFormat {
    public static func isRFC3339(_ text: String) -> Bool {
        let b = Array(text.utf8)
        func number(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= b.count else { return nil }
            var v = 0
            for i in at..<at + count {
                guard FormatChars.isDigit(b[i]) else { return nil }
                v = v * 10 + Int(b[i] - UInt8(ascii: "0"))
            }
            return v
        }
        func byte(_ at: Int, _ c: Character) -> Bool { at < b.count && b[at] == c.asciiValue! }
        guard let year = number(0, 4), byte(4, "-"), let month = number(5, 2), byte(7, "-"),
            let day = number(8, 2), byte(10, "T"), let hour = number(11, 2), byte(13, ":"),
            let minute = number(14, 2), byte(16, ":"), let second = number(17, 2)
        else { return false }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
            hour < 24, minute < 60, second < 60
        else { return false }
        var pos = 19
        if byte(pos, ".") || byte(pos, ",") {
            pos += 1
            let start = pos
            while pos < b.count, FormatChars.isDigit(b[pos]) { pos += 1 }
            if pos == start { return false }
        }
        if byte(pos, "Z") { return pos + 1 == b.count }
        guard byte(pos, "+") || byte(pos, "-"), let zh = number(pos + 1, 2), byte(pos + 3, ":"),
            let zm = number(pos + 4, 2)
        else { return false }
        return zh < 24 && zm < 60 && pos + 6 == b.count
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// Standard padded base64 as Go's decoder accepts it (line breaks
/// ignored), for `format: byte` fields such as Secret data.
public enum Base64Format {
    /// Nil when valid, else the byte offset Go's decoder reports.
    public static func firstBadOffset(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        var quantum = 0  // characters in the current group of four
        var quantumStart = 0
        var padding = 0
        for (i, b) in bytes.enumerated() {
            if b == UInt8(ascii: "\r") || b == UInt8(ascii: "\n") { continue }
            if quantum == 0 { quantumStart = i }
            if b == UInt8(ascii: "=") {
                // Padding may only fill the last one or two places.
                guard quantum >= 2 else { return i }
                padding += 1
            } else {
                guard padding == 0, isAlphabet(b) else { return i }
            }
            quantum += 1
            guard quantum == 4 else { continue }
            if padding > 0 {
                // Padding ends the data; only line breaks may follow.
                let rest = bytes[(i + 1)...]
                return rest.firstIndex { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }
            }
            quantum = 0
        }
        return quantum == 0 ? nil : quantumStart
    }

    static func isAlphabet(_ b: UInt8) -> Bool {
        FormatChars.isAlnum(b) || b == UInt8(ascii: "+") || b == UInt8(ascii: "/")
    }
}
