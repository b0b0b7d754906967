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

    /// - Parameter leaderElection: when set, controllers run only while this
    ///   process holds the lease (caches fill either way).
    public init(
        client: KubernetesClient, leaderElection: LeaderElector.Configuration? = nil,
        logger: Logger = Logger(label: "swiftlet.controllerkit")
    ) {
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

    public func run() async throws {
        let wired = controllers.withLock { $0 }.map { ($0, $0.register(with: informers)) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.informers.run() }
            group.addTask {
                let runControllers: @Sendable () async throws -> Void = {
                    await withTaskGroup(of: Void.self) { controllers in
                        for (controller, sources) in wired {
                            controllers.addTask { await controller.run(informers: sources, logger: self.logger) }
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
