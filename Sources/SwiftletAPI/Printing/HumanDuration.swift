import Foundation

/// Durations for people, with upstream's rounding (apimachinery
/// `util/duration`): the unit steps down as the value grows so that about two
/// significant figures remain, e.g. `90s`, `5m30s`, `90m`, `2d3h`, `3y`.
public enum HumanDuration {
    /// The form tables use for AGE and friends (`HumanDuration` upstream).
    /// Slightly negative values (clock skew under two seconds) read `0s`;
    /// anything earlier reads `<invalid>`.
    public static func string(_ seconds: TimeInterval) -> String {
        let nanos = nanoseconds(seconds)
        let secs = nanos / 1_000_000_000
        if secs < -1 { return "<invalid>" }
        if secs < 0 { return "0s" }
        if secs < 60 * 2 { return "\(secs)s" }
        let minutes = nanos / 60_000_000_000
        if minutes < 10 {
            let s = secs % 60
            return s == 0 ? "\(minutes)m" : "\(minutes)m\(s)s"
        }
        if minutes < 60 * 3 { return "\(minutes)m" }
        let hours = nanos / 3_600_000_000_000
        if hours < 8 {
            let m = minutes % 60
            return m == 0 ? "\(hours)h" : "\(hours)h\(m)m"
        }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 {
            let h = hours % 24
            return h == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(h)h"
        }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 {
            let days = (hours / 24) % 365
            return days == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(days)d"
        }
        return "\(hours / 24 / 365)y"
    }

    /// The single-unit form (`ShortHumanDuration` upstream): `59s`, `5m`,
    /// `7h`, `12d`, `3y`.
    public static func short(_ seconds: TimeInterval) -> String {
        let nanos = nanoseconds(seconds)
        let secs = nanos / 1_000_000_000
        if secs < -1 { return "<invalid>" }
        if secs < 0 { return "0s" }
        if secs < 60 { return "\(secs)s" }
        let minutes = nanos / 60_000_000_000
        if minutes < 60 { return "\(minutes)m" }
        let hours = nanos / 3_600_000_000_000
        if hours < 24 { return "\(hours)h" }
        if hours < 24 * 365 { return "\(hours / 24)d" }
        return "\(hours / 24 / 365)y"
    }

    /// Whole nanoseconds, as Go's `time.Duration` holds them; integer
    /// division below then truncates toward zero exactly as Go does.
    private static func nanoseconds(_ seconds: TimeInterval) -> Int64 {
        guard seconds.isFinite else { return seconds > 0 ? .max : .min }
        let scaled = (seconds * 1e9).rounded()
        if scaled >= 9.2e18 { return .max }
        if scaled <= -9.2e18 { return .min }
        return Int64(scaled)
    }
}
