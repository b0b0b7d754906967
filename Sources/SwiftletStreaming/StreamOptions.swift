/// What an exec or attach asks for, from the query parameters upstream's
/// PodExecOptions and PodAttachOptions define. `command` repeats, once per
/// argument.
public struct StreamOptions: Sendable, Equatable {
    public var container = ""
    public var command: [String] = []
    public var stdin = false
    public var stdout = false
    public var stderr = false
    public var tty = false

    public init() {}

    /// Parses a query string (`a=1&b=2`, `+` and `%XX` decoded as Go's
    /// clients encode them).
    public init(query: Substring) {
        for (name, value) in Self.pairs(query) {
            switch name {
            case "container": container = value
            case "command": command.append(value)
            case "stdin": stdin = Self.bool(value)
            case "stdout": stdout = Self.bool(value)
            case "stderr": stderr = Self.bool(value)
            case "tty": tty = Self.bool(value)
            default: break
            }
        }
    }

    /// From single-valued parameters (one command word at most), enough to
    /// check a request.
    public init(parameters: [String: String]) {
        container = parameters["container"] ?? ""
        command = parameters["command"].map { [$0] } ?? []
        stdin = parameters["stdin"].map(Self.bool) ?? false
        stdout = parameters["stdout"].map(Self.bool) ?? false
        stderr = parameters["stderr"].map(Self.bool) ?? false
        tty = parameters["tty"].map(Self.bool) ?? false
    }

    /// The query that carries these options on (without the container,
    /// which the node's path names).
    public var query: String {
        var items = command.map { "command=" + Self.escape($0) }
        for (name, on) in [("stdin", stdin), ("stdout", stdout), ("stderr", stderr), ("tty", tty)] where on {
            items.append("\(name)=true")
        }
        return items.joined(separator: "&")
    }

    /// Why these options cannot run, as upstream words it; nil when they can.
    public func problem(exec: Bool) -> String? {
        if exec, command.isEmpty { return "you must specify at least one command for the container" }
        if !stdin, !stdout, !stderr { return "you must specify at least 1 of stdin, stdout, stderr" }
        return nil
    }

    static func pairs(_ query: Substring) -> [(String, String)] {
        query.split(separator: "&").map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (unescape(parts[0]), parts.count > 1 ? unescape(parts[1]) : "")
        }
    }

    /// Go's strconv.ParseBool, which upstream's query decoding uses.
    static func bool(_ value: String) -> Bool {
        ["1", "t", "T", "true", "TRUE", "True"].contains(value)
    }

    static func unescape(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), utf8.count >= 2,
                let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
