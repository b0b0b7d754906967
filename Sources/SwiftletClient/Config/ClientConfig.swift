import Foundation

/// Everything a client needs to reach and authenticate to one API server:
/// the analogue of client-go's `rest.Config`. Build one from a kubeconfig
/// (``load(kubeconfigPaths:context:environment:)``), from a pod's service
/// account (``inCluster(environment:fileRoot:)``), or let
/// ``automatic(kubeconfigPath:context:environment:inClusterRoot:)`` choose.
public struct ClientConfig: Sendable, Equatable {
    /// Scheme, host, port and optional path prefix of the API server.
    public var server: URL
    /// PEM certificates to trust for the server; `nil` means the system roots.
    public var caPEM: [UInt8]?
    public var clientCertificatePEM: [UInt8]?
    public var clientKeyPEM: [UInt8]?
    /// The token as read at load time.
    public var bearerToken: String?
    /// When set, the client re-reads the token from this file periodically
    /// (projected service-account tokens rotate).
    public var bearerTokenFile: String?
    /// Basic authentication, when the kubeconfig user has `username`/`password`.
    public var username: String?
    public var password: String?
    public var insecureSkipTLSVerify: Bool
    /// SNI and verification name when it differs from the server's host.
    public var tlsServerName: String?
    public var proxyURL: URL?
    /// The context's namespace, else "default".
    public var namespace: String
    /// Client-side rate limit: sustained requests per second and burst.
    public var qps: Double
    public var burst: Int
    public var userAgent: String
    /// Per-request timeout; `nil` means none.
    public var timeout: Duration?

    public init(
        server: URL, caPEM: [UInt8]? = nil, clientCertificatePEM: [UInt8]? = nil, clientKeyPEM: [UInt8]? = nil,
        bearerToken: String? = nil, bearerTokenFile: String? = nil, username: String? = nil, password: String? = nil,
        insecureSkipTLSVerify: Bool = false, tlsServerName: String? = nil, proxyURL: URL? = nil,
        namespace: String = "default", qps: Double = 5, burst: Int = 10,
        userAgent: String = ClientConfig.defaultUserAgent, timeout: Duration? = nil
    ) {
        self.server = server
        self.caPEM = caPEM
        self.clientCertificatePEM = clientCertificatePEM
        self.clientKeyPEM = clientKeyPEM
        self.bearerToken = bearerToken
        self.bearerTokenFile = bearerTokenFile
        self.username = username
        self.password = password
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.tlsServerName = tlsServerName
        self.proxyURL = proxyURL
        self.namespace = namespace
        self.qps = qps
        self.burst = burst
        self.userAgent = userAgent
        self.timeout = timeout
    }

    /// `<program>/<version> (<os>/<arch>) swiftlet`, shaped like client-go's
    /// default, so the server names this client's field manager `<program>`
    /// (the user agent up to its first `/`).
    public static var defaultUserAgent: String {
        #if os(Linux)
            let os = "linux"
        #elseif os(macOS)
            let os = "darwin"
        #else
            let os = "unknown"
        #endif
        #if arch(x86_64)
            let arch = "amd64"
        #elseif arch(arm64)
            let arch = "arm64"
        #else
            let arch = "unknown"
        #endif
        let program = ProcessInfo.processInfo.processName
        return "\(program.isEmpty ? "swiftlet" : program)/v0.1.0 (\(os)/\(arch)) swiftlet"
    }
}
