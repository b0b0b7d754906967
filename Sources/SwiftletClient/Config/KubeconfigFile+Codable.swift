import Foundation

// Codable with the upstream field names. Empty strings read as unset, as Go's
// zero values do; `*-data` fields are base64 in the file and raw bytes here.

extension KubeconfigFile: Codable {
    enum CodingKeys: String, CodingKey {
        case apiVersion, kind, preferences, clusters, users, contexts
        case currentContext = "current-context"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        clusters = try c.decodeIfPresent([NamedCluster].self, forKey: .clusters) ?? []
        users = try c.decodeIfPresent([NamedUser].self, forKey: .users) ?? []
        contexts = try c.decodeIfPresent([NamedContext].self, forKey: .contexts) ?? []
        currentContext = try c.nonEmptyString(.currentContext)
        preferences = try c.decodeIfPresent(Preferences.self, forKey: .preferences) ?? Preferences()
        try Self.rejectDuplicates(clusters.map(\.name), list: "clusters", in: c, key: .clusters)
        try Self.rejectDuplicates(users.map(\.name), list: "users", in: c, key: .users)
        try Self.rejectDuplicates(contexts.map(\.name), list: "contexts", in: c, key: .contexts)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("v1", forKey: .apiVersion)
        try c.encode("Config", forKey: .kind)
        try c.encode(preferences, forKey: .preferences)
        try c.encode(clusters, forKey: .clusters)
        try c.encode(users, forKey: .users)
        try c.encode(contexts, forKey: .contexts)
        try c.encode(currentContext ?? "", forKey: .currentContext)
    }

    private static func rejectDuplicates(
        _ names: [String], list: String, in c: KeyedDecodingContainer<CodingKeys>, key: CodingKeys
    ) throws {
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: c, debugDescription: "duplicate name \"\(name)\" in \(list)")
        }
    }
}

extension KubeconfigFile.NamedCluster: Codable {
    enum CodingKeys: String, CodingKey { case name, cluster }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        cluster = try c.decodeIfPresent(KubeconfigFile.Cluster.self, forKey: .cluster) ?? .init()
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(cluster, forKey: .cluster)
    }
}

extension KubeconfigFile.NamedUser: Codable {
    enum CodingKeys: String, CodingKey { case name, user }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        user = try c.decodeIfPresent(KubeconfigFile.AuthInfo.self, forKey: .user) ?? .init()
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(user, forKey: .user)
    }
}

extension KubeconfigFile.NamedContext: Codable {
    enum CodingKeys: String, CodingKey { case name, context }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        context = try c.decodeIfPresent(KubeconfigFile.Context.self, forKey: .context) ?? .init()
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(context, forKey: .context)
    }
}

extension KubeconfigFile.Cluster: Codable {
    enum CodingKeys: String, CodingKey {
        case server
        case tlsServerName = "tls-server-name"
        case insecureSkipTLSVerify = "insecure-skip-tls-verify"
        case certificateAuthority = "certificate-authority"
        case certificateAuthorityData = "certificate-authority-data"
        case proxyURL = "proxy-url"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        server = try c.nonEmptyString(.server)
        tlsServerName = try c.nonEmptyString(.tlsServerName)
        insecureSkipTLSVerify = try c.decodeIfPresent(Bool.self, forKey: .insecureSkipTLSVerify) ?? false
        certificateAuthority = try c.nonEmptyString(.certificateAuthority)
        certificateAuthorityData = try c.base64Bytes(.certificateAuthorityData)
        proxyURL = try c.nonEmptyString(.proxyURL)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(server, forKey: .server)
        try c.encodeIfPresent(tlsServerName, forKey: .tlsServerName)
        if insecureSkipTLSVerify { try c.encode(true, forKey: .insecureSkipTLSVerify) }
        try c.encodeIfPresent(certificateAuthority, forKey: .certificateAuthority)
        try c.encodeBase64(certificateAuthorityData, forKey: .certificateAuthorityData)
        try c.encodeIfPresent(proxyURL, forKey: .proxyURL)
    }
}

extension KubeconfigFile.AuthInfo: Codable {
    enum CodingKeys: String, CodingKey {
        case clientCertificate = "client-certificate"
        case clientCertificateData = "client-certificate-data"
        case clientKey = "client-key"
        case clientKeyData = "client-key-data"
        case token, tokenFile, username, password, exec
        case authProvider = "auth-provider"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        clientCertificate = try c.nonEmptyString(.clientCertificate)
        clientCertificateData = try c.base64Bytes(.clientCertificateData)
        clientKey = try c.nonEmptyString(.clientKey)
        clientKeyData = try c.base64Bytes(.clientKeyData)
        token = try c.nonEmptyString(.token)
        tokenFile = try c.nonEmptyString(.tokenFile)
        username = try c.nonEmptyString(.username)
        password = try c.nonEmptyString(.password)
        exec = try c.decodeIfPresent(KubeconfigFile.ExecConfig.self, forKey: .exec)
        authProvider = try c.decodeIfPresent(KubeconfigFile.AuthProviderConfig.self, forKey: .authProvider)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(clientCertificate, forKey: .clientCertificate)
        try c.encodeBase64(clientCertificateData, forKey: .clientCertificateData)
        try c.encodeIfPresent(clientKey, forKey: .clientKey)
        try c.encodeBase64(clientKeyData, forKey: .clientKeyData)
        try c.encodeIfPresent(token, forKey: .token)
        try c.encodeIfPresent(tokenFile, forKey: .tokenFile)
        try c.encodeIfPresent(username, forKey: .username)
        try c.encodeIfPresent(password, forKey: .password)
        try c.encodeIfPresent(exec, forKey: .exec)
        try c.encodeIfPresent(authProvider, forKey: .authProvider)
    }
}

extension KubeconfigFile.ExecConfig: Codable {
    enum CodingKeys: String, CodingKey {
        case command, args, env, apiVersion, installHint, provideClusterInfo, interactiveMode
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        command = try c.decodeIfPresent(String.self, forKey: .command) ?? ""
        args = try c.decodeIfPresent([String].self, forKey: .args) ?? []
        env = try c.decodeIfPresent([EnvVar].self, forKey: .env) ?? []
        apiVersion = try c.nonEmptyString(.apiVersion)
        installHint = try c.nonEmptyString(.installHint)
        provideClusterInfo = try c.decodeIfPresent(Bool.self, forKey: .provideClusterInfo) ?? false
        interactiveMode = try c.nonEmptyString(.interactiveMode)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(command, forKey: .command)
        if !args.isEmpty { try c.encode(args, forKey: .args) }
        if !env.isEmpty { try c.encode(env, forKey: .env) }
        try c.encodeIfPresent(apiVersion, forKey: .apiVersion)
        try c.encodeIfPresent(installHint, forKey: .installHint)
        if provideClusterInfo { try c.encode(true, forKey: .provideClusterInfo) }
        try c.encodeIfPresent(interactiveMode, forKey: .interactiveMode)
    }
}

extension KubeconfigFile.ExecConfig.EnvVar: Codable {
    enum CodingKeys: String, CodingKey { case name, value }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        value = try c.decodeIfPresent(String.self, forKey: .value) ?? ""
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(value, forKey: .value)
    }
}

extension KubeconfigFile.AuthProviderConfig: Codable {
    enum CodingKeys: String, CodingKey { case name, config }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        config = try c.decodeIfPresent([String: String].self, forKey: .config) ?? [:]
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        if !config.isEmpty { try c.encode(config, forKey: .config) }
    }
}

extension KubeconfigFile.Context: Codable {
    enum CodingKeys: String, CodingKey { case cluster, user, namespace }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cluster = try c.nonEmptyString(.cluster)
        user = try c.nonEmptyString(.user)
        namespace = try c.nonEmptyString(.namespace)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(cluster, forKey: .cluster)
        try c.encodeIfPresent(user, forKey: .user)
        try c.encodeIfPresent(namespace, forKey: .namespace)
    }
}

extension KubeconfigFile.Preferences: Codable {
    enum CodingKeys: String, CodingKey { case colors }
    public init(from decoder: any Decoder) throws {
        colors = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Bool.self, forKey: .colors)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(colors, forKey: .colors)
    }
}

extension KeyedDecodingContainer {
    fileprivate func nonEmptyString(_ key: Key) throws -> String? {
        guard let value = try decodeIfPresent(String.self, forKey: key), !value.isEmpty else { return nil }
        return value
    }

    /// Go's `[]byte` JSON form: standard base64; line breaks are ignored.
    fileprivate func base64Bytes(_ key: Key) throws -> [UInt8]? {
        guard let text = try nonEmptyString(key) else { return nil }
        let compact = text.filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: compact) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "\(key.stringValue) is not valid base64")
        }
        return [UInt8](data)
    }
}

extension KeyedEncodingContainer {
    fileprivate mutating func encodeBase64(_ bytes: [UInt8]?, forKey key: Key) throws {
        guard let bytes else { return }
        try encode(Data(bytes).base64EncodedString(), forKey: key)
    }
}
