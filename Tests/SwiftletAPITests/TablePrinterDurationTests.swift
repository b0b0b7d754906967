import Foundation
import SwiftletAPI
import Testing

@Suite struct TablePrinterDurationTests {
    @Test(
        arguments: [
            (0.0, "0s"), (59, "59s"), (119.9, "119s"), (120, "2m"), (150, "2m30s"), (599, "9m59s"), (600, "10m"),
            (5_400, "90m"), (10_799, "179m"), (10_800, "3h"), (11_100, "3h5m"), (28_800, "8h"), (47 * 3600, "47h"),
            (48 * 3600, "2d"), (51 * 3600, "2d3h"), (8 * 86_400, "8d"), (729 * 86_400, "729d"),
            (3 * 365 * 86_400, "3y"), (2 * 365 * 86_400 + 100 * 86_400, "2y100d"), (10 * 365 * 86_400 + 86_400, "10y"),
        ] as [(Double, String)])
    func humanDuration(seconds: Double, expected: String) {
        #expect(HumanDuration.string(seconds) == expected)
    }

    @Test func clockSkewReadsAsNowAndEarlierIsInvalid() {
        #expect(HumanDuration.string(-1) == "0s")
        #expect(HumanDuration.string(-1.9) == "0s")
        #expect(HumanDuration.string(-2) == "<invalid>")
    }

    @Test(
        arguments: [
            (59.0, "59s"), (60, "1m"), (3_599, "59m"), (3_600, "1h"), (86_399, "23h"), (86_400, "1d"),
            (400 * 86_400, "1y"), (-3, "<invalid>"),
        ] as [(Double, String)])
    func shortHumanDuration(seconds: Double, expected: String) {
        #expect(HumanDuration.short(seconds) == expected)
    }

    @Test func ageCellsUseHumanDurations() {
        for (seconds, expected) in [
            (59, "59s"), (120, "2m"), (5_400, "90m"), (51 * 3600, "2d3h"), (3 * 365 * 86_400, "3y"),
        ] {
            let row = tableRow(
                "", "ConfigMap", #"{"metadata":{"name":"c","creationTimestamp":"\#(tableAgo(seconds))"}}"#)
            #expect(row.last == .string(expected))
        }
    }

    @Test func timestampsWithFractionsAndOffsetsParse() {
        // 03:04:05Z is 05:04:05+02:00; the fraction is truncated away.
        let row = tableRow(
            "", "ConfigMap", #"{"metadata":{"name":"c","creationTimestamp":"2024-01-02T05:03:04.500+02:00"}}"#)
        #expect(row.last == .string("60s"))
    }

    @Test func missingOrBadTimestampsAreUnknown() {
        #expect(tableRow("", "ConfigMap", #"{"metadata":{"name":"c"}}"#).last == .string("<unknown>"))
        #expect(
            tableRow("", "ConfigMap", #"{"metadata":{"name":"c","creationTimestamp":"yesterday"}}"#).last
                == .string("<unknown>"))
        #expect(
            tableRow("", "ConfigMap", #"{"metadata":{"name":"c","creationTimestamp":"0001-01-01T00:00:00Z"}}"#).last
                == .string("<unknown>"))
    }
}
