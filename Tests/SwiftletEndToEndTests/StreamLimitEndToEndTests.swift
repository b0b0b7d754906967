import Foundation
import Testing

extension EndToEnd {
    /// One HTTP/2 connection cannot run more requests at once than the
    /// server advertises: a client (PyPI `h2`, installed by `make test`)
    /// that ignores the limit does not get more streams served.
    @Suite("HTTP/2 stream limit", .timeLimit(.minutes(2)))
    struct StreamLimitEndToEndTests {
        @Test func streamsBeyondTheAdvertisedLimitAreNotServed() async throws {
            let python = ClientCompatibilityTests.root.appendingPathComponent(".venv-tests/bin/python").path
            try #require(
                FileManager.default.isExecutableFile(atPath: python),
                "no Python at \(python): scripts/install-test-deps.sh (run by make test) installs it")
            let script = ClientCompatibilityTests.root.appendingPathComponent(
                "Tests/SwiftletEndToEndTests/Python/h2_stream_limit.py"
            ).path
            let server = try await SwiftletServerProcess.start()
            defer { server.removeData() }
            let result = try await run(
                python, [script, server.kubeconfig], environment: ProcessInfo.processInfo.environment, stdin: nil,
                timeout: .seconds(60))
            #expect(result.status == 0, "\(result.stderr)")
            var values: [String: String] = [:]
            for line in result.stdout.split(separator: "\n") {
                let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                if parts.count == 2 { values[parts[0]] = parts[1] }
            }
            let limit = try #require(values["limit"].flatMap { Int($0) }, "\(result.stdout)")
            #expect(limit == 100)
            let answered = Int(values["answered"] ?? "") ?? -1
            #expect(answered >= 0 && answered <= limit, "\(result.stdout)")
            // The excess is refused stream by stream or with the connection.
            #expect(values["ended"] == "True" || Int(values["refused"] ?? "") ?? 0 >= limit / 2)
            // And the server goes on serving.
            let kubectl = try Kubectl.version("1.32", for: server)
            try await kubectl.ok("get", "namespaces")
        }
    }
}
