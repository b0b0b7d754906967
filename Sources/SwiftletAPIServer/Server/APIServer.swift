import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdHTTP2
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle
import SwiftletStorage
import SwiftletStreaming

/// The HTTPS API server as a long-lived service: TLS with HTTP/2 and
/// HTTP/1.1 (ALPN), client certificates checked against the cluster CA.
public struct APIServer: Service {
    public let api: APIService
    let pki: ClusterPKI
    let logger: Logger
    let onReady: @Sendable (Int) async -> Void

    /// - Parameter onReady: called with the bound port once the server listens.
    public init(
        api: APIService, pki: ClusterPKI, logger: Logger, onReady: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.api = api
        self.pki = pki
        self.logger = logger
        self.onReady = onReady
    }

    func tlsConfiguration() throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMBytes(Array(pki.servingCertificatePEM.utf8))
        let key = try NIOSSLPrivateKey(bytes: Array(pki.servingKeyPEM.utf8), format: .pem)
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(pki.caCertificatePEM.utf8)))
        // Verify a certificate when one is presented; requests without one
        // reach the server and get a 401 Status (bearer tokens come later).
        tls.certificateVerification = .optionalVerification
        tls.minimumTLSVersion = .tlsv12
        return tls
    }

    public func run() async throws {
        let options = api.options
        // The framework's own start-up line would repeat ours; keep its warnings.
        var quietLogger = logger
        quietLogger.logLevel = .warning
        let http1 = HTTP1Channel.Configuration(idleTimeout: .seconds(Int64(options.idleTimeout.components.seconds)))
        let app = Application(
            responder: APIResponder(api: api),
            server: try .secureWithWebSockets(
                tlsConfiguration: try tlsConfiguration(), http1: http1,
                http2: .init(idleTimeout: options.idleTimeout, streamConfiguration: http1),
                handshakeTimeout: options.handshakeTimeout
            ) { [api] head, channel, logger in
                try await PodStreamUpgrade(api: api).shouldUpgrade(head, channel: channel, logger: logger)
            },
            configuration: .init(
                address: .hostname(options.bindAddress, port: options.port), serverName: nil, reuseAddress: true),
            onServerRunning: { channel in
                await onReady(channel.localAddress?.port ?? options.port)
            },
            logger: quietLogger
        )
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { [api] in await api.customResourceDefinitions.run(api) }
                // The server ending (or failing) ends the CRD watch too.
                defer { group.cancelAll() }
                try await app.run()
            }
        } onGracefulShutdown: {
            api.shutdown.trigger()
        }
    }
}
