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

/// `swiftlet server`: the whole system in one process. For now that is the
/// API server; controllers, scheduler and node agent join it as they land.
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server", abstract: "Run Swiftlet on one machine (API server on embedded SQLite).")

    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await ControlPlane(options: options.apiServerOptions, label: "server").run()
    }
}
