import Foundation
import Testing

extension EndToEnd {
    /// The example operator as a user runs it: its own process, talking to a
    /// running `swiftlet server` through a kubeconfig.
    @Suite("example operator end to end", .timeLimit(.minutes(3)))
    struct MirrorOperatorEndToEndTests {
        @Test func mirrorsLabelledConfigMapsAndCleansUp() async throws {
            let operatorBinary = URL(fileURLWithPath: SwiftletServerProcess.binary).deletingLastPathComponent()
                .appendingPathComponent("configmap-mirror").path
            try #require(
                FileManager.default.isExecutableFile(atPath: operatorBinary), "no configmap-mirror at \(operatorBinary)"
            )
            let server = try await SwiftletServerProcess.start()
            defer { server.removeData() }
            let kubectl = try Kubectl.version("1.32", for: server)
            let mirror = try RunningProcess(
                operatorBinary, ["--kubeconfig", server.kubeconfig], environment: ProcessInfo.processInfo.environment)
            #expect(await mirror.waitForOutput(timeout: .seconds(20)) { $0.contains("running") })

            try await kubectl.ok(
                "apply", "-f", "-",
                stdin: """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: shared-settings
                      namespace: default
                      labels:
                        swiftlet.dev/mirror: "true"
                    data:
                      color: blue
                    """)
            func copies() async throws -> String {
                try await kubectl(
                    "get", "configmaps", "-A", "--field-selector", "metadata.name=shared-settings", "-o",
                    "jsonpath={range .items[*]}{.metadata.namespace}={.data.color} {end}"
                ).stdout
            }
            let expected = ["default=blue", "kube-node-lease=blue", "kube-public=blue", "kube-system=blue"]
            var seen = ""
            for _ in 0..<200 {
                seen = try await copies()
                if expected.allSatisfy(seen.contains) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(expected.allSatisfy(seen.contains), "copies: \(seen)")

            try await kubectl.ok(
                "delete", "configmap", "shared-settings", "-n", "default", "--wait=true", "--timeout=30s")
            for _ in 0..<200 {
                seen = try await copies()
                if seen.trimmingCharacters(in: .whitespaces).isEmpty { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(seen.trimmingCharacters(in: .whitespaces).isEmpty, "left behind: \(seen)")
            mirror.signal(SIGTERM)
            _ = await mirror.wait(timeout: .seconds(10))
            _ = await server.stop()
        }
    }
}
