import ArgumentParser
import Foundation
import SwiftletAPI

/// Benchmarks that measure Swiftlet against its anchors in the same run.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swiftlet-bench", abstract: "Swiftlet benchmarks.",
        subcommands: [
            APIBenchmark.self, InformerBenchmark.self, SchedulerBenchmark.self, PodStartupBenchmark.self,
            CustomResourceBenchmark.self, ApplyBenchmark.self,
        ])
}

/// What each benchmark starts from: the `swiftlet` binary it runs and a
/// scratch directory of its own.
enum BenchWorkspace {
    /// The binary given, or the `swiftlet` built beside this program.
    static func swiftletBinary(_ given: String?) -> String {
        given
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("swiftlet").path
    }

    /// A fresh directory under the temporary one; the caller removes it.
    static func scratchDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlet-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The first line of every report: the machine the numbers are from.
    static func printMachine() {
        print(
            "machine: \(ProcessInfo.processInfo.processorCount) cores, \(ProcessInfo.processInfo.physicalMemory / 1_073_741_824) GiB"
        )
    }

    /// `swiftlet apiserver` on a fresh data directory under `directory`,
    /// settled, with a `bench` namespace; `body` drives it over TLS.
    /// `idle` sees the server once settled, before any request reaches it.
    static func withAPIServer(
        binary: String, directory: URL, idle: (ServerUnderTest) -> Void = { _ in },
        _ body: (ServerUnderTest, BenchClient) async throws -> Void
    ) async throws {
        let server = try ServerUnderTest.start(binary: binary, dataDir: directory.appendingPathComponent("data"))
        defer { server.stop() }
        try await Task.sleep(for: .seconds(2))
        idle(server)
        let client = try server.makeClient()
        let api = BenchClient(client: client, base: server.baseURL)
        do {
            _ = try await api.send(
                .POST, "/api/v1/namespaces",
                body: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "bench"]])
            try await body(server, api)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }
}
