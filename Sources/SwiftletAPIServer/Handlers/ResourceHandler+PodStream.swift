import Foundation
import Hummingbird
import NIOSSL
import SwiftletAPI
import SwiftletStreaming

/// `pods/exec` and `pods/attach`: WebSocket streams (`channel.k8s.io`) that
/// the API server relays to the node agent the pod runs on. The checks run
/// when a request asks to upgrade (`PodStreamUpgrade`); a request that did
/// not upgrade comes here, and hears why.
extension ResourceHandler {
    struct StreamTarget: Sendable {
        /// The stream on the node agent (`wss://NODE:PORT/exec/NS/POD/CONTAINER?...`).
        var url: String
        var tls: TLSConfiguration
        var nodeName: String
    }

    /// Where the stream runs, after upstream's checks of pod, container and options.
    func streamTarget(_ request: ResourceRequest, options: StreamOptions) async throws -> StreamTarget {
        let (pod, _) = try await current(request)
        let container = try chooseContainer(
            pod, options.container.isEmpty ? nil : options.container, podName: request.name)
        if let problem = options.problem(exec: request.subresource == "exec") { throw APIError.badRequest(problem) }
        guard let nodeName = pod[path: ["spec", "nodeName"]]?.stringValue, !nodeName.isEmpty else {
            throw APIError.badRequest("pod \(request.name) does not have a host assigned")
        }
        let phase = pod[path: ["status", "phase"]]?.stringValue ?? ""
        if phase == "Succeeded" || phase == "Failed" {
            throw APIError.badRequest(
                "cannot \(request.subresource) into a container in a completed pod; current phase is \(phase)")
        }
        guard let credentials = api.nodeClientCertificate else {
            throw APIError.serviceUnavailable("this API server has no credentials to reach node agents")
        }
        let endpoint = try await nodeEndpoint(nodeName)
        let host = endpoint.host.contains(":") ? "[\(endpoint.host)]" : endpoint.host
        let url =
            "wss://\(host):\(endpoint.port)/\(request.subresource)/\(request.namespace)/\(request.name)/\(container)?"
            + options.query
        return StreamTarget(url: url, tls: try Self.nodeTLS(credentials), nodeName: nodeName)
    }

    /// An exec or attach that did not upgrade: the reason it could not, or
    /// that it must.
    func podStream(_ request: ResourceRequest) async throws -> Response {
        _ = try await streamTarget(request, options: StreamOptions(parameters: request.query))
        throw APIError.badRequest("Upgrade request required")
    }
}
