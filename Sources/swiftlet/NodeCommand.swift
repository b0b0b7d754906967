import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SwiftletNode

/// Which runtime the node agent runs pods on.
enum RuntimeKind: String, ExpressibleByArgument, Sendable {
    case cri
    case simulated
}

/// Options of the node agent, shared by `swiftlet node` and `swiftlet server`.
struct NodeOptions: ParsableArguments {
    @Option(help: "The node's name (default: the host name, lower-cased; the prefix of simulated nodes: sim).")
    var nodeName: String?

    @Option(help: "cri runs real containers on containerd; simulated plays pods' lifecycle without containers.")
    var runtime: RuntimeKind = .cri

    @Option(help: "The CRI socket of a containerd already running (default: start Swiftlet's own).")
    var containerRuntimeEndpoint: String?

    @Option(help: "The address the node reports and serves on (default: the machine's first non-loopback IPv4).")
    var nodeIP: String?

    @Option(help: "The port of the node's HTTPS endpoint, which serves logs to the API server (0 picks one).")
    var nodePort: Int = 10250

    @Option(help: "With --runtime simulated: how many nodes to register.")
    var simulatedNodes: Int = 1

    @Option(help: "With --runtime simulated: seconds from start to running.")
    var simulatedStartDelay: Double = 0.5

    @Option(help: "With --runtime simulated: seconds a container of a pod that does not restart always runs.")
    var simulatedRunSeconds: Double = 5

    @Option(help: "With --runtime simulated: the fraction of such containers that exit 1.")
    var simulatedFailureRate: Double = 0

    func validate() throws {
        guard simulatedNodes >= 1 else { throw ValidationError("--simulated-nodes must be at least 1") }
        guard (0...1).contains(simulatedFailureRate) else {
            throw ValidationError("--simulated-failure-rate must be between 0 and 1")
        }
    }

    /// - Parameter defaultNodeIP: the address to use when `--node-ip` is not given.
    func service(
        kubeconfig: String, dataDirectory: URL, waitFor: AsyncStream<Void>?, defaultNodeIP: String? = nil,
        logger: Logger
    ) -> NodeService {
        let choice: NodeService.RuntimeChoice
        switch runtime {
        case .cri:
            choice = .cri(endpoint: containerRuntimeEndpoint)
        case .simulated:
            choice = .simulated(
                count: simulatedNodes,
                behaviour: .init(
                    startDelay: .milliseconds(Int(simulatedStartDelay * 1000)),
                    runDuration: .milliseconds(Int(simulatedRunSeconds * 1000)), failureRate: simulatedFailureRate))
        }
        let name = nodeName ?? (runtime == .simulated ? "sim" : NodeService.defaultNodeName)
        var service = NodeService(
            kubeconfig: kubeconfig, nodeName: name, dataDirectory: dataDirectory.appendingPathComponent("node"),
            runtime: choice, waitFor: waitFor, logger: logger)
        service.nodeIP = nodeIP ?? defaultNodeIP
        service.port = nodePort
        return service
    }
}

/// `swiftlet node`: the node agent as its own process.
struct NodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node", abstract: "Run the node agent: register a node and run the pods bound to it.")

    @Option(help: "The kubeconfig to reach the API server with.")
    var kubeconfig: String

    @Option(help: "Directory for containerd's state and the pods' logs.")
    var dataDir: String = "./swiftlet-data"

    @OptionGroup var node: NodeOptions

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let logger = Logger(label: "swiftlet.node")
        let service = node.service(
            kubeconfig: kubeconfig, dataDirectory: URL(fileURLWithPath: dataDir).standardizedFileURL, waitFor: nil,
            logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: service)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
