import Foundation
import Testing

@testable import SwiftletNode

@Suite struct ContainerLogTests {
    /// A log file as containerd writes it: a partial write, then lines.
    static let file = """
        2026-12-04T10:00:00.100000000Z stdout P hello \

        2026-12-04T10:00:00.200000000Z stdout F world
        2026-12-04T10:00:01.000000000Z stderr F oops
        2026-12-04T10:00:02.000000000Z stdout F third
        2026-12-04T10:00:03.000000000Z stdout F fourth

        """

    func read(_ options: ContainerLogOptions) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString).log")
        try Data(Self.file.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try ContainerLog.read(file: url, options: options).output
    }

    @Test func partialWritesJoinIntoOneLine() throws {
        #expect(try read(ContainerLogOptions()) == "hello world\noops\nthird\nfourth\n")
    }

    @Test func timestampsTailAndLimit() throws {
        var options = ContainerLogOptions()
        options.tailLines = 2
        options.timestamps = true
        #expect(
            try read(options) == "2026-12-04T10:00:02.000000000Z third\n2026-12-04T10:00:03.000000000Z fourth\n")
        options = ContainerLogOptions()
        options.limitBytes = 8
        #expect(try read(options) == "hello wo")
    }

    @Test func sinceDropsOlderLines() throws {
        var options = ContainerLogOptions()
        options.since = ContainerLog.parseTime("2026-12-04T10:00:01.500Z")
        #expect(try read(options) == "third\nfourth\n")
    }

    @Test func queryParametersAsKubectlSendsThem() throws {
        let options = try ContainerLogOptions(query: ["follow": "true", "tailLines": "10", "timestamps": "true"])
        #expect(options.follow && options.timestamps && options.tailLines == 10)
        #expect(throws: ContainerLog.BadOption.self) { try ContainerLogOptions(query: ["tailLines": "-1"]) }
        #expect(throws: ContainerLog.BadOption.self) { try ContainerLogOptions(query: ["limitBytes": "0"]) }
        #expect(throws: ContainerLog.BadOption.self) { try ContainerLogOptions(query: ["sinceTime": "yesterday"]) }
    }

    @Test func rfc3339WithNanosecondsAndOffsets() throws {
        let utc = try #require(ContainerLog.parseTime("2026-12-04T10:00:00.5Z"))
        #expect(utc.timeIntervalSince1970 == 1_796_378_400.5)
        let offset = try #require(ContainerLog.parseTime("2026-12-04T12:00:00+02:00"))
        #expect(offset.timeIntervalSince1970 == 1_796_378_400)
        #expect(ContainerLog.parseTime("2026-12-04 10:00:00") == nil)
    }
}
