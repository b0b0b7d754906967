import Foundation
import Logging
import ServiceLifecycle
import SwiftletClient

/// The node agent as a service: on the real runtime it starts its own
/// containerd (unless pointed at one), makes sure the sandbox image is
/// there, and runs the agent until shutdown; on the simulated runtime it
/// runs one agent per simulated node.
public struct NodeService: Service {
    public enum RuntimeChoice: Sendable {
        /// containerd over CRI; nil starts Swiftlet's own containerd under the data directory.
        case cri(endpoint: String?)
        /// No containers: `count` nodes named `NAME-0` ... from one process.
        case simulated(count: Int, behaviour: SimulatedRuntime.Behaviour)
    }

    public var kubeconfig: String
    public var nodeName: String
    public var dataDirectory: URL
    public var runtime: RuntimeChoice
    /// The address the node reports and serves on; nil takes the machine's.
    public var nodeIP: String? = nil
    /// The port of the node's HTTPS endpoint (0 picks a free one).
    public var port = 10250
    /// The agent starts when this yields (the API server is up); nil starts at once.
    public var waitFor: AsyncStream<Void>?
    public let logger: Logger

    public init(
        kubeconfig: String, nodeName: String, dataDirectory: URL, runtime: RuntimeChoice,
        waitFor: AsyncStream<Void>? = nil, logger: Logger
    ) {
        self.kubeconfig = kubeconfig
        self.nodeName = nodeName
        self.dataDirectory = dataDirectory
        self.runtime = runtime
        self.waitFor = waitFor
        self.logger = logger
    }

    /// A node name as upstream derives it: the host name, lower-cased.
    public static var defaultNodeName: String { ProcessInfo.processInfo.hostName.lowercased() }

    public func run() async throws {
        if let waitFor {
            for await _ in waitFor { break }
        }
        var config = try ClientConfig.load(kubeconfigPaths: [kubeconfig])
        config.qps = 50
        config.burst = 100
        let client = try KubernetesClient(config: config)
        // Crash-only: a node agent that fails starts over (containers keep
        // running and are adopted) instead of ending the whole server.
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await runAgents(client: client)
                break
            } catch {
                logger.error("node agent failed, starting again in 5 s: \(error)")
                try? await Task.sleep(for: .seconds(5))
            }
        }
        try? await client.shutdown()
    }

    private func runAgents(client: KubernetesClient) async throws {
        let podLogs = dataDirectory.appendingPathComponent("pods")
        switch runtime {
        case .cri(let endpoint):
            var containerd: ContainerdProcess? = nil
            let socket: String
            if let endpoint {
                socket = endpoint
            } else {
                let process = ContainerdProcess(layout: ContainerdLayout(dataDirectory: dataDirectory), logger: logger)
                try await process.start()
                containerd = process
                socket = process.layout.socketPath
            }
            do {
                try await runAgent(client: client, socket: socket, ownContainerd: containerd != nil, podLogs: podLogs)
            } catch {
                await containerd?.stop()
                throw error
            }
            await containerd?.stop()
        case .simulated(let count, let behaviour):
            logger.info("simulating \(count) nodes named \(nodeName)-0 ... \(nodeName)-\(count - 1)")
            await cancelWhenGracefulShutdown {
                await withTaskGroup(of: Void.self) { group in
                    for index in 0..<count {
                        let name = "\(nodeName)-\(index)"
                        var configuration = NodeAgent.Configuration(
                            nodeName: name, podLogDirectory: podLogs.appendingPathComponent(name))
                        configuration.workers = 2
                        configuration.nodeIP = nodeIP
                        // Simulated nodes share the machine: each takes a free port.
                        configuration.port = 0
                        let agent = NodeAgent(
                            client: client, runtime: SimulatedRuntime(behaviour: behaviour),
                            configuration: configuration, logger: logger)
                        group.addTask {
                            do {
                                try await agent.run()
                            } catch {
                                logger.error("simulated node \(name) stopped: \(error)")
                            }
                        }
                    }
                }
            }
        }
    }

    /// Runs the agent on the CRI runtime at `socket` until shutdown.
    private func runAgent(client: KubernetesClient, socket: String, ownContainerd: Bool, podLogs: URL) async throws {
        try await CRIRuntime.connect(socketPath: socket) { runtime in
            // containerd listens before its CRI plugin answers.
            _ = try await runtime.waitUntilAnswering()
            if ownContainerd {
                try await SandboxImage.ensure(in: runtime, socketPath: socket, scratch: dataDirectory, logger: logger)
            }
            var configuration = NodeAgent.Configuration(nodeName: nodeName, podLogDirectory: podLogs)
            configuration.nodeIP = nodeIP
            configuration.port = port
            let agent = NodeAgent(client: client, runtime: runtime, configuration: configuration, logger: logger)
            await cancelWhenGracefulShutdown {
                do {
                    try await agent.run()
                } catch {
                    logger.error("node agent stopped: \(error)")
                }
            }
        }
    }
}

extension SandboxImage {
    /// Imports the sandbox image into the runtime unless it is there already.
    static func ensure(in runtime: CRIRuntime, socketPath: String, scratch: URL, logger: Logger) async throws {
        if try await runtime.imageStatus(reference) != nil { return }
        let file = scratch.appendingPathComponent("pause-image.tar")
        try archive().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try ImageImporter(socketPath: socketPath).importArchive(at: file.path)
        logger.info("imported the sandbox image \(reference)")
    }
}
