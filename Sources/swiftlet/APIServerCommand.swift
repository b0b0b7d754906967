import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SwiftletAPIServer
import SwiftletSQLite
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

/// `swiftlet server`: the whole system in one process: the API server and
/// the built-in controllers (scheduler and node agent join as they land).
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server", abstract: "Run Swiftlet on one machine (API server on embedded SQLite and controllers).")

    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await ControlPlane(options: options.apiServerOptions, label: "server", runControllers: true).run()
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

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let logger = Logger(label: "swiftlet.controller-manager")
        let service = ControllerManagerService(kubeconfig: kubeconfig, healthPort: healthPort, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: service)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
