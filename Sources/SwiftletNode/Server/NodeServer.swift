import Foundation
import Hummingbird
import HummingbirdHTTP2
import Logging
import NIOCore
import NIOSSL
import SwiftletAPI
import SwiftletClient
import SwiftletModels
import SwiftletStreaming
import X509

/// The node's own HTTPS endpoint, which the API server proxies `pods/log`,
/// `pods/exec` and `pods/attach` to (upstream's kubelet API:
/// `/containerLogs/NAMESPACE/POD/CONTAINER`, `/exec/...`, `/attach/...`).
/// Only clients with a certificate from the cluster CA get in, and of those
/// only the API server's kubelet client and cluster admins.
struct NodeServer: Sendable {
    let nodeName: String
    let address: String
    let port: Int
    let clusterCAPEM: [UInt8]
    let logs: ContainerLogFiles
    let streams: NodeStreams
    let logger: Logger

    /// Who may read from the node: upstream's names for the API server's
    /// kubelet client and the cluster admins.
    static let allowedUsers: Set = ["kube-apiserver-kubelet-client"]
    static let allowedGroups: Set = ["system:masters"]

    func run(onReady: @escaping @Sendable (Int) async -> Void) async throws {
        let certificate = try NodeCertificate.selfSigned(nodeName: nodeName, ipAddress: address)
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(certificate.certificatePEM.utf8)).map {
                .certificate($0)
            },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(certificate.keyPEM.utf8), format: .pem)))
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(clusterCAPEM))
        tls.certificateVerification = .noHostnameVerification
        tls.minimumTLSVersion = .tlsv12

        let router = Router(context: NodeRequestContext.self)
        router.add(middleware: NodeAuthorization())
        router.get("healthz") { _, _ in "ok" }
        router.get("containerLogs/:namespace/:pod/:container") { request, context -> Response in
            let namespace = context.parameters.get("namespace") ?? ""
            let pod = context.parameters.get("pod") ?? ""
            let container = context.parameters.get("container") ?? ""
            var query: [String: String] = [:]
            for (k, v) in request.uri.queryParameters { query[String(k)] = String(v) }
            let options: ContainerLogOptions
            do {
                options = try ContainerLogOptions(query: query)
            } catch {
                return Self.text(.badRequest, (error as? ContainerLog.BadOption)?.message ?? "\(error)")
            }
            return await logs.response(namespace: namespace, pod: pod, container: container, options: options)
        }
        // Reached only when a stream did not upgrade: says why.
        let streams = self.streams
        for kind in ["exec", "attach"] {
            router.get("\(kind)/:namespace/:pod/:container") { request, _ in await streams.plainResponse(request) }
            router.post("\(kind)/:namespace/:pod/:container") { request, _ in await streams.plainResponse(request) }
        }
        var quiet = logger
        quiet.logLevel = .warning
        let app = Application(
            router: router,
            server: try .secureWithWebSockets(tlsConfiguration: tls) { head, channel, logger in
                try await streams.shouldUpgrade(head, channel: channel, logger: logger)
            },
            configuration: .init(address: .hostname(address, port: port), reuseAddress: true),
            onServerRunning: { channel in await onReady(channel.localAddress?.port ?? port) }, logger: quiet)
        try await app.run()
    }

    static func text(_ status: HTTPResponse.Status, _ message: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: message)))
    }
}

/// The request context of the node endpoint: the channel, for the client certificate.
struct NodeRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}

/// Lets through clients whose certificate (already verified against the
/// cluster CA by TLS) names an allowed user or group.
struct NodeAuthorization: RouterMiddleware {
    typealias Context = NodeRequestContext

    enum Decision {
        case allowed, unauthorized
        case forbidden(user: String)
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        switch await Self.decision(on: context.channel) {
        case .allowed:
            return try await next(request, context)
        case .unauthorized:
            return NodeServer.text(.unauthorized, "Unauthorized")
        case .forbidden(let user):
            return NodeServer.text(.forbidden, "Forbidden (user=\(user), verb=get, resource=nodes, subresource=proxy)")
        }
    }

    /// Whether the client certificate on `channel` (or on its parent
    /// connection, for an HTTP/2 stream) may use the node endpoint.
    static func decision(on channel: any Channel) async -> Decision {
        let certificate: NIOSSLCertificate?
        if let own = try? await channel.nioSSL_peerCertificate().get() {
            certificate = own
        } else if let parent = channel.parent {
            certificate = try? await parent.nioSSL_peerCertificate().get()
        } else {
            certificate = nil
        }
        guard let der = try? certificate?.toDERBytes(), let parsed = try? Certificate(derEncoded: der) else {
            return .unauthorized
        }
        var user = ""
        var groups: [String] = []
        for rdn in parsed.subject {
            for attribute in rdn {
                if attribute.type == .RDNAttributeType.commonName { user = attribute.value.description }
                if attribute.type == .RDNAttributeType.organizationName { groups.append(attribute.value.description) }
            }
        }
        guard NodeServer.allowedUsers.contains(user) || groups.contains(where: NodeServer.allowedGroups.contains)
        else { return .forbidden(user: user) }
        return .allowed
    }
}
