import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SwiftletClient
import SwiftletScheduler

/// `swiftlet scheduler`: the scheduler as its own process, leader-elected
/// on `kube-system/kube-scheduler` so several copies can run.
struct SchedulerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler", abstract: "Run the scheduler against an API server.")

    @Option(help: "The kubeconfig to reach the API server with.")
    var kubeconfig: String

    @Option(help: "A KubeSchedulerConfiguration file (kubescheduler.config.k8s.io/v1).")
    var config: String?

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let logger = Logger(label: "swiftlet.scheduler")
        let configuration = try SchedulerConfiguration.load(path: config)
        let service = SchedulerRunner(kubeconfig: kubeconfig, configuration: configuration, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: service)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

extension SchedulerConfiguration {
    /// The file's configuration, or the defaults without a file.
    static func load(path: String?) throws -> SchedulerConfiguration {
        guard let path else { return SchedulerConfiguration() }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        do {
            return try SchedulerConfiguration(text: text)
        } catch {
            throw ValidationError("\(path): \(error)")
        }
    }
}

/// Runs the scheduler once the API server answers, until shutdown.
struct SchedulerRunner: Service {
    let kubeconfig: String
    var configuration = SchedulerConfiguration()
    var identity = LeaderElector.defaultIdentity()
    var waitFor: AsyncStream<Void>? = nil
    let logger: Logger

    func run() async throws {
        if let waitFor {
            for await _ in waitFor { break }
        }
        var clientConfig = try ClientConfig.load(kubeconfigPaths: [kubeconfig])
        clientConfig.qps = configuration.qps
        clientConfig.burst = configuration.burst
        let client = try KubernetesClient(config: clientConfig)
        let election =
            configuration.leaderElect
            ? LeaderElector.Configuration(
                leaseName: configuration.leaseName, leaseNamespace: configuration.leaseNamespace, identity: identity)
            : nil
        let scheduler = SchedulerService(
            client: client, configuration: configuration, leaderElection: election, logger: logger)
        logger.info("scheduler starting with profiles \(configuration.profiles.map(\.schedulerName))")
        await cancelWhenGracefulShutdown {
            try? await scheduler.run()
        }
        try? await client.shutdown()
    }
}
