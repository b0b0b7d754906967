import Testing

@testable import SwiftletAPI

@Suite struct SelectorFormattingTests {
    @Test func quotesLikeGo() {
        #expect(GoFormat.quote("plain") == "\"plain\"")
        #expect(GoFormat.quote("a\"b\\c") == #""a\"b\\c""#)
        #expect(GoFormat.quote("tab\there\n") == #""tab\there\n""#)
        #expect(GoFormat.quote("\u{01}\u{7F}") == #""\x01\x7f""#)
        #expect(GoFormat.quote("ünï €") == "\"ünï €\"")
        #expect(GoFormat.quote("a\u{00A0}b\u{200B}") == #""a\u00a0b\u200b""#)
        #expect(GoFormat.quote("\u{E0001}") == #""\U000e0001""#)
    }

    @Test func stringSlicesLikeGo() {
        #expect(GoFormat.stringSlice([]) == "[]string(nil)")
        #expect(GoFormat.stringSlice(["a", "b\"c"]) == #"[]string{"a", "b\"c"}"#)
    }

    @Test func byteOrder() {
        #expect(byteOrderLess("B", "a"))
        #expect(byteOrderLess("a", "a/b"))
        #expect(!byteOrderLess("b", "a"))
        #expect(["z", "a.b", "a-b", "A"].sorted(by: byteOrderLess) == ["A", "a-b", "a.b", "z"])
    }
}
