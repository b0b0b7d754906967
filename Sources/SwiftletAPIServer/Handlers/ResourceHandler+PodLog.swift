import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import NIOSSL
import SwiftletAPI

/// The certificate (from the cluster CA) the API server shows node agents.
public struct NodeClientCertificate: Sendable {
    /// The user node agents let read logs, as upstream names it.
    public static let user = "kube-apiserver-kubelet-client"
    public var certificatePEM: String
    public var keyPEM: String

    public init(certificatePEM: String, keyPEM: String) {
        self.certificatePEM = certificatePEM
        self.keyPEM = keyPEM
    }
}

/// `pods/log`: checks the pod and container as upstream does, then streams
/// the log from the node agent the pod runs on (its endpoint is in the
/// Node's status), following it while the container runs when asked to.
extension ResourceHandler {
    /// The PodLogOptions the node agent understands; others are not passed on.
    static let logParameters = [
        "follow", "previous", "timestamps", "tailLines", "sinceSeconds", "sinceTime", "limitBytes",
    ]

    func podLog(_ request: ResourceRequest) async throws -> Response {
        let (pod, _) = try await current(request)
        let container = try chooseContainer(pod, request.query["container"], podName: request.name)
        for name in ["tailLines", "limitBytes", "sinceSeconds"] { _ = try request.int(name) }
        guard let nodeName = pod[path: ["spec", "nodeName"]]?.stringValue, !nodeName.isEmpty else {
            throw APIError.badRequest("pod \(request.name) does not have a host assigned")
        }
        let statuses =
            (pod[path: ["status", "containerStatuses"]]?.arrayValue ?? [])
            + (pod[path: ["status", "initContainerStatuses"]]?.arrayValue ?? [])
        let status = statuses.first { $0["name"]?.stringValue == container }
        if !request.flag("previous"), status?["containerID"] == nil {
            let reason = status?[path: ["state", "waiting", "reason"]]?.stringValue ?? "ContainerCreating"
            throw APIError.badRequest(
                "container \"\(container)\" in pod \"\(request.name)\" is waiting to start: \(reason)")
        }
        guard let credentials = api.nodeClientCertificate else {
            throw APIError.serviceUnavailable("this API server has no credentials to reach node agents")
        }
        let endpoint = try await nodeEndpoint(nodeName)
        var components = URLComponents()
        components.scheme = "https"
        components.host = endpoint.host
        components.port = endpoint.port
        components.path = "/containerLogs/\(request.namespace)/\(request.name)/\(container)"
        components.queryItems = Self.logParameters.compactMap { name in
            request.query[name].map { URLQueryItem(name: name, value: $0) }
        }
        guard let url = components.string else { throw APIError.internalError("bad node endpoint \(endpoint)") }
        return try await proxy(url: url, credentials: credentials, follow: request.flag("follow"))
    }

    /// The container a request names, or the pod's only one, as upstream
    /// chooses for logs, exec and attach.
    func chooseContainer(_ pod: JSONValue, _ asked: String?, podName: String) throws -> String {
        let containers = (pod[path: ["spec", "containers"]]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        let initContainers = (pod[path: ["spec", "initContainers"]]?.arrayValue ?? []).compactMap {
            $0["name"]?.stringValue
        }
        if let asked, !asked.isEmpty {
            guard containers.contains(asked) || initContainers.contains(asked) else {
                throw APIError.badRequest("container \(asked) is not valid for pod \(podName)")
            }
            return asked
        }
        if containers.count == 1 { return containers[0] }
        throw APIError.badRequest(
            "a container name must be specified for pod \(podName), choose one of: [\(containers.joined(separator: " "))]"
                + (initContainers.isEmpty
                    ? "" : " or one of the init containers: [\(initContainers.joined(separator: " "))]"))
    }

    /// The address and port the node agent reported in the Node's status.
    func nodeEndpoint(_ nodeName: String) async throws -> (host: String, port: Int) {
        guard let nodes = api.resources.lookup(group: "", version: "v1", plural: "nodes"),
            let kv = try await api.storage.get(StorageKeys.key(nodes, namespace: "", name: nodeName)),
            let node = try? ObjectCodec.decode(kv)
        else {
            throw APIError.notFound(GroupVersionResource(group: "", version: "v1", resource: "nodes"), name: nodeName)
        }
        let addresses = node[path: ["status", "addresses"]]?.arrayValue ?? []
        // Upstream's preference among address types.
        let address = ["InternalIP", "ExternalIP", "Hostname"].lazy.compactMap { type in
            addresses.first { $0["type"]?.stringValue == type }?["address"]?.stringValue
        }.first
        guard let address,
            let port = node[path: ["status", "daemonEndpoints", "kubeletEndpoint", "Port"]]?.intValue, port > 0
        else {
            throw APIError.serviceUnavailable("node \(nodeName) does not report an endpoint to reach it")
        }
        return (address, Int(port))
    }

    /// TLS towards node agents, with the API server's kubelet client certificate.
    static func nodeTLS(_ credentials: NodeClientCertificate) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        // As upstream without --kubelet-certificate-authority: node agents
        // serve self-signed certificates, so theirs is not verified.
        tls.certificateVerification = .none
        tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(credentials.certificatePEM.utf8)).map {
            .certificate($0)
        }
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(credentials.keyPEM.utf8), format: .pem))
        return tls
    }

    private func proxy(url: String, credentials: NodeClientCertificate, follow: Bool) async throws -> Response {
        var configuration = HTTPClient.Configuration(tlsConfiguration: try Self.nodeTLS(credentials))
        configuration.timeout = .init(connect: .seconds(10), read: follow ? .hours(24) : .seconds(60))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let upstream: HTTPClientResponse
        do {
            upstream = try await client.execute(
                HTTPClientRequest(url: url), timeout: follow ? .hours(24) : .seconds(60))
        } catch {
            try? await client.shutdown()
            throw APIError.serviceUnavailable("cannot reach the node agent: \(error)")
        }
        guard upstream.status == .ok else {
            let text = String(buffer: (try? await upstream.body.collect(upTo: 64 * 1024)) ?? ByteBuffer())
            try? await client.shutdown()
            switch upstream.status.code {
            case 400: throw APIError.badRequest(text)
            case 404: throw APIError.badRequest(text)
            default: throw APIError.serviceUnavailable("node agent answered \(upstream.status.code): \(text)")
            }
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/plain"
        // A followed log ends when the server shuts down, as watches do.
        let shutdown = api.shutdown.listen()
        let chunks = AsyncThrowingStream<ByteBuffer, any Error> { continuation in
            let pump = Task {
                do {
                    for try await chunk in upstream.body { continuation.yield(chunk) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            let stopping = Task {
                for await _ in shutdown {}
                continuation.finish()
            }
            continuation.onTermination = { _ in
                pump.cancel()
                stopping.cancel()
            }
        }
        let body = ResponseBody { writer in
            do {
                for try await chunk in chunks { try await writer.write(chunk) }
                try await writer.finish(nil)
            } catch {
                try? await client.shutdown()
                throw error
            }
            try? await client.shutdown()
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}
