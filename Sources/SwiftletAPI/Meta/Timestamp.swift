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
