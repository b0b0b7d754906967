import Foundation
import Logging
import SwiftletClient
import SwiftletModels
import Synchronization

/// Runs a set of controllers with shared informers, optionally only while
/// holding a leader-election lease, until cancelled.
public final class Manager: Sendable {
    public let client: KubernetesClient
    public let informers: SharedInformerFactory
    private let controllers = Mutex<[Controller]>([])
    let leaderElection: LeaderElector.Configuration?
    let logger: Logger
    /// Reconcile counts, errors and latencies of every controller.
    public let metrics = ControllerMetrics()
    private let leading = Mutex(false)
    struct Endpoint: Sendable {
        var host: String
        var port: Int
    }
    let endpoints: Endpoint?
    private let boundPort = Mutex<Int?>(nil)

    /// The port the endpoints listen on, once they do.
    public var endpointsPort: Int? { boundPort.withLock { $0 } }

    /// - Parameter leaderElection: when set, controllers run only while this
    ///   process holds the lease (caches fill either way).
    /// - Parameter endpoints: where to serve /healthz, /readyz and /metrics
    ///   over plain HTTP (port 0 picks a free one); nil serves none.
    public init(
        client: KubernetesClient, leaderElection: LeaderElector.Configuration? = nil,
        endpoints: (host: String, port: Int)? = nil, logger: Logger = Logger(label: "swiftlet.controllerkit")
    ) {
        self.endpoints = endpoints.map { Endpoint(host: $0.host, port: $0.port) }
        self.client = client
        self.informers = SharedInformerFactory(client: client)
        self.leaderElection = leaderElection
        self.logger = logger
    }

    /// Adds a controller; call before `run`.
    public func add(_ controller: Controller) {
        controllers.withLock { $0.append(controller) }
    }

    /// The shared typed informer of a kind, for listers in reconcilers.
    public func informer<R: KubernetesResource>(for type: R.Type) -> Informer<R> {
        informers.informer(for: type)
    }

    /// True once every informer has listed once.
    public var isSynced: Bool { informers.all.allSatisfy(\.hasSynced) }

    /// True while this process runs the controllers (always, without leader election).
    public var isLeading: Bool { leading.withLock { $0 } }

    public func run() async throws {
        let wired = controllers.withLock { $0 }.map { ($0, $0.register(with: informers)) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.informers.run() }
            if let endpoints {
                group.addTask {
                    try await ManagerEndpoints(host: endpoints.host, port: endpoints.port, manager: self).run { port in
                        self.boundPort.withLock { $0 = port }
                    }
                }
            }
            group.addTask {
                let runControllers: @Sendable () async throws -> Void = {
                    self.leading.withLock { $0 = true }
                    defer { self.leading.withLock { $0 = false } }
                    await withTaskGroup(of: Void.self) { controllers in
                        for (controller, sources) in wired {
                            controllers.addTask {
                                await controller.run(informers: sources, logger: self.logger, metrics: self.metrics)
                            }
                        }
                    }
                }
                if let leaderElection = self.leaderElection {
                    try await LeaderElector(client: self.client, configuration: leaderElection).run(
                        lead: runControllers)
                } else {
                    try await runControllers()
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }
}
