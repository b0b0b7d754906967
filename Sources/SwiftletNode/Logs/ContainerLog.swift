import Foundation
import SwiftletAPI

/// A container's log as the CRI runtime writes it (one line per write:
/// `TIME STREAM TAG CONTENT`, TAG `F` for a full line and `P` for part of a
/// longer one), read back the way `kubectl logs` asks: since a time, the last
/// N lines, with or without timestamps, up to a byte limit.
public struct ContainerLogOptions: Sendable, Equatable {
    public var timestamps = false
    public var tailLines: Int? = nil
    public var since: Date? = nil
    public var limitBytes: Int? = nil
    public var follow = false
    public var previous = false

    public init() {}

    /// Reads kubectl's query parameters (PodLogOptions); nil and a message
    /// for values upstream refuses.
    public init(query: [String: String]) throws(ContainerLog.BadOption) {
        func flag(_ name: String) -> Bool { query[name] == "true" || query[name] == "1" }
        timestamps = flag("timestamps")
        follow = flag("follow")
        previous = flag("previous")
        if let raw = query["tailLines"], !raw.isEmpty {
            guard let n = Int(raw), n >= 0 else { throw .init(message: "tailLines: must be a non-negative integer") }
            tailLines = n
        }
        if let raw = query["limitBytes"], !raw.isEmpty {
            guard let n = Int(raw), n > 0 else { throw .init(message: "limitBytes: must be greater than 0") }
            limitBytes = n
        }
        if let raw = query["sinceSeconds"], !raw.isEmpty {
            guard let n = Int(raw), n > 0 else { throw .init(message: "sinceSeconds: must be greater than 0") }
            since = Date().addingTimeInterval(-Double(n))
        } else if let raw = query["sinceTime"], !raw.isEmpty {
            guard let date = ContainerLog.parseTime(raw) else {
                throw .init(message: "sinceTime: \"\(raw)\" is not an RFC 3339 time")
            }
            since = date
        }
    }
}

public enum ContainerLog {
    public struct BadOption: Error, Sendable {
        public let message: String
    }

    /// One record of the file: when, and the bytes written (a part of a
    /// line when `partial`).
    struct Record {
        var time: String
        var date: Date?
        var content: Substring
        var partial: Bool
    }

    static func parse(line: Substring) -> Record? {
        let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return nil }
        let content = parts.count == 4 ? parts[3] : ""
        return Record(time: String(parts[0]), date: parseTime(parts[0]), content: content, partial: parts[2] == "P")
    }

    /// Renders complete lines of `text` (the log file from an offset) as the
    /// client asked; returns the output and how many bytes of `text` were
    /// consumed (a trailing line without its newline waits for more).
    static func render(_ text: Substring, options: ContainerLogOptions, pending: inout String) -> (
        lines: [String], consumed: Int
    ) {
        var lines: [String] = []
        var consumed = 0
        var rest = text[...]
        while let newline = rest.firstIndex(of: "\n") {
            let line = rest[..<newline]
            consumed += line.utf8.count + 1
            rest = rest[rest.index(after: newline)...]
            guard let record = parse(line: line) else { continue }
            if let since = options.since, let date = record.date, date < since { continue }
            if record.partial {
                pending += record.content
                continue
            }
            let full = pending + record.content
            pending = ""
            lines.append(options.timestamps ? "\(record.time) \(full)\n" : "\(full)\n")
        }
        return (lines, consumed)
    }

    /// The whole output of a finished read: since, tail, limit applied.
    public static func read(file: URL, options: ContainerLogOptions) throws -> (output: String, offset: Int) {
        let data = try Data(contentsOf: file)
        let text = String(decoding: data, as: UTF8.self)
        var pending = ""
        var (lines, consumed) = render(text[...], options: options, pending: &pending)
        if let tail = options.tailLines, lines.count > tail { lines = Array(lines.suffix(tail)) }
        var output = lines.joined()
        if let limit = options.limitBytes, output.utf8.count > limit {
            output = String(decoding: output.utf8.prefix(limit), as: UTF8.self)
        }
        return (output, consumed)
    }

    /// RFC 3339 with up to nanoseconds, `Z` or a numeric offset.
    static func parseTime<S: StringProtocol>(_ text: S) -> Date? { Timestamp.date(String(text)) }
}
