import SwiftletAPI
import Testing

/// Numbers are written as Go's encoder writes float64: whole numbers below
/// 1e21 in plain digits, the rest in the shortest form. Whole numbers past
/// Int64 once crashed the serializer.
@Suite("JSON numbers")
struct JSONNumberTests {
    @Test func wholeNumbersPastInt64AreWrittenInPlainDigits() throws {
        for (input, written) in [
            ("99999999999999999999", "100000000000000000000"), ("9300000000000000000", "9300000000000000000"),
            ("-1.5e20", "-150000000000000000000"), ("9223372036854775807", "9223372036854775807"),
            ("1e21", "1e+21"), ("0.5", "0.5"), ("12", "12"),
        ] {
            let value = try JSONParser.parse(Array("[\(input)]".utf8))
            #expect(value.serializedString() == "[\(written)]", "\(input)")
            // What is written reads back as the same number.
            #expect(try JSONParser.parse(Array(value.serialized())) == value, "\(input)")
        }
    }
}
