/// A kubeconfig file as kubectl reads it (`apiVersion: v1`, `kind: Config`).
///
/// Field names follow client-go's `clientcmd/api/v1` types. Named lists keep the
/// file's order; names are unique within one file. File references
/// (`certificate-authority`, `client-certificate`, `client-key`, `tokenFile`, an
/// exec `command` containing a slash) are made absolute against the directory of
/// the file that defined them when the file is read with ``load(path:)``.
public struct KubeconfigFile: Sendable, Equatable {
    public var clusters: [NamedCluster]
    public var users: [NamedUser]
    public var contexts: [NamedContext]
    /// `current-context`; `nil` when unset or empty.
    public var currentContext: String?
    public var preferences: Preferences

    public init(
        clusters: [NamedCluster] = [], users: [NamedUser] = [], contexts: [NamedContext] = [],
        currentContext: String? = nil, preferences: Preferences = Preferences()
    ) {
        self.clusters = clusters
        self.users = users
        self.contexts = contexts
        self.currentContext = currentContext
        self.preferences = preferences
    }

    /// True when the file sets nothing (an empty or comment-only file).
    public var isEmpty: Bool { self == KubeconfigFile() }

    public func cluster(named name: String) -> Cluster? { clusters.first { $0.name == name }?.cluster }
    public func user(named name: String) -> AuthInfo? { users.first { $0.name == name }?.user }
    public func context(named name: String) -> Context? { contexts.first { $0.name == name }?.context }
}

extension KubeconfigFile {
    public struct NamedCluster: Sendable, Equatable {
        public var name: String
        public var cluster: Cluster
        public init(name: String, cluster: Cluster) { self.name = name; self.cluster = cluster }
    }

    public struct NamedUser: Sendable, Equatable {
        public var name: String
        public var user: AuthInfo
        public init(name: String, user: AuthInfo) { self.name = name; self.user = user }
    }

    public struct NamedContext: Sendable, Equatable {
        public var name: String
        public var context: Context
        public init(name: String, context: Context) { self.name = name; self.context = context }
    }

    /// How to reach one API server.
    public struct Cluster: Sendable, Equatable {
        public var server: String?
        public var tlsServerName: String?
        public var insecureSkipTLSVerify: Bool
        /// `certificate-authority`: path to a PEM file.
        public var certificateAuthority: String?
        /// `certificate-authority-data`: PEM bytes (base64 in the file).
        public var certificateAuthorityData: [UInt8]?
        public var proxyURL: String?

        public init(
            server: String? = nil, tlsServerName: String? = nil, insecureSkipTLSVerify: Bool = false,
            certificateAuthority: String? = nil, certificateAuthorityData: [UInt8]? = nil, proxyURL: String? = nil
        ) {
            self.server = server
            self.tlsServerName = tlsServerName
            self.insecureSkipTLSVerify = insecureSkipTLSVerify
            self.certificateAuthority = certificateAuthority
            self.certificateAuthorityData = certificateAuthorityData
            self.proxyURL = proxyURL
        }
    }

    /// Who the client is (`users[].user`, client-go's `AuthInfo`).
    public struct AuthInfo: Sendable, Equatable {
        public var clientCertificate: String?
        public var clientCertificateData: [UInt8]?
        public var clientKey: String?
        public var clientKeyData: [UInt8]?
        public var token: String?
        public var tokenFile: String?
        public var username: String?
        public var password: String?
        /// Decoded so that it can be reported; Swiftlet does not run exec plugins.
        public var exec: ExecConfig?
        /// Decoded so that it can be reported; Swiftlet does not run auth providers.
        public var authProvider: AuthProviderConfig?

        public init(
            clientCertificate: String? = nil, clientCertificateData: [UInt8]? = nil,
            clientKey: String? = nil, clientKeyData: [UInt8]? = nil,
            token: String? = nil, tokenFile: String? = nil, username: String? = nil, password: String? = nil,
            exec: ExecConfig? = nil, authProvider: AuthProviderConfig? = nil
        ) {
            self.clientCertificate = clientCertificate
            self.clientCertificateData = clientCertificateData
            self.clientKey = clientKey
            self.clientKeyData = clientKeyData
            self.token = token
            self.tokenFile = tokenFile
            self.username = username
            self.password = password
            self.exec = exec
            self.authProvider = authProvider
        }
    }

    /// `users[].user.exec`: a credential plugin (client.authentication.k8s.io).
    public struct ExecConfig: Sendable, Equatable {
        public var command: String
        public var args: [String]
        public var env: [EnvVar]
        public var apiVersion: String?
        public var installHint: String?
        public var provideClusterInfo: Bool
        public var interactiveMode: String?

        public struct EnvVar: Sendable, Equatable {
            public var name: String
            public var value: String
            public init(name: String, value: String) { self.name = name; self.value = value }
        }

        public init(
            command: String, args: [String] = [], env: [EnvVar] = [], apiVersion: String? = nil,
            installHint: String? = nil, provideClusterInfo: Bool = false, interactiveMode: String? = nil
        ) {
            self.command = command
            self.args = args
            self.env = env
            self.apiVersion = apiVersion
            self.installHint = installHint
            self.provideClusterInfo = provideClusterInfo
            self.interactiveMode = interactiveMode
        }
    }

    /// `users[].user.auth-provider`: a legacy auth provider (gcp, oidc, azure).
    public struct AuthProviderConfig: Sendable, Equatable {
        public var name: String
        public var config: [String: String]
        public init(name: String, config: [String: String] = [:]) { self.name = name; self.config = config }
    }

    /// A (cluster, user, namespace) triple.
    public struct Context: Sendable, Equatable {
        public var cluster: String?
        public var user: String?
        public var namespace: String?
        public init(cluster: String? = nil, user: String? = nil, namespace: String? = nil) {
            self.cluster = cluster
            self.user = user
            self.namespace = namespace
        }
    }

    public struct Preferences: Sendable, Equatable {
        public var colors: Bool?
        public init(colors: Bool? = nil) { self.colors = colors }
    }
}
