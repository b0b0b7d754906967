import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import SwiftletAPI

/// The client every Swiftlet component (and any user program) talks to the
/// API server with. One instance holds one connection pool (HTTP/2 over TLS
/// multiplexes every request, watches included), the client-side rate limit
/// and the credentials; share it across a process.
public final class KubernetesClient: Sendable {
    public let config: ClientConfig
    let http: HTTPClient
    let limiter: TokenBucket<ContinuousClock>
    let base: String
    let logger: Logger
    /// Attempts for a request that fails in a retryable way.
    let maxAttempts = 5

    public init(config: ClientConfig, logger: Logger = Logger(label: "swiftlet.client")) throws {
        self.config = config
        self.logger = logger
        var tls = TLSConfiguration.makeClientConfiguration()
        if let ca = config.caPEM {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(ca))
        }
        if config.insecureSkipTLSVerify { tls.certificateVerification = .none }
        if let cert = config.clientCertificatePEM, let key = config.clientKeyPEM {
            tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(cert).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: key, format: .pem))
        }
        var httpConfig = HTTPClient.Configuration(tlsConfiguration: tls)
        httpConfig.timeout = .init(connect: .seconds(10))
        httpConfig.connectionPool = .init(idleTimeout: .seconds(90), concurrentHTTP1ConnectionsPerHostSoftLimit: 16)
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfig)
        self.limiter = TokenBucket(qps: config.qps, burst: config.burst)
        var base = config.server.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        self.base = base
    }

    /// Closes the connection pool. Call once the process is done with the client.
    public func shutdown() async throws {
        try await http.shutdown()
    }

    deinit {
        // A client dropped without shutdown (an error path, say) still
        // releases its connections instead of tripping the pool's leak check.
        http.shutdown { _ in }
    }

    public struct Response: Sendable {
        public var status: Int
        public var headers: HTTPHeaders
        public var body: [UInt8]
    }

    /// The bearer token, re-read from its file on each use so rotated
    /// service account tokens are picked up.
    private func bearerToken() -> String? {
        if let file = config.bearerTokenFile, let data = FileManager.default.contents(atPath: file) {
            let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !token.isEmpty { return token }
        }
        return config.bearerToken
    }

    func makeRequest(
        _ method: HTTPMethod, _ path: String, query: [(String, String)], body: [UInt8]?, contentType: String?
    )
        -> HTTPClientRequest
    {
        let q = query.isEmpty ? "" : "?" + ResourcePath.query(query)
        var request = HTTPClientRequest(url: base + path + q)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: config.userAgent)
        if let token = bearerToken() {
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
        } else if let user = config.username, let password = config.password {
            let basic = Data("\(user):\(password)".utf8).base64EncodedString()
            request.headers.add(name: "Authorization", value: "Basic \(basic)")
        }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType ?? "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        return request
    }

    /// Sends a request (after the client-side rate limit) and returns the
    /// whole response; non-2xx answers become `KubernetesError`. Retryable
    /// failures are retried with exponential backoff, honouring Retry-After.
    public func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: [UInt8]? = nil,
        contentType: String? = nil, timeout: Duration = .seconds(60), retry: Bool = true
    ) async throws -> Response {
        var delay: Duration = .milliseconds(100)
        var attempt = 1
        while true {
            try await limiter.wait()
            let result: Result<Response, KubernetesError>
            do {
                let response = try await http.execute(
                    makeRequest(method, path, query: query, body: body, contentType: contentType),
                    timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000))
                let bytes = try await response.body.collect(upTo: 256 * 1024 * 1024)
                let reply = Response(
                    status: Int(response.status.code), headers: response.headers, body: Array(bytes.readableBytesView))
                if (200..<300).contains(reply.status) {
                    result = .success(reply)
                } else {
                    result = .failure(
                        KubernetesError(
                            code: reply.status, body: reply.body, retryAfter: reply.headers.first(name: "Retry-After")))
                }
            } catch let error as HTTPClientError {
                result = .failure(.transport("\(error)"))
            } catch let error as NIOSSLError {
                result = .failure(.transport("TLS: \(error)"))
            } catch {
                if Task.isCancelled { throw CancellationError() }
                result = .failure(.transport("\(error)"))
            }
            switch result {
            case .success(let reply):
                return reply
            case .failure(let error):
                // Writes that may have happened are not repeated blindly; only
                // errors that prove the server did nothing are retried for them.
                let safe = method == .GET || error.isThrottle || !error.mayHaveApplied
                guard retry, error.isRetryable, safe, attempt < maxAttempts else { throw error }
                var wait = delay
                if case .tooManyRequests(_, let seconds?) = error { wait = .seconds(seconds) }
                logger.debug("retrying \(method) \(path) after \(error)")
                try await Task.sleep(for: wait)
                delay *= 2
                attempt += 1
            }
        }
    }
}

extension KubernetesError {
    var isThrottle: Bool { if case .tooManyRequests = self { return true } else { return false } }
    /// Whether the server might have carried out a write despite the error.
    var mayHaveApplied: Bool {
        switch self {
        case .tooManyRequests: return false
        case .serverError(let code, _): return code != 503
        default: return true
        }
    }
}
