/// Why a client configuration could not be built. Messages name the file,
/// context, cluster or user at fault and, where it helps, the way out.
public enum ClientConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No kubeconfig file in the search list exists, or all are empty.
    case noConfiguration(searched: [String])
    /// A file could not be read; `purpose` says what it was for.
    case cannotReadFile(path: String, purpose: String, reason: String)
    /// A kubeconfig file is not valid YAML/JSON or has the wrong shape.
    case invalidKubeconfig(path: String?, reason: String)
    /// Neither `current-context` nor a context override is set.
    case noCurrentContext
    case contextNotFound(String)
    case clusterNotSpecified(context: String)
    case clusterNotFound(cluster: String, context: String)
    case noServer(cluster: String)
    case invalidServer(cluster: String, server: String)
    case invalidProxyURL(cluster: String, proxyURL: String)
    case invalidNamespace(namespace: String, context: String)
    /// Fields that conflict (for example both `token` and `username`).
    case invalidConfiguration(String)
    /// The user authenticates only through a mechanism Swiftlet does not run
    /// (`exec` credential plugins, `auth-provider`).
    case unsupportedAuthentication(user: String, method: String)
    /// `KUBERNETES_SERVICE_HOST` or `KUBERNETES_SERVICE_PORT` is not set.
    case notInCluster

    public var description: String {
        switch self {
        case .noConfiguration(let searched):
            let list = searched.isEmpty ? "no paths" : searched.joined(separator: ", ")
            return "invalid configuration: no configuration has been provided (searched \(list)); "
                + "set KUBECONFIG or pass --kubeconfig"
        case .cannotReadFile(let path, let purpose, let reason):
            return "cannot read \(purpose) file \(path): \(reason)"
        case .invalidKubeconfig(let path, let reason):
            return "invalid kubeconfig\(path.map { " \($0)" } ?? ""): \(reason)"
        case .noCurrentContext:
            return "no context chosen: current-context is not set; pass --context or run "
                + "'kubectl config use-context NAME'"
        case .contextNotFound(let name):
            return "context \"\(name)\" was not found in the kubeconfig"
        case .clusterNotSpecified(let context):
            return "cluster was not specified for context \"\(context)\""
        case .clusterNotFound(let cluster, let context):
            return "cluster \"\(cluster)\" was not found for context \"\(context)\""
        case .noServer(let cluster):
            return "no server found for cluster \"\(cluster)\""
        case .invalidServer(let cluster, let server):
            return "invalid server \"\(server)\" for cluster \"\(cluster)\": want an http or https URL with a host"
        case .invalidProxyURL(let cluster, let proxyURL):
            return "invalid 'proxy-url' \"\(proxyURL)\" for cluster \"\(cluster)\": "
                + "want an http, https or socks5 URL with a host"
        case .invalidNamespace(let namespace, let context):
            return "namespace \"\(namespace)\" for context \"\(context)\" does not conform to the "
                + "kubernetes DNS_LABEL rules"
        case .invalidConfiguration(let message):
            return "invalid configuration: \(message)"
        case .unsupportedAuthentication(let user, let method):
            return "user \"\(user)\" authenticates with \(method), which Swiftlet does not support; "
                + "use a token, tokenFile or client certificate"
        case .notInCluster:
            return "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and "
                + "KUBERNETES_SERVICE_PORT must be defined"
        }
    }
}
