import Hummingbird
import HummingbirdWSClient
import HummingbirdWebSocket
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL

/// Carries a WebSocket stream one hop further: the API server to the node
/// agent, the node agent to the runtime's streaming server. Messages pass
/// unchanged both ways until either end closes, and the other end is then
/// closed too.
public struct WebSocketRelay: Sendable {
    /// The largest message passed on (kubectl writes stdin in 32 KiB pieces).
    public static let maxMessageSize = 16 << 20

    public var url: String
    public var subprotocol: StreamProtocol
    public var tlsConfiguration: TLSConfiguration?
    /// The name TLS asks the server for (SNI), which cannot be an IP address.
    public var serverName: String?
    /// Client messages not to pass on, such as v5's close signals towards a
    /// v4 server, which has no way to hear them.
    public var dropFromClient: @Sendable (ByteBuffer) -> Bool = { _ in false }
    public var logger: Logger

    public init(url: String, subprotocol: StreamProtocol, tlsConfiguration: TLSConfiguration?, logger: Logger) {
        self.url = url
        self.subprotocol = subprotocol
        self.tlsConfiguration = tlsConfiguration
        self.logger = logger
    }

    /// Relays between the client's connection (`inbound`, `outbound`) and
    /// `url`, until either end closes or `stop` returns (a server shutting
    /// down). When `url` cannot be reached, the client hears why on the
    /// error channel.
    public func run(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
        stop: (@Sendable () async -> Void)? = nil
    ) async {
        var headers = HTTPFields()
        headers[.secWebSocketProtocol] = subprotocol.rawValue
        headers[.origin] = "http://localhost"
        let configuration = WebSocketClientConfiguration(
            maxFrameSize: Self.maxMessageSize, additionalHeaders: headers, sniHostname: serverName)
        let connected = NIOLockedValueBox(false)
        let drop = dropFromClient
        do {
            try await WebSocketClient.connect(
                url: url, configuration: configuration, tlsConfiguration: tlsConfiguration, logger: logger
            ) { upstreamInbound, upstreamOutbound, _ in
                connected.withLockedValue { $0 = true }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await message in inbound.messages(maxSize: Self.maxMessageSize) {
                            if case .binary(let data) = message, drop(data) { continue }
                            try await upstreamOutbound.write(message.frame)
                        }
                    }
                    group.addTask {
                        for try await message in upstreamInbound.messages(maxSize: Self.maxMessageSize) {
                            try await outbound.write(message.frame)
                        }
                    }
                    if let stop { group.addTask { await stop() } }
                    // Either end closing ends the relay.
                    try await group.next()
                    group.cancelAll()
                }
            }
        } catch {
            logger.debug("stream relay to \(url) ended: \(error)")
            if !connected.withLockedValue({ $0 }) {
                try? await outbound.write(.binary(StreamProtocol.failure("cannot reach the stream: \(error)")))
            }
        }
    }
}

extension WebSocketMessage {
    var frame: WebSocketOutboundWriter.OutboundFrame {
        switch self {
        case .text(let text): .text(text)
        case .binary(let data): .binary(data)
        }
    }
}
