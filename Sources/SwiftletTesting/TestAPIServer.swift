import AsyncHTTPClient
import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import ServiceLifecycle
import SwiftletAPI
import SwiftletAPIServer
import SwiftletClient
import SwiftletStorage
import Synchronization

/// A real API server in this process, on a free port, over TLS, with an
/// admin HTTP client: what integration tests drive instead of a fake.
public final class TestAPIServer: Sendable {
    public let port: Int
    public let storage: any StorageBackend
    public let pki: ClusterPKI
    public let dataDirectory: URL
    let client: HTTPClient
    let running: Mutex<(group: ServiceGroup, runner: Task<Void, any Error>)>

    public struct Reply: Sendable {
        public var status: Int
        public var headers: HTTPHeaders
        public var body: [UInt8]
        /// The HTTP version the connection negotiated (ALPN).
        public var httpVersion: HTTPVersion

        public var json: JSONValue? { try? JSONParser.parse(body) }
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Starts a server on `storage` (in memory unless given).
    /// - Parameter options: limits and timings to use; the data directory,
    ///   address and port are the test server's own.
    public static func start(storage: (any StorageBackend)? = nil, options base: APIServerOptions? = nil) async throws
        -> TestAPIServer
    {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlet-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var options = base ?? APIServerOptions(dataDirectory: dir)
        if base == nil { options.bookmarkInterval = .seconds(1) }
        options.dataDirectory = dir
        options.bindAddress = "127.0.0.1"
        options.port = 0
        let storage = storage ?? MemoryStorage()
        let pki = try ClusterPKI.loadOrCreate(
            directory: options.pkiDirectory, hostNames: ["localhost"], ipAddresses: ["127.0.0.1"])
        let api = APIService(
            storage: storage, options: options, nodeClientCertificate: try nodeClient(pki),
            serviceAccountKeyPEM: pki.serviceAccountKeyPEM)
        try await api.bootstrap()
        let (port, group, runner) = try await serve(api: api, pki: pki)
        return TestAPIServer(
            port: port, storage: storage, pki: pki, dataDirectory: dir, client: try makeClient(pki: pki, user: nil),
            group: group, runner: runner)
    }

    /// The certificate the server shows node agents, as `swiftlet server` issues it.
    static func nodeClient(_ pki: ClusterPKI) throws -> NodeClientCertificate {
        let issued = try pki.issueClientCertificate(user: NodeClientCertificate.user, groups: [])
        return NodeClientCertificate(certificatePEM: issued.certificatePEM, keyPEM: issued.keyPEM)
    }

    /// Runs an API server for `api`; returns once it listens.
    static func serve(api: APIService, pki: ClusterPKI) async throws -> (Int, ServiceGroup, Task<Void, any Error>) {
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "test-apiserver")
        logger.logLevel = .warning
        let server = APIServer(api: api, pki: pki, logger: logger) { port in portSink.yield(port) }
        let group = ServiceGroup(configuration: .init(services: [.init(service: server)], logger: logger))
        let runner = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        return (port, group, runner)
    }

    /// Stops the HTTP server and starts a new one on the same port and the
    /// same storage: what clients see when an API server restarts.
    public func restart() async throws {
        let (group, runner) = running.withLock { ($0.group, $0.runner) }
        await group.triggerGracefulShutdown()
        _ = try? await runner.value
        var options = APIServerOptions(dataDirectory: dataDirectory, bindAddress: "127.0.0.1", port: port)
        options.bookmarkInterval = .seconds(1)
        let api = APIService(storage: storage, options: options, nodeClientCertificate: try Self.nodeClient(pki))
        let (_, newGroup, newRunner) = try await Self.serve(api: api, pki: pki)
        running.withLock { $0 = (newGroup, newRunner) }
    }

    init(
        port: Int, storage: any StorageBackend, pki: ClusterPKI, dataDirectory: URL, client: HTTPClient,
        group: ServiceGroup, runner: Task<Void, any Error>
    ) {
        self.port = port
        self.storage = storage
        self.pki = pki
        self.dataDirectory = dataDirectory
        self.client = client
        self.running = Mutex((group, runner))
    }

    /// An HTTP client trusting the cluster CA; with a client certificate
    /// for `user` (admin when nil), or none when `anonymous`.
    static func makeClient(
        pki: ClusterPKI, user: (name: String, groups: [String])?, anonymous: Bool = false, http1Only: Bool = false
    ) throws -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(pki.caCertificatePEM.utf8)))
        if !anonymous {
            let (certPEM, keyPEM) =
                try user.map { try pki.issueClientCertificate(user: $0.name, groups: $0.groups) }
                ?? (pki.adminCertificatePEM, pki.adminKeyPEM)
            tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(certPEM.utf8)).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem))
        }
        var config = HTTPClient.Configuration(tlsConfiguration: tls)
        if http1Only { config.httpVersion = .http1Only }
        config.timeout = .init(connect: .seconds(5), read: .seconds(30))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }

    public var baseURL: String { "https://127.0.0.1:\(port)" }

    /// Sends one request as the admin (or another client) and reads the whole reply.
    public func request(
        _ method: String, _ path: String, body: JSONValue? = nil, rawBody: [UInt8]? = nil,
        contentType: String = "application/json", headers: [(String, String)] = [], using other: HTTPClient? = nil
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = HTTPMethod(rawValue: method)
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        if let bytes = rawBody ?? body?.serialized() {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: bytes))
        }
        let response = try await (other ?? client).execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 * 1024 * 1024)
        return Reply(
            status: Int(response.status.code), headers: response.headers, body: Array(bytes.readableBytesView),
            httpVersion: response.version)
    }

    /// Opens a watch and returns its events as they arrive (one JSON object each).
    public func watch(_ path: String) async throws -> AsyncThrowingStream<JSONValue, any Error> {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .GET
        let response = try await client.execute(request, timeout: .seconds(60))
        return AsyncThrowingStream { continuation in
            let reader = Task {
                var pending: [UInt8] = []
                do {
                    for try await chunk in response.body {
                        pending.append(contentsOf: chunk.readableBytesView)
                        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                            let line = Array(pending[..<newline])
                            pending.removeSubrange(...newline)
                            if !line.isEmpty { continuation.yield(try JSONParser.parse(line)) }
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in reader.cancel() }
        }
    }

    /// A client presenting a certificate for another identity, or none.
    public func client(user: String, groups: [String]) throws -> HTTPClient {
        try Self.makeClient(pki: pki, user: (user, groups))
    }

    /// An admin client that speaks HTTP/1.1 only.
    public func http1Client() throws -> HTTPClient {
        try Self.makeClient(pki: pki, user: nil, http1Only: true)
    }

    public func anonymousClient() throws -> HTTPClient {
        try Self.makeClient(pki: pki, user: nil, anonymous: true)
    }

    /// A Swiftlet client with the admin's credentials.
    public func kubernetesClient(qps: Double = 200, burst: Int = 400) throws -> KubernetesClient {
        var config = ClientConfig(server: URL(string: baseURL)!)
        config.caPEM = Array(pki.caCertificatePEM.utf8)
        config.clientCertificatePEM = Array(pki.adminCertificatePEM.utf8)
        config.clientKeyPEM = Array(pki.adminKeyPEM.utf8)
        config.qps = qps
        config.burst = burst
        return try KubernetesClient(config: config)
    }

    deinit {
        client.shutdown { _ in }
    }

    public func stop() async {
        let (group, runner) = running.withLock { ($0.group, $0.runner) }
        await group.triggerGracefulShutdown()
        _ = try? await runner.value
        try? await client.shutdown()
        await storage.close()
        try? FileManager.default.removeItem(at: dataDirectory)
    }
}
