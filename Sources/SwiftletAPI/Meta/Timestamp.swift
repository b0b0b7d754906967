import Foundation

/// Timestamps as Kubernetes writes them: RFC 3339 in UTC, at second
/// precision (`metav1.Time`) or microsecond precision (`metav1.MicroTime`).
///
/// Written digit by digit: components stamp every event and condition, and
/// a date formatter costs more to create than the whole write.
public enum Timestamp {
    /// `2026-11-25T10:24:00Z`
    public static func rfc3339(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        var text = dateAndTime(seconds)
        text.append("Z")
        return text
    }

    /// `2026-11-25T10:24:00.123456Z`
    public static func rfc3339Micro(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let micros = min(999_999, max(0, Int(((date.timeIntervalSince1970 - seconds) * 1_000_000).rounded(.down))))
        var text = dateAndTime(seconds)
        text.append(".")
        appendDigits(micros, count: 6, to: &text)
        text.append("Z")
        return text
    }

    private static func dateAndTime(_ seconds: Double) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        var text = ""
        text.reserveCapacity(27)
        appendDigits(Int(parts.tm_year) + 1900, count: 4, to: &text)
        text.append("-")
        appendDigits(Int(parts.tm_mon) + 1, count: 2, to: &text)
        text.append("-")
        appendDigits(Int(parts.tm_mday), count: 2, to: &text)
        text.append("T")
        appendDigits(Int(parts.tm_hour), count: 2, to: &text)
        text.append(":")
        appendDigits(Int(parts.tm_min), count: 2, to: &text)
        text.append(":")
        appendDigits(Int(parts.tm_sec), count: 2, to: &text)
        return text
    }

    private static func appendDigits(_ value: Int, count: Int, to text: inout String) {
        var digits = [Character](repeating: "0", count: count)
        var rest = value
        for i in stride(from: count - 1, through: 0, by: -1) {
            digits[i] = Character(Unicode.Scalar(UInt8(48 + rest % 10)))
            rest /= 10
        }
        text.append(contentsOf: digits)
    }
}

extension Timestamp {
    /// An instant given as whole seconds since 1970 and nanoseconds, written
    /// at second or microsecond precision (protobuf `Time` and `MicroTime`).
    public static func rfc3339(seconds: Int64, nanos: Int32, micro: Bool) -> String {
        var text = dateAndTime(Double(seconds))
        if micro {
            text.append(".")
            appendDigits(Int(max(0, min(nanos, 999_999_999))) / 1000, count: 6, to: &text)
        }
        text.append("Z")
        return text
    }

    /// The instant an RFC 3339 text names, or nil.
    public static func date(_ text: String) -> Date? {
        parse(text).map { Date(timeIntervalSince1970: Double($0.seconds) + Double($0.nanos) / 1e9) }
    }

    /// Reads `2026-11-25T10:24:00Z`, `2026-11-25T10:24:00.123456Z` or
    /// `2026-11-25T12:24:00+02:00` into seconds since 1970 and nanoseconds.
    public static func parse(_ text: String) -> (seconds: Int64, nanos: Int32)? {
        let b = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var n = 0
            for c in b[from..<from + count] {
                guard c >= 48, c <= 57 else { return nil }
                n = n * 10 + Int(c - 48)
            }
            return n
        }
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"), b[13] == UInt8(ascii: ":"),
            b[16] == UInt8(ascii: ":"), let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var i = 19
        var nanos = 0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if digits < 9 { nanos = nanos * 10 + Int(b[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            if digits < 9 { for _ in digits..<9 { nanos *= 10 } }
        }
        var offset = 0
        guard i < b.count else { return nil }
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            guard let oh = number(i + 1, 2), i + 3 < b.count, b[i + 3] == UInt8(ascii: ":"), let om = number(i + 4, 2)
            else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "+") ? 1 : -1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = Int64(timegm(&parts)) - Int64(offset)
        return (seconds, Int32(nanos))
    }
}
