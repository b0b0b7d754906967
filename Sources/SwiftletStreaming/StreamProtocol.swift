import Foundation
import NIOCore

/// The `channel.k8s.io` WebSocket subprotocols that `pods/exec` and
/// `pods/attach` speak. Every binary message starts with its channel's
/// number: 0 stdin, 1 stdout, 2 stderr, 3 the error channel (a `Status` when
/// the process ends), 4 terminal resizes. v5 adds 255, on which a client
/// says it closed one of its channels (stdin, in practice).
public enum StreamProtocol: String, CaseIterable, Sendable {
    case v5 = "v5.channel.k8s.io"
    case v4 = "v4.channel.k8s.io"

    public static let errorChannel: UInt8 = 3
    public static let closeChannel: UInt8 = 255

    /// The first protocol the client offers that this server speaks, from
    /// the values of its `Sec-WebSocket-Protocol` headers.
    public static func negotiate(_ offered: [String]) -> StreamProtocol? {
        offered.lazy.flatMap { $0.split(separator: ",") }
            .compactMap { StreamProtocol(rawValue: String($0.filter { $0 != " " && $0 != "\t" })) }
            .first
    }

    /// A `Status` of failure on the error channel, as the runtime's streaming
    /// server sends when the process cannot run.
    public static func failure(_ message: String) -> ByteBuffer {
        struct Status: Encodable {
            var metadata: [String: String] = [:]
            var status = "Failure"
            var message: String
            var reason = "InternalError"
            var code = 500
        }
        var buffer = ByteBuffer()
        buffer.writeInteger(errorChannel)
        buffer.writeBytes((try? JSONEncoder().encode(Status(message: message))) ?? Data())
        return buffer
    }
}
