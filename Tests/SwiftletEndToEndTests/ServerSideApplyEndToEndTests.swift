import Foundation
import Testing

extension EndToEnd {
    /// `kubectl apply --server-side`, `--force-conflicts` and
    /// `kubectl diff --server-side` against a real `swiftlet server`, on a
    /// built-in kind and on a custom one.
    @Suite("kubectl server-side apply", .serialized, .timeLimit(.minutes(5)))
    struct ServerSideApplyEndToEndTests {
        static func deployment(image: String, sidecar: Bool) -> String {
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: web
                    image: \(image)
            """ + (sidecar ? "\n      - name: log\n        image: busybox:1.36" : "")
        }

        @Test(arguments: ["1.32", "1.33", "1.31", "1.29"])
        func applyConflictsForceAndDiff(version: String) async throws {
            let server = try await SwiftletServerProcess.start()
            defer { server.removeData() }
            let kubectl = try Kubectl.version(version, for: server)

            let created = try await kubectl.ok(
                "apply", "--server-side", "-f", "-", stdin: Self.deployment(image: "nginx:1", sidecar: true))
            #expect(created.contains("deployment.apps/web serverside-applied"))
            let managers = try await kubectl.ok(
                "get", "deployment", "web", "--show-managed-fields", "-o",
                "jsonpath={range .metadata.managedFields[*]}{.manager}:{.operation} {end}")
            #expect(managers.contains("kubectl:Apply"), "\(managers)")

            // Another manager changes the image: the next apply of a different
            // image conflicts, naming it and the field.
            try await kubectl.ok("set", "image", "deployment/web", "web=nginx:edited")
            let conflict = try await kubectl(
                "apply", "--server-side", "-f", "-", stdin: Self.deployment(image: "nginx:2", sidecar: true))
            #expect(conflict.status != 0)
            #expect(conflict.stderr.contains("Apply failed with 1 conflict"), "\(conflict.stderr)")
            #expect(
                conflict.stderr.contains(#".spec.template.spec.containers[name="web"].image"#), "\(conflict.stderr)")
            #expect(
                try await kubectl.ok(
                    "get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}")
                    == "nginx:edited")

            // diff --server-side shows what the apply would do and changes nothing.
            let diff = try await kubectl(
                "diff", "--server-side", "--force-conflicts", "-f", "-",
                stdin: Self.deployment(image: "nginx:3", sidecar: false))
            #expect(diff.status == 1, "diff: \(diff.stderr)")
            let lines = diff.stdout.split(separator: "\n")
            #expect(lines.contains { $0.hasPrefix("+") && $0.contains("image: nginx:3") }, "\(diff.stdout)")
            #expect(lines.contains { $0.hasPrefix("-") && $0.contains("image: busybox:1.36") }, "\(diff.stdout)")
            #expect(
                try await kubectl.ok(
                    "get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[*].name}") == "web log")

            // Forced, the image is taken over; the dropped sidecar goes.
            try await kubectl.ok(
                "apply", "--server-side", "--force-conflicts", "-f", "-",
                stdin: Self.deployment(image: "nginx:3", sidecar: false))
            let containers = try await kubectl.ok(
                "get", "deployment", "web", "-o",
                "jsonpath={range .spec.template.spec.containers[*]}{.name}={.image} {end}")
            #expect(containers == "web=nginx:3 ")
        }

        /// An object kubectl applied client-side moves to server-side apply:
        /// kubectl hands its fields over to the applier (a JSON patch of
        /// managedFields) and applies again, which must change nothing.
        @Test func clientSideApplyMigratesToServerSide() async throws {
            let server = try await SwiftletServerProcess.start()
            defer { server.removeData() }
            let kubectl = try Kubectl.version("1.32", for: server)
            let manifest = Self.deployment(image: "nginx:1", sidecar: true)
            try await kubectl.ok("apply", "-f", "-", stdin: manifest)
            let migrated = try await kubectl("apply", "--server-side", "-f", "-", stdin: manifest)
            #expect(migrated.status == 0, "\(migrated.stderr)")
            #expect(!migrated.stderr.contains("Warning"), "\(migrated.stderr)")
            let managers = try await kubectl.ok(
                "get", "deployment", "web", "--show-managed-fields", "-o",
                "jsonpath={range .metadata.managedFields[*]}{.manager}:{.operation} {end}")
            #expect(!managers.contains("kubectl-client-side-apply"), "\(managers)")
            #expect(
                try await kubectl.ok("get", "deployment", "web", "-o", "jsonpath={.spec.template.metadata.labels.app}")
                    == "web")
            let diff = try await kubectl("diff", "--server-side", "-f", "-", stdin: manifest)
            #expect(diff.status == 0, "\(diff.stdout)\(diff.stderr)")
        }

        @Test func customResourcesApplyServerSide() async throws {
            let server = try await SwiftletServerProcess.start()
            defer { server.removeData() }
            let kubectl = try Kubectl.version("1.32", for: server)
            try await kubectl.ok("apply", "--server-side", "-f", "-", stdin: KopfOperatorEndToEndTests.crd)
            try await kubectl.ok("wait", "--for=condition=Established", "crd/greetings.example.swiftlet.dev")
            let greeting = """
                apiVersion: example.swiftlet.dev/v1
                kind: Greeting
                metadata: {name: hi}
                spec: {who: world}
                """
            try await kubectl.ok("apply", "--server-side", "-f", "-", stdin: greeting)
            try await kubectl.ok(
                "patch", "greeting", "hi", "--type=merge", "-p", #"{"spec":{"who":"someone"}}"#,
                "--field-manager=editor")
            let conflict = try await kubectl(
                "apply", "--server-side", "-f", "-", stdin: greeting.replacingOccurrences(of: "world", with: "again"))
            #expect(conflict.status != 0)
            #expect(conflict.stderr.contains(#"conflict with "editor""#), "\(conflict.stderr)")
            try await kubectl.ok(
                "apply", "--server-side", "--force-conflicts", "-f", "-",
                stdin: greeting.replacingOccurrences(of: "world", with: "again"))
            #expect(try await kubectl.ok("get", "greeting", "hi", "-o", "jsonpath={.spec.who}") == "again")
        }
    }
}
