import Foundation
import Testing

extension EndToEnd {
    /// The WebApp example operator as a user runs it: the CRD it prints is
    /// applied with kubectl, the operator runs as its own process, and kubectl
    /// creates, scales and deletes WebApps on a server whose one node runs
    /// pods on the simulated runtime.
    @Suite("WebApp operator end to end", .timeLimit(.minutes(3)))
    struct WebAppOperatorEndToEndTests {
        /// `swift package generate-crd --product webapp-operator`, which
        /// `make test` runs before the tests, writes the CRD the operator
        /// derives from its Swift types.
        @Test func packagePluginWritesTheOperatorsCRD() async throws {
            let written = ClientCompatibilityTests.root.appendingPathComponent(".build/generated/webapp-crd.yaml")
            let yaml = try #require(
                try? String(contentsOf: written, encoding: .utf8),
                "no \(written.path): make test writes it with swift package generate-crd")
            let binary = URL(fileURLWithPath: SwiftletServerProcess.binary).deletingLastPathComponent()
                .appendingPathComponent("webapp-operator").path
            let printed = await (try RunningProcess(binary, ["crd"], environment: ProcessInfo.processInfo.environment))
                .wait(timeout: .seconds(20))
            #expect(printed.status == 0)
            #expect(yaml == printed.stdout)
            #expect(yaml.contains("kind: \"CustomResourceDefinition\""))
            #expect(yaml.contains("specReplicasPath: \".spec.replicas\""))
        }

        @Test func createsScalesAndDeletesWebApps() async throws {
            let binary = URL(fileURLWithPath: SwiftletServerProcess.binary).deletingLastPathComponent()
                .appendingPathComponent("webapp-operator").path
            try #require(FileManager.default.isExecutableFile(atPath: binary), "no webapp-operator at \(binary)")
            let crd = try RunningProcess(binary, ["crd"], environment: ProcessInfo.processInfo.environment)
            let printed = await crd.wait(timeout: .seconds(20))
            #expect(printed.status == 0)
            let yaml = printed.stdout
            #expect(yaml.contains("name: \"webapps.example.swiftlet.dev\""))

            let server = try await SwiftletServerProcess.start(simulatedNode: true)
            defer { server.removeData() }
            let kubectl = try Kubectl.version("1.32", for: server)
            try await kubectl.ok("apply", "-f", "-", stdin: yaml)
            try await kubectl.ok(
                "wait", "--for=condition=Established", "crd/webapps.example.swiftlet.dev", "--timeout=20s")
            let op = try RunningProcess(
                binary, ["--kubeconfig", server.kubeconfig], environment: ProcessInfo.processInfo.environment)
            #expect(await op.waitForOutput(timeout: .seconds(20)) { $0.contains("running") })

            try await kubectl.ok(
                "apply", "-f", "-",
                stdin: """
                    apiVersion: example.swiftlet.dev/v1
                    kind: WebApp
                    metadata:
                      name: shop
                    spec:
                      image: nginx:1.27
                      replicas: 2
                    """)
            try await kubectl.eventually(
                "two ready replicas", "get", "webapp", "shop", "-o", "jsonpath={.status.readyReplicas}"
            ) { $0 == "2" }
            let owner = try await kubectl(
                "get", "deployment", "shop", "-o", "jsonpath={.metadata.ownerReferences[0].kind}")
            #expect(owner.stdout == "WebApp")
            #expect(try await kubectl("get", "service", "shop", "-o", "jsonpath={.spec.ports[0].port}").stdout == "80")
            let table = try await kubectl("get", "wa")
            #expect(table.stdout.contains("IMAGE"), "\(table.stdout)")
            #expect(table.stdout.contains("nginx:1.27"), "\(table.stdout)")
            let ready = try await kubectl("get", "webapp", "shop", "-o", "jsonpath={.status.conditions[0].status}")
            #expect(ready.stdout == "True")

            try await kubectl.ok("scale", "webapp", "shop", "--replicas=3")
            try await kubectl.eventually(
                "the deployment follows the scale", "get", "deployment", "shop", "-o", "jsonpath={.spec.replicas}"
            ) { $0 == "3" }
            try await kubectl.eventually(
                "three ready replicas", "get", "webapp", "shop", "-o", "jsonpath={.status.readyReplicas}"
            ) { $0 == "3" }

            let invalid = try await kubectl(
                "apply", "-f", "-",
                stdin: """
                    apiVersion: example.swiftlet.dev/v1
                    kind: WebApp
                    metadata:
                      name: broken
                    spec:
                      image: ""
                      replicas: 1000
                    """)
            #expect(invalid.status != 0)
            #expect(
                invalid.stderr.contains("spec.replicas in body should be less than or equal to 100"),
                "\(invalid.stderr)")

            try await kubectl.ok("delete", "webapp", "shop", "--wait=true", "--timeout=30s")
            try await kubectl.eventually(
                "owned objects collected", "get", "deployments,services", "-l", "app.kubernetes.io/name=shop", "-o",
                "name"
            ) { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
            op.signal(SIGTERM)
            _ = await op.wait(timeout: .seconds(10))
            _ = await server.stop()
        }
    }
}
