import Foundation

extension ClientConfig {
    /// Loads a configuration the way kubectl does: `kubeconfigPaths` (must
    /// exist), else the `KUBECONFIG` list, else `~/.kube/config`, merged first
    /// wins; then the `context` override or `current-context`.
    public static func load(
        kubeconfigPaths: [String]? = nil, context: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ClientConfig {
        let searchList = KubeconfigFile.SearchList(explicitPaths: kubeconfigPaths, environment: environment)
        return try ClientConfig(kubeconfig: KubeconfigFile.load(searchList), context: context)
    }

    /// The configuration of one context of an already merged kubeconfig. File
    /// references are read now (relative ones against the working directory if
    /// the file was not loaded from disk).
    ///
    /// As in client-go, a context whose user is unnamed or not defined connects
    /// without credentials.
    public init(kubeconfig: KubeconfigFile, context override: String? = nil) throws {
        guard let contextName = override.flatMap({ $0.isEmpty ? nil : $0 }) ?? kubeconfig.currentContext else {
            throw ClientConfigError.noCurrentContext
        }
        guard let context = kubeconfig.context(named: contextName) else {
            throw ClientConfigError.contextNotFound(contextName)
        }
        guard let clusterName = context.cluster else {
            throw ClientConfigError.clusterNotSpecified(context: contextName)
        }
        guard let cluster = kubeconfig.cluster(named: clusterName) else {
            throw ClientConfigError.clusterNotFound(cluster: clusterName, context: contextName)
        }
        let userName = context.user ?? ""
        let user = kubeconfig.user(named: userName) ?? KubeconfigFile.AuthInfo()
        if let namespace = context.namespace, !DNSLabel.isValid(namespace) {
            throw ClientConfigError.invalidNamespace(namespace: namespace, context: contextName)
        }
        try Self.validate(cluster, name: clusterName)
        try Self.validate(user, name: userName)

        self.init(server: try Self.serverURL(cluster, name: clusterName), namespace: context.namespace ?? "default")
        insecureSkipTLSVerify = cluster.insecureSkipTLSVerify
        tlsServerName = cluster.tlsServerName
        proxyURL = try cluster.proxyURL.map { try Self.proxyURL($0, cluster: clusterName) }
        caPEM =
            try cluster.certificateAuthorityData
            ?? cluster.certificateAuthority.map {
                try FileReading.read($0, purpose: "certificate-authority of cluster \"\(clusterName)\"")
            }
        try applyCredentials(user, name: userName)
    }

    private mutating func applyCredentials(_ user: KubeconfigFile.AuthInfo, name: String) throws {
        if user.clientCertificate != nil || user.clientCertificateData != nil {
            clientCertificatePEM =
                try user.clientCertificateData
                ?? user.clientCertificate.map {
                    try FileReading.read($0, purpose: "client-certificate of user \"\(name)\"")
                }
            clientKeyPEM =
                try user.clientKeyData
                ?? user.clientKey.map {
                    try FileReading.read($0, purpose: "client-key of user \"\(name)\"")
                }
        }
        if let token = user.token {
            bearerToken = token
            bearerTokenFile = user.tokenFile
        } else if let tokenFile = user.tokenFile {
            bearerToken = try FileReading.readToken(tokenFile, purpose: "tokenFile of user \"\(name)\"")
            bearerTokenFile = tokenFile
        }
        username = user.username
        password = user.password
    }

    /// client-go's `validateClusterInfo` checks, plus the transport's refusal of
    /// a CA together with `insecure-skip-tls-verify`.
    private static func validate(_ cluster: KubeconfigFile.Cluster, name: String) throws {
        let hasCAFile = cluster.certificateAuthority != nil
        let hasCAData = cluster.certificateAuthorityData != nil
        if hasCAFile && hasCAData {
            throw ClientConfigError.invalidConfiguration(
                "certificate-authority-data and certificate-authority are both specified for cluster \"\(name)\"")
        }
        if cluster.insecureSkipTLSVerify && (hasCAFile || hasCAData) {
            throw ClientConfigError.invalidConfiguration(
                "cluster \"\(name)\" sets insecure-skip-tls-verify together with a certificate authority; "
                    + "specifying a root certificate with the insecure flag is not allowed")
        }
    }

    /// client-go's `validateAuthInfo` checks, plus the plugins Swiftlet lacks.
    private static func validate(_ user: KubeconfigFile.AuthInfo, name: String) throws {
        let hasCert = user.clientCertificate != nil || user.clientCertificateData != nil
        if hasCert {
            if user.clientCertificate != nil && user.clientCertificateData != nil {
                throw ClientConfigError.invalidConfiguration(
                    "client-certificate-data and client-certificate are both specified for user \"\(name)\"")
            }
            if user.clientKey != nil && user.clientKeyData != nil {
                throw ClientConfigError.invalidConfiguration(
                    "client-key-data and client-key are both specified for user \"\(name)\"")
            }
            if user.clientKey == nil && user.clientKeyData == nil {
                throw ClientConfigError.invalidConfiguration(
                    "client-key-data or client-key must be specified for user \"\(name)\" "
                        + "to use the client certificate")
            }
        }
        let hasToken = user.token != nil
        let hasBasic = user.username != nil || user.password != nil
        if hasToken && hasBasic {
            throw ClientConfigError.invalidConfiguration(
                "more than one authentication method found for user \"\(name)\"; found [token basicAuth], "
                    + "only one is allowed")
        }
        if !(hasCert || hasToken || hasBasic || user.tokenFile != nil) {
            if user.exec != nil {
                throw ClientConfigError.unsupportedAuthentication(user: name, method: "an exec credential plugin")
            }
            if let provider = user.authProvider {
                throw ClientConfigError.unsupportedAuthentication(
                    user: name, method: "the \"\(provider.name)\" auth-provider")
            }
        }
    }

    /// The server as a URL; a bare `host:port` gets https when any TLS setting
    /// is present and http otherwise (client-go's `DefaultServerURL`).
    private static func serverURL(_ cluster: KubeconfigFile.Cluster, name: String) throws -> URL {
        guard let server = cluster.server else { throw ClientConfigError.noServer(cluster: name) }
        let usesTLS =
            cluster.certificateAuthority != nil || cluster.certificateAuthorityData != nil
            || cluster.insecureSkipTLSVerify || cluster.tlsServerName != nil
        let text = server.contains("://") ? server : (usesTLS ? "https://" : "http://") + server
        guard var parts = URLComponents(string: text), let scheme = parts.scheme?.lowercased(),
            scheme == "https" || scheme == "http", let host = parts.host, !host.isEmpty
        else { throw ClientConfigError.invalidServer(cluster: name, server: server) }
        parts.query = nil
        parts.fragment = nil
        guard let url = parts.url else { throw ClientConfigError.invalidServer(cluster: name, server: server) }
        return url
    }

    private static func proxyURL(_ text: String, cluster: String) throws -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            ["http", "https", "socks5"].contains(scheme), url.host?.isEmpty == false
        else { throw ClientConfigError.invalidProxyURL(cluster: cluster, proxyURL: text) }
        return url
    }
}

/// RFC 1123 label: what a namespace name must be.
enum DNSLabel {
    static func isValid(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard !bytes.isEmpty, bytes.count <= 63 else { return false }
        func alnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
        return alnum(bytes.first!) && alnum(bytes.last!) && bytes.allSatisfy { alnum($0) || $0 == 0x2D }
    }
}
