import Foundation
import Testing

extension EndToEnd {
    /// The official Python client (PyPI `kubernetes` 32.0.1, installed by
    /// `make test` into `.venv-tests`) drives a real `swiftlet server`.
    @Suite("official Python client", .timeLimit(.minutes(3)))
    struct ClientCompatibilityTests {
        static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()

        @Test func pythonClientScenario() async throws {
            let python = Self.root.appendingPathComponent(".venv-tests/bin/python").path
            try #require(
                FileManager.default.isExecutableFile(atPath: python),
                "no Python client at \(python): scripts/install-test-deps.sh (run by make test) installs it")
            let script = Self.root.appendingPathComponent("Tests/SwiftletEndToEndTests/Python/client_scenario.py").path
            let server = try await SwiftletServerProcess.start()
            defer { server.removeData() }
            let result = try await run(
                python, [script, server.kubeconfig], environment: ProcessInfo.processInfo.environment, stdin: nil,
                timeout: .seconds(120))
            #expect(result.status == 0 && !result.timedOut, "python: \(result.stderr)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first == "version v1.32.0")
            #expect(lines.contains("watch ADDED later"))
            #expect(lines.contains("scale 3"))
            #expect(lines.contains("apply py"))
            #expect(lines.contains("yaml yaml"))
            #expect(lines.contains("json-patch ok"))
            #expect(lines.contains("foreground delete ok"))
            #expect(lines.contains("errors 404 422"))
            #expect(lines.last == "ok")
            #expect(await server.stop().status == 0)
        }
    }
}
