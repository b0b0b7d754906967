import Hummingbird
import HummingbirdCore
import HummingbirdHTTP2
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOSSL
import NIOTLS

/// One TLS connection, its protocol chosen by ALPN: HTTP/2 for ordinary
/// requests, or HTTP/1.1, where a request may also upgrade to a WebSocket.
/// Streams such as `pods/exec` need the latter: clients open WebSockets
/// over HTTP/1.1 only, while everything else prefers HTTP/2.
public struct SecureHTTPServerChannel: ServerChildChannel {
    /// The answer to a WebSocket upgrade request: its handler, or no upgrade
    /// (the request then reaches the ordinary responder, which explains why).
    public typealias ShouldUpgrade =
        @Sendable (HTTPRequest, any Channel, Logger) async throws -> ShouldUpgradeResult<
            WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>
        >

    enum Negotiated: Sendable {
        case http1(HTTP1WebSocketUpgradeChannel.Value)
        case http2(HTTP2Channel.Value)
    }

    public struct Value: ServerChildChannelValue {
        let negotiated: EventLoopFuture<Negotiated>
        public let channel: any Channel
    }

    let sslContext: NIOSSLContext
    let http1: HTTP1WebSocketUpgradeChannel
    let http2: HTTP2Channel
    /// How long a client may take to finish the TLS handshake and the
    /// protocol choice; a connection that has not by then is closed, so a
    /// silent or trickling client cannot hold it (the HTTP layers' idle
    /// timeouts only start once a protocol is chosen).
    let handshakeTimeout: TimeAmount

    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
            let http1 = self.http1
            let http2 = self.http2
            let alpn = NIOTypedApplicationProtocolNegotiationHandler<Negotiated> { result in
                switch result {
                case .negotiated("h2"):
                    return http2.setup(channel: channel, logger: logger).map { .http2($0) }
                case .negotiated("http/1.1"), .fallback:
                    return http1.setup(channel: channel, logger: logger).map { .http1($0) }
                case .negotiated:
                    return channel.close().flatMap {
                        channel.eventLoop.makeFailedFuture(ChannelError.operationUnsupported)
                    }
                }
            }
            try channel.pipeline.syncOperations.addHandler(alpn)
            let deadline = channel.eventLoop.scheduleTask(in: handshakeTimeout) { channel.close(promise: nil) }
            alpn.protocolNegotiationResult.whenComplete { _ in deadline.cancel() }
            return channel.eventLoop.makeSucceededFuture(
                Value(negotiated: alpn.protocolNegotiationResult, channel: channel))
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
    }

    public func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.negotiated.get() {
            case .http1(let connection): await http1.handle(value: connection, logger: logger)
            case .http2(let connection): await http2.handle(value: connection, logger: logger)
            }
        } catch {
            logger.debug("connection ended before its protocol was chosen: \(error)")
        }
    }
}

extension HTTPServerBuilder {
    /// TLS with HTTP/2 and HTTP/1.1 (ALPN) and WebSocket upgrades on HTTP/1.1.
    public static func secureWithWebSockets(
        tlsConfiguration: TLSConfiguration,
        http1: HTTP1Channel.Configuration = .init(),
        http2: HTTP2ChannelConfiguration = .init(),
        maxFrameSize: Int = 1 << 20,
        handshakeTimeout: Duration = .seconds(32),
        shouldUpgrade:
            @escaping @Sendable (HTTPRequest, any Channel, Logger) async throws -> ShouldUpgradeResult<
                WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>
            >
    ) throws -> HTTPServerBuilder {
        var tls = tlsConfiguration
        tls.applicationProtocols = ["h2", "http/1.1"]
        let context = try NIOSSLContext(configuration: tls)
        return .init { responder in
            SecureHTTPServerChannel(
                sslContext: context,
                http1: HTTP1WebSocketUpgradeChannel(
                    responder: responder,
                    configuration: .init(http1: http1, ws: .init(maxFrameSize: maxFrameSize)),
                    shouldUpgrade: shouldUpgrade),
                http2: HTTP2Channel(responder: responder, configuration: http2),
                handshakeTimeout: .nanoseconds(
                    handshakeTimeout.components.seconds * 1_000_000_000 + handshakeTimeout.components.attoseconds
                        / 1_000_000_000))
        }
    }
}
