import Foundation

/// How an API server is started: where it listens and keeps its state.
public struct APIServerOptions: Sendable {
    /// Holds the database, the certificates and admin.kubeconfig.
    public var dataDirectory: URL
    public var bindAddress: String
    /// 0 picks a free port (tests).
    public var port: Int
    /// Largest request body accepted (upstream: 3 MiB).
    public var maxRequestBodyBytes = 3 * 1024 * 1024
    /// How long a non-watch request may take.
    public var requestTimeout: Duration = .seconds(60)
    /// Interval between watch bookmarks for clients that ask for them.
    public var bookmarkInterval: Duration = .seconds(60)
    /// Non-watch reads served at once; more get 429 (upstream's default).
    public var maxReadOnlyInFlight = 400
    /// Writes served at once; more get 429 (upstream's default).
    public var maxMutatingInFlight = 200
    /// A client must finish its TLS handshake within this, as upstream
    /// gives a request 32 s to send its headers.
    public var handshakeTimeout: Duration = .seconds(32)
    /// Close HTTP connections idle this long.
    public var idleTimeout: Duration = .seconds(300)

    public init(dataDirectory: URL, bindAddress: String = "127.0.0.1", port: Int = 6443) {
        self.dataDirectory = dataDirectory
        self.bindAddress = bindAddress
        self.port = port
    }

    public var databasePath: String { dataDirectory.appendingPathComponent("state.db").path }
    public var pkiDirectory: URL { dataDirectory.appendingPathComponent("pki") }
    public var adminKubeconfigPath: URL { dataDirectory.appendingPathComponent("admin.kubeconfig") }

    /// Names the serving certificate must cover.
    public var certificateHostNames: [String] {
        var names = ["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc"]
        let host = ProcessInfo.processInfo.hostName
        if !host.isEmpty, !names.contains(host) { names.append(host) }
        if ClusterPKI.ipBytes(bindAddress) == nil, !names.contains(bindAddress) { names.append(bindAddress) }
        return names
    }

    public var certificateIPAddresses: [String] {
        var ips = ["127.0.0.1", "::1"]
        if ClusterPKI.ipBytes(bindAddress) != nil, !ips.contains(bindAddress), bindAddress != "0.0.0.0",
            bindAddress != "::"
        {
            ips.append(bindAddress)
        }
        return ips
    }
}
