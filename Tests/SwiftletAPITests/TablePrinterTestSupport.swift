import Foundation
import SwiftletAPI

/// The instant the printer tests measure ages from: 2024-01-02T03:04:05Z.
let tableNow = Date(timeIntervalSince1970: 1_704_164_645)

/// An RFC 3339 timestamp `seconds` before `tableNow`.
func tableAgo(_ seconds: Int) -> String {
    let f = DateFormatter()
    f.locale = Locale(identifier: "en_US_POSIX")
    f.timeZone = TimeZone(identifier: "UTC")
    f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'"
    return f.string(from: tableNow.addingTimeInterval(-Double(seconds)))
}

/// Parses a JSON test fixture.
func tableJSON(_ text: String) -> JSONValue {
    do { return try JSONParser.parse(text) } catch { fatalError("bad fixture: \(error)\n\(text)") }
}

/// The row of `object` with cells rendered for comparison.
func tableRow(_ group: String, _ kind: String, _ object: String) -> [JSONValue] {
    TablePrinters.cells(group: group, kind: kind, object: tableJSON(object), now: tableNow)
}

/// Column names and priorities, e.g. `["Name:0", "IP:1"]`.
func tableHeaders(_ group: String, _ kind: String) -> [String] {
    TablePrinters.columns(group: group, kind: kind).map { "\($0.name):\($0.priority)" }
}

/// A MicroTime (`.000000Z`) `seconds` before `tableNow`, as events carry.
func tableMicroAgo(_ seconds: Int) -> String {
    tableAgo(seconds).replacingOccurrences(of: "Z", with: ".000000Z")
}
