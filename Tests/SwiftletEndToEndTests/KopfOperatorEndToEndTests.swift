import Foundation
import Testing

extension EndToEnd {
    /// kopf, the Python operator framework (PyPI `kopf` 1.37.2, installed by
    /// `make test` into `.venv-tests`), runs an operator against a real
    /// `swiftlet server`: its create, update and delete handlers fire, its
    /// finalizer holds the object until the delete handler ran, and its
    /// status patches and events land.
    @Suite("kopf operator", .timeLimit(.minutes(3)))
    struct KopfOperatorEndToEndTests {
        static let crd = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: greetings.example.swiftlet.dev
            spec:
              group: example.swiftlet.dev
              scope: Namespaced
              names: {plural: greetings, singular: greeting, kind: Greeting}
              versions:
              - name: v1
                served: true
                storage: true
                subresources: {status: {}}
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        required: [who]
                        properties:
                          who: {type: string}
                      status:
                        type: object
                        x-kubernetes-preserve-unknown-fields: true
            """

        @Test func handlersFinalizerStatusAndEvents() async throws {
            let kopf = ClientCompatibilityTests.root.appendingPathComponent(".venv-tests/bin/kopf").path
            try #require(
                FileManager.default.isExecutableFile(atPath: kopf),
                "no kopf at \(kopf): scripts/install-test-deps.sh (run by make test) installs it")
            let script = ClientCompatibilityTests.root.appendingPathComponent(
                "Tests/SwiftletEndToEndTests/Python/kopf_operator.py"
            ).path
            let server = try await SwiftletServerProcess.start()
            defer { server.removeData() }
            let kubectl = try Kubectl.version("1.32", for: server)
            try await kubectl.ok("apply", "-f", "-", stdin: Self.crd)
            var environment = ProcessInfo.processInfo.environment
            environment["KUBECONFIG"] = server.kubeconfig
            let op = try RunningProcess(
                kopf, ["run", "--standalone", "--all-namespaces", "--verbose", script], environment: environment)
            defer { op.signal(SIGKILL) }
            #expect(await op.waitForOutput(timeout: .seconds(60)) { $0.contains("kopf operator starting") })
            let operatorLog = { "\noperator: \(op.stderr.suffix(3000))" }

            try await kubectl.ok(
                "apply", "-f", "-",
                stdin: """
                    apiVersion: example.swiftlet.dev/v1
                    kind: Greeting
                    metadata:
                      name: hello
                    spec:
                      who: world
                    """)
            try await kubectl.eventually(
                "the create handler's status", "get", "greeting", "hello", "-o", "jsonpath={.status.greet.message}",
                context: operatorLog
            ) { $0 == "hello world" }
            let finalizers = try await kubectl("get", "greeting", "hello", "-o", "jsonpath={.metadata.finalizers}")
            #expect(finalizers.stdout.contains("kopf.zalando.org/KopfFinalizerMarker"))
            try await kubectl.eventually(
                "the Greeted event", "get", "events", "--field-selector", "involvedObject.name=hello", "-o",
                "jsonpath={.items[*].reason}", context: operatorLog
            ) { $0.contains("Greeted") }

            try await kubectl.ok("patch", "greeting", "hello", "--type=merge", "-p", #"{"spec":{"who":"swift"}}"#)
            try await kubectl.eventually(
                "the update handler's status", "get", "greeting", "hello", "-o", "jsonpath={.status.lastGreeting}",
                context: operatorLog
            ) { $0 == "hello again swift" }

            try await kubectl.ok("delete", "greeting", "hello", "--wait=true", "--timeout=60s")
            #expect(op.stdout.contains("farewell hello"), "operator: \(op.stderr.suffix(3000))")
            #expect(try await kubectl("get", "greeting", "hello").status != 0)
            op.signal(SIGTERM)
            _ = await op.wait(timeout: .seconds(15))
            _ = await server.stop()
        }
    }
}
