import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import SwiftletCRI
import SwiftletStreaming

/// `exec` and `attach` on the node endpoint (upstream's kubelet paths
/// `/exec/NAMESPACE/POD/CONTAINER` and `/attach/...`): finds the running
/// container, asks the runtime for a URL on its streaming server, and relays
/// the client's WebSocket to it.
struct NodeStreams: Sendable {
    enum Kind: String, Sendable {
        case exec, attach
    }

    struct Target: Sendable {
        var kind: Kind
        var namespace: String
        var pod: String
        var container: String
        var options: StreamOptions
    }

    struct Failure: Error {
        var status: HTTPResponse.Status
        var message: String
    }

    let runtime: any ContainerRuntime
    let logger: Logger

    /// The target of a request path such as `/exec/default/web/app?command=ls&stdout=true`.
    static func target(path: String) -> Target? {
        let parts = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let query = parts.count > 1 ? parts[1] : ""
        let segments = (parts.first ?? "").split(separator: "/").map(String.init)
        guard segments.count == 4, let kind = Kind(rawValue: segments[0]) else { return nil }
        return Target(
            kind: kind, namespace: segments[1], pod: segments[2], container: segments[3],
            options: StreamOptions(query: query))
    }

    /// Upgrades exec and attach requests from the API server or an admin;
    /// any other request, or one that cannot run, goes on to the router,
    /// which answers with the reason.
    func shouldUpgrade(_ head: HTTPRequest, channel: any Channel, logger: Logger) async throws
        -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>>
    {
        guard let path = head.path, let target = Self.target(path: path),
            let subprotocol = StreamProtocol.negotiate(head.headerFields[values: .secWebSocketProtocol]),
            case .allowed = await NodeAuthorization.decision(on: channel),
            let container = try? await runningContainer(target),
            let url = try? await streamURL(target, in: container)
        else { return .dontUpgrade }
        var headers = HTTPFields()
        headers[.secWebSocketProtocol] = subprotocol.rawValue
        // The runtime's streaming server speaks v4, which has no close
        // signal: v5's are dropped on the way (stdin stays open until the
        // stream ends).
        var relay = WebSocketRelay(url: url, subprotocol: .v4, tlsConfiguration: nil, logger: self.logger)
        if subprotocol == .v5 {
            relay.dropFromClient = { $0.readableBytesView.first == StreamProtocol.closeChannel }
        }
        logger.debug("\(target.kind.rawValue) in \(target.namespace)/\(target.pod)/\(target.container)")
        let prepared = relay
        return .upgrade(headers) { inbound, outbound, _ in
            await prepared.run(inbound: inbound, outbound: outbound)
        }
    }

    /// The container the stream is for, or why there is none to stream with.
    func runningContainer(_ target: Target) async throws -> Runtime_V1_Container {
        if let problem = target.options.problem(exec: target.kind == .exec) {
            throw Failure(status: .badRequest, message: problem)
        }
        let running = try await runtime.listContainers().filter {
            $0.labels[RuntimeLabels.podNamespace] == target.namespace && $0.labels[RuntimeLabels.podName] == target.pod
                && $0.containerName == target.container && $0.state == .containerRunning
        }
        guard let container = running.max(by: { $0.createdAt < $1.createdAt }) else {
            throw Failure(
                status: .notFound,
                message: "container \(target.container) in pod \(target.namespace)/\(target.pod) is not running")
        }
        return container
    }

    /// The URL of the stream on the runtime's streaming server.
    func streamURL(_ target: Target, in container: Runtime_V1_Container) async throws -> String {
        let options = target.options
        switch target.kind {
        case .exec:
            return try await runtime.exec(
                .with {
                    $0.containerID = container.id
                    $0.cmd = options.command
                    $0.tty = options.tty
                    $0.stdin = options.stdin
                    $0.stdout = options.stdout
                    // With a terminal, stderr shares stdout (CRI refuses both).
                    $0.stderr = options.stderr && !options.tty
                })
        case .attach:
            return try await runtime.attach(
                .with {
                    $0.containerID = container.id
                    $0.tty = options.tty
                    $0.stdin = options.stdin
                    $0.stdout = options.stdout
                    $0.stderr = options.stderr && !options.tty
                })
        }
    }

    /// The router's answer to an exec or attach that did not upgrade.
    func plainResponse(_ request: Request) async -> Response {
        guard let target = Self.target(path: request.uri.description) else {
            return NodeServer.text(.notFound, "not found")
        }
        do {
            _ = try await runningContainer(target)
            return NodeServer.text(.badRequest, "Upgrade request required")
        } catch let failure as Failure {
            return NodeServer.text(failure.status, failure.message)
        } catch {
            return NodeServer.text(.internalServerError, "\(error)")
        }
    }
}
