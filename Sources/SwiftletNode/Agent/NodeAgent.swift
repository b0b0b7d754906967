import Foundation
import Logging
import SwiftletAPI
import SwiftletCRI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels

/// The node agent: registers this machine as a Node, keeps its Lease and
/// status fresh, and runs the pods bound to it on a container runtime,
/// reporting their status. It reaches the API server only through the
/// client, like every component.
public final class NodeAgent: Sendable {
    public struct Configuration: Sendable {
        public var nodeName: String
        /// Where container logs are written, one folder per pod.
        public var podLogDirectory: URL
        /// Pods synced at once.
        public var workers = 4
        /// How often the runtime is listed for changes it made by itself.
        public var relistPeriod: Duration = .seconds(1)
        /// The address the node reports and serves its endpoint on (default:
        /// the machine's first IPv4 address that is not loopback).
        public var nodeIP: String? = nil
        /// The port of the node's HTTPS endpoint (0 picks a free one; upstream's is 10250).
        public var port = 10250

        public init(nodeName: String, podLogDirectory: URL) {
            self.nodeName = nodeName
            self.podLogDirectory = podLogDirectory
        }
    }

    let client: KubernetesClient
    let runtime: any ContainerRuntime
    let configuration: Configuration
    let logger: Logger

    public init(
        client: KubernetesClient, runtime: any ContainerRuntime, configuration: Configuration, logger: Logger
    ) {
        self.client = client
        self.runtime = runtime
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs until cancelled.
    public func run() async throws {
        let version = try await runtime.waitUntilAnswering()
        let runtimeVersion = "\(version.runtimeName)://\(version.runtimeVersion)"
        logger.info("node \(configuration.nodeName): runtime \(runtimeVersion)")
        try FileManager.default.createDirectory(at: configuration.podLogDirectory, withIntermediateDirectories: true)
        var machine = MachineFacts.read(storagePath: configuration.podLogDirectory.path)
        if let ip = configuration.nodeIP { machine.internalIP = ip }
        let facts = machine
        let runtime = self.runtime
        let client = self.client

        let manager = Manager(client: client, logger: logger)
        let nodeName = configuration.nodeName
        let pods = manager.informers.informer(for: CoreV1.Pod.resource, namespace: nil, as: CoreV1.Pod.self) {
            Informer(
                client: client, type: CoreV1.Pod.self, options: ListOptions(fieldSelector: "spec.nodeName=\(nodeName)"))
        }
        let events = EventRecorder(client: client, component: "kubelet")
        let probes = ProbeManager(runtime: runtime, events: events, logger: logger)
        let syncer = PodSyncer(
            client: client, runtime: runtime, nodeName: nodeName, hostIP: facts.internalIP,
            logRoot: configuration.podLogDirectory, pods: pods.store, state: PodWorkState(), probes: probes,
            events: events, logger: logger)
        let controller = Controller.custom(
            name: "pod-sync", maxConcurrentReconciles: configuration.workers, reconciler: syncer
        ) { _, enqueue in
            @Sendable func key(_ pod: CoreV1.Pod) -> NamespacedName {
                NamespacedName(namespace: pod.namespace ?? "", name: pod.name ?? "")
            }
            pods.addHandler(
                EventHandler(
                    onAdd: { enqueue(key($0)) }, onUpdate: { _, new in enqueue(key(new)) },
                    onDelete: { enqueue(key($0)) }))
            return [pods]
        }
        manager.add(controller)
        let relister = RuntimeRelister(runtime: runtime, period: configuration.relistPeriod, logger: logger)
        let stopping = StopFlag()
        let server = NodeServer(
            nodeName: nodeName, address: facts.internalIP, port: configuration.port,
            clusterCAPEM: client.config.caPEM ?? [],
            logs: ContainerLogFiles(
                root: configuration.podLogDirectory, pods: pods.store, runtime: runtime, stopping: stopping),
            streams: NodeStreams(runtime: runtime, logger: logger),
            logger: logger)
        let (listening, listeningSink) = AsyncStream.makeStream(of: Int.self)
        let logger = self.logger
        // Cancellation stops the agent; followed logs learn it from the flag.
        try await withTaskCancellationHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.run { port in listeningSink.yield(port) } }
                var endpointPort = 0
                for await port in listening {
                    endpointPort = port
                    break
                }
                logger.info("node \(nodeName) serves its endpoint on https://\(facts.internalIP):\(endpointPort)")
                let heartbeat = NodeHeartbeat(
                    client: client, nodeName: nodeName, facts: facts, endpointPort: endpointPort,
                    runtimeVersion: runtimeVersion, images: { await Self.nodeImages(runtime) }, logger: logger)
                let nodeUID = try await retrying("register node") { try await heartbeat.register() }
                group.addTask { try await manager.run() }
                group.addTask { try await heartbeat.run(nodeUID: nodeUID) }
                group.addTask {
                    await pods.waitForSync()
                    try await relister.run { await controller.enqueue($0) }
                }
                group.addTask { await probes.run { await controller.enqueue($0) } }
                try await group.next()
                group.cancelAll()
            }
        } onCancel: {
            stopping.set()
        }
    }

    private func retrying<T: Sendable>(_ what: String, _ body: () async throws -> T) async throws -> T {
        var delay: Duration = .milliseconds(200)
        while true {
            do {
                return try await body()
            } catch let error where !(error is CancellationError) {
                logger.warning("\(what) failed, retrying: \(error)")
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(10))
            }
        }
    }

    /// The node's images as upstream lists them in `status.images`.
    static func nodeImages(_ runtime: any ContainerRuntime) async -> JSONValue {
        guard let images = try? await runtime.listImages() else { return [] }
        return .array(
            images.prefix(50).map { image in
                [
                    "names": .array((image.repoDigests + image.repoTags).map { .string($0) }),
                    "sizeBytes": .int(Int64(image.size)),
                ]
            })
    }
}

extension ContainerRuntime {
    /// The runtime's version once it answers, or the last error after 60 s.
    func waitUntilAnswering() async throws -> Runtime_V1_VersionResponse {
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            do {
                return try await version()
            } catch {
                if ContinuousClock.now > deadline { throw error }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }
}
