import HTTPTypes
import HummingbirdWebSocket
import Logging
import NIOCore
import SwiftletStreaming

/// Upgrades `pods/exec` and `pods/attach` requests to WebSockets and relays
/// them to the pod's node agent. A request that cannot upgrade (no
/// subprotocol this server speaks, no client certificate, no such pod or
/// container, ...) goes on to the ordinary responder, which answers with a
/// `Status` saying why.
struct PodStreamUpgrade: Sendable {
    let api: APIService

    func shouldUpgrade(_ head: HTTPRequest, channel: any Channel, logger: Logger) async throws
        -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>>
    {
        guard let target = head.path else { return .dontUpgrade }
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        guard let info = RequestInfo(method: head.method.rawValue, path: String(parts[0]), isWatchQuery: false),
            info.isResourceRequest, info.group == "", info.resource == "pods",
            info.subresource == "exec" || info.subresource == "attach",
            let resource = api.resources.lookup(group: "", version: info.version, plural: "pods"),
            let subprotocol = StreamProtocol.negotiate(head.headerFields[values: .secWebSocketProtocol]),
            let user = await ClientCertificateAuthenticator.user(on: channel)
        else { return .dontUpgrade }
        let request = ResourceRequest(
            info: info, resource: resource, query: [:], headers: head.headerFields, body: [], user: user, custom: nil)
        let options = StreamOptions(query: parts.count > 1 ? parts[1] : "")
        guard let stream = try? await ResourceHandler(api: api).streamTarget(request, options: options) else {
            return .dontUpgrade
        }
        var headers = HTTPFields()
        headers[.secWebSocketProtocol] = subprotocol.rawValue
        var relay = WebSocketRelay(
            url: stream.url, subprotocol: subprotocol, tlsConfiguration: stream.tls, logger: logger)
        relay.serverName = stream.nodeName
        let shutdown = api.shutdown
        logger.debug("\(info.subresource) for \(user.name) in \(info.namespace)/\(info.name)")
        let prepared = relay
        return .upgrade(headers) { inbound, outbound, _ in
            // A stream ends when the server shuts down, as watches do.
            await prepared.run(inbound: inbound, outbound: outbound) { for await _ in shutdown.listen() {} }
        }
    }
}
