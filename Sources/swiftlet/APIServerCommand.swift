import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SwiftletAPIServer
import SwiftletControllers
import SwiftletSQLite
import SwiftletScheduler
import SwiftletStorage

/// `swiftlet apiserver`: the API server alone, on embedded SQLite.
struct APIServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apiserver", abstract: "Run the API server on embedded SQLite.")

    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await ControlPlane(options: options.apiServerOptions, label: "apiserver").run()
    }
}

/// `swiftlet server`: the whole system in one process: the API server, the
/// built-in controllers, the scheduler and a node agent running containers.
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract:
            "Run Swiftlet on one machine (API server on embedded SQLite, controllers, scheduler and a node agent).")

    @OptionGroup var options: ServerOptions

    @Option(help: "A KubeSchedulerConfiguration file for the scheduler (kubescheduler.config.k8s.io/v1).")
    var schedulerConfig: String?

    @Flag(help: "Run the control plane only, without a node agent.")
    var noNode = false

    @OptionGroup var node: NodeOptions

    func run() async throws {
        try await ControlPlane(
            options: options.apiServerOptions, label: "server", runControllers: true,
            schedulerConfiguration: try SchedulerConfiguration.load(path: schedulerConfig),
            node: noNode ? nil : node
        ).run()
    }
}

/// `swiftlet controller-manager`: the built-in controllers as their own
/// process, leader-elected so several copies can run.
struct ControllerManagerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "controller-manager", abstract: "Run the built-in controllers against an API server.")

    @Option(help: "The kubeconfig to reach the API server with.")
    var kubeconfig: String

    @Option(help: "Serve /healthz, /readyz and /metrics on this port of 127.0.0.1.")
    var healthPort: Int?

    @Option(help: "The controllers to run: * for all, NAME to add one, -NAME to leave one out (\"*,-cronjob\").")
    var controllers = "*"

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let logger = Logger(label: "swiftlet.controller-manager")
        let selected: Set<String>
        do {
            selected = try ControllerManager.selection(controllers)
        } catch {
            throw ValidationError("--controllers: \(error)")
        }
        var service = ControllerManagerService(kubeconfig: kubeconfig, healthPort: healthPort, logger: logger)
        service.controllers = selected
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: service)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
