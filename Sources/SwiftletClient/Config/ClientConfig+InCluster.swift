import Foundation

extension ClientConfig {
    /// Where Kubernetes mounts a pod's service-account credentials.
    public static let serviceAccountRoot = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// The configuration of a process running in a pod (client-go's
    /// `rest.InClusterConfig`): `https://KUBERNETES_SERVICE_HOST:KUBERNETES_SERVICE_PORT`
    /// (an IPv6 host is bracketed), the service-account `token` (required; also
    /// set as ``bearerTokenFile`` so rotation is picked up), `ca.crt` when present,
    /// and the namespace from `POD_NAMESPACE`, else the `namespace` file, else "default".
    public static func inCluster(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        fileRoot: String = ClientConfig.serviceAccountRoot
    ) throws -> ClientConfig {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
            let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else { throw ClientConfigError.notInCluster }
        let authority = joinHostPort(host, port)
        guard let server = URL(string: "https://" + authority), server.host != nil else {
            throw ClientConfigError.invalidServer(cluster: "in-cluster", server: authority)
        }
        let tokenFile = LexicalPath.resolve("token", against: fileRoot)
        let token = try FileReading.readToken(tokenFile, purpose: "service account token")
        // client-go logs and carries on without a CA when ca.crt is unreadable.
        let caPEM = try? FileReading.readIfPresent(LexicalPath.resolve("ca.crt", against: fileRoot), purpose: "ca.crt")
        return ClientConfig(
            server: server, caPEM: caPEM, bearerToken: token, bearerTokenFile: tokenFile,
            namespace: inClusterNamespace(environment: environment, fileRoot: fileRoot))
    }

    /// The configuration controller-runtime's `GetConfig` would pick, in its order:
    /// 1. `kubeconfigPath` (the `--kubeconfig` flag), which must exist;
    /// 2. when `KUBECONFIG` is unset or empty, the in-cluster configuration if it loads
    ///    (the `context` override does not apply to it);
    /// 3. the `KUBECONFIG` list, else `~/.kube/config`.
    /// When step 3 fails too, its error is thrown.
    public static func automatic(
        kubeconfigPath: String? = nil, context: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        inClusterRoot: String = ClientConfig.serviceAccountRoot
    ) throws -> ClientConfig {
        if let kubeconfigPath, !kubeconfigPath.isEmpty {
            return try load(kubeconfigPaths: [kubeconfigPath], context: context, environment: environment)
        }
        if environment["KUBECONFIG"]?.isEmpty ?? true,
            let config = try? inCluster(environment: environment, fileRoot: inClusterRoot)
        {
            return config
        }
        return try load(context: context, environment: environment)
    }

    static func inClusterNamespace(environment: [String: String], fileRoot: String) -> String {
        if let namespace = environment["POD_NAMESPACE"], !namespace.isEmpty { return namespace }
        let path = LexicalPath.resolve("namespace", against: fileRoot)
        if let bytes = try? FileReading.readIfPresent(path, purpose: "namespace") {
            let namespace = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !namespace.isEmpty { return namespace }
        }
        return "default"
    }

    /// Go's `net.JoinHostPort`: brackets a host that contains a colon (IPv6).
    static func joinHostPort(_ host: String, _ port: String) -> String {
        host.contains(":") && !host.hasPrefix("[") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
