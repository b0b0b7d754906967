import Foundation

/// A standard five-field cron schedule (`minute hour day-of-month month
/// day-of-week`) or a descriptor (`@hourly`, `@daily`, ...), read as the
/// CronJob controller reads `spec.schedule`: ranges, steps, lists, month and
/// weekday names, `?` as `*`, 7 as Sunday. When both day fields are
/// restricted a day matches either; when one is `*` both must match.
struct CronSchedule: Sendable, Equatable {
    var minutes: Set<Int>
    var hours: Set<Int>
    var daysOfMonth: Set<Int>
    var months: Set<Int>
    var daysOfWeek: Set<Int>
    var dayOfMonthStar: Bool
    var dayOfWeekStar: Bool

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    static let descriptors: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]
    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let expanded = Self.descriptors[trimmed.lowercased()] ?? trimmed
        let fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw ParseError(description: "expected exactly 5 fields, found \(fields.count): \(text)")
        }
        minutes = try Self.field(fields[0], 0...59, names: [])
        hours = try Self.field(fields[1], 0...23, names: [])
        daysOfMonth = try Self.field(fields[2], 1...31, names: [])
        months = try Self.field(fields[3], 1...12, names: Self.monthNames, firstNameValue: 1)
        var dow = try Self.field(fields[4], 0...7, names: Self.dayNames, firstNameValue: 0)
        if dow.remove(7) != nil { dow.insert(0) }
        daysOfWeek = dow
        dayOfMonthStar = fields[2].hasPrefix("*") || fields[2].hasPrefix("?")
        dayOfWeekStar = fields[4].hasPrefix("*") || fields[4].hasPrefix("?")
    }

    private static func field(_ text: String, _ range: ClosedRange<Int>, names: [String], firstNameValue: Int = 0)
        throws -> Set<Int>
    {
        var values = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2, !pieces[0].isEmpty else {
                throw ParseError(description: "failed to parse \(text): bad field \(part)")
            }
            var step = 1
            if pieces.count == 2 {
                guard let s = Int(pieces[1]), s > 0 else {
                    throw ParseError(description: "failed to parse \(text): bad step \(pieces[1])")
                }
                step = s
            }
            func value(_ token: Substring) throws -> Int {
                if let n = Int(token), range.contains(n) { return n }
                if let i = names.firstIndex(of: token.lowercased()) { return i + firstNameValue }
                throw ParseError(
                    description: "failed to parse \(text): \(token) is not in \(range.lowerBound)-\(range.upperBound)")
            }
            let bounds: ClosedRange<Int>
            if pieces[0] == "*" || pieces[0] == "?" {
                bounds = range
            } else if let dash = pieces[0].firstIndex(of: "-") {
                let low = try value(pieces[0][..<dash])
                let high = try value(pieces[0][pieces[0].index(after: dash)...])
                guard low <= high else { throw ParseError(description: "failed to parse \(text): \(low) > \(high)") }
                bounds = low...high
            } else {
                let single = try value(pieces[0])
                bounds = single...(pieces.count == 2 ? range.upperBound : single)
            }
            values.formUnion(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
        }
        return values
    }

    private func dayMatches(_ c: DateComponents) -> Bool {
        let dom = daysOfMonth.contains(c.day ?? 0)
        let dow = daysOfWeek.contains((c.weekday ?? 1) - 1)
        if dayOfMonthStar || dayOfWeekStar { return dom && dow }
        return dom || dow
    }

    /// The first matching minute strictly after `date`, within five years.
    func next(after date: Date, in zone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let start = calendar.dateInterval(of: .minute, for: date)?.end ?? date.addingTimeInterval(60)
        var t = start
        let limit = date.addingTimeInterval(5 * 366 * 86400)
        while t <= limit {
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: t)
            if !months.contains(c.month ?? 0) {
                guard let month = calendar.dateInterval(of: .month, for: t) else { return nil }
                t = month.end
                continue
            }
            if !dayMatches(c) {
                guard let day = calendar.dateInterval(of: .day, for: t) else { return nil }
                t = day.end
                continue
            }
            if !hours.contains(c.hour ?? 0) {
                guard let hour = calendar.dateInterval(of: .hour, for: t) else { return nil }
                t = hour.end
                continue
            }
            if !minutes.contains(c.minute ?? 0) {
                t = t.addingTimeInterval(60)
                continue
            }
            return t
        }
        return nil
    }
}
