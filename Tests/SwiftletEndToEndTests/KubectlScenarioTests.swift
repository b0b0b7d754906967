import Foundation
import Testing

extension EndToEnd {
    /// Drives a real `swiftlet server` with real kubectl binaries, as a user would.
    @Suite("kubectl end to end", .serialized, .timeLimit(.minutes(10)))
    struct KubectlScenarioTests {

        static let namespaceManifest = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
              labels:
                team: web
            """

        static func configMapManifest(name: String, data: String) -> String {
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: \(name)
              namespace: shop
            data:
              \(data)
            """
        }

        static func deploymentManifest(image: String, replicas: Int, extraLabel: String? = nil) -> String {
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
              labels:
                app: web\(extraLabel.map { "\n    \($0)" } ?? "")
            spec:
              replicas: \(replicas)
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                  - name: web
                    image: \(image)
                    ports:
                    - containerPort: 80
                  - name: log
                    image: busybox:1.36
            """
        }

        @Test(arguments: ["1.32", "1.27", "1.29", "1.31", "1.33"])
        func everydayKubectl(version: String) async throws {
            let server = try await SwiftletServerProcess.start()
            defer { server.removeData() }
            let kubectl = try Kubectl.version(version, for: server)
            // kubectl 1.27 validates files, diffs and explains from
            // /openapi/v2, which this server answers 404 (only v3 is served):
            // it creates and applies unvalidated, and its diff and explain
            // fail with that 404.
            let needsOpenAPIv2 = version == "1.27"
            let fileFlags = needsOpenAPIv2 ? ["--validate=false"] : []

            // The server reports v1.32, so the dispatcher-free binary talks to it directly.
            let version = try await kubectl.ok("version", "-o", "json")
            #expect(version.contains("\"gitVersion\": \"v1.32.0\""))

            // Create from a file, then apply a Deployment twice (the second time changed).
            try await kubectl.ok(arguments: ["create", "-f", "-"] + fileFlags, stdin: Self.namespaceManifest)
            let applied = try await kubectl.ok(
                arguments: ["apply", "-f", "-"] + fileFlags,
                stdin: Self.deploymentManifest(image: "nginx:1.27", replicas: 2))
            #expect(applied.contains("deployment.apps/web created"))
            let reapplied = try await kubectl.ok(
                arguments: ["apply", "-f", "-"] + fileFlags,
                stdin: Self.deploymentManifest(image: "nginx:1.28", replicas: 3, extraLabel: "tier: front"))
            #expect(reapplied.contains("deployment.apps/web configured"))

            // Server-side apply with a field manager of its own.
            let serverSide = try await kubectl.ok(
                arguments: ["apply", "--server-side", "--field-manager=matrix", "-f", "-"] + fileFlags,
                stdin: Self.configMapManifest(name: "owned", data: "mode: ssa"))
            #expect(serverSide.contains("configmap/owned serverside-applied"))
            let owners = try await kubectl.ok(
                "get", "configmap", "owned", "-n", "shop", "--show-managed-fields", "-o",
                "jsonpath={.metadata.managedFields[*].manager}:{.metadata.managedFields[*].operation}")
            #expect(owners == "matrix:Apply")
            let images = try await kubectl.ok(
                "get", "deploy", "web", "-n", "shop", "-o",
                "jsonpath={.spec.template.spec.containers[*].image} {.spec.replicas} {.metadata.labels.tier}")
            #expect(images == "nginx:1.28 busybox:1.36 3 front")

            // diff shows a pending change (exit 1) through a server-side dry run and stores nothing.
            // kubectl 1.27's diff reads /openapi/v2 first and stops at its 404.
            if needsOpenAPIv2 {
                let diff = try await kubectl(
                    "diff", "-f", "-",
                    stdin: Self.deploymentManifest(image: "nginx:1.29", replicas: 3, extraLabel: "tier: front"))
                #expect(diff.status == 2 && diff.stderr.contains("NotFound"), "diff: \(diff.stderr)")
            } else {
                let diff = try await kubectl(
                    "diff", "-f", "-",
                    stdin: Self.deploymentManifest(image: "nginx:1.29", replicas: 3, extraLabel: "tier: front"))
                #expect(diff.status == 1, "diff: \(diff.stderr)")
                let diffLines = diff.stdout.split(separator: "\n")
                #expect(
                    diffLines.contains { $0.hasPrefix("-") && $0.contains("image: nginx:1.28") },
                    "diff: \(diff.stdout)")
                #expect(
                    diffLines.contains { $0.hasPrefix("+") && $0.contains("image: nginx:1.29") },
                    "diff: \(diff.stdout)")
                let unchanged = try await kubectl(
                    "diff", "-f", "-",
                    stdin: Self.deploymentManifest(image: "nginx:1.28", replicas: 3, extraLabel: "tier: front"))
                #expect(unchanged.status == 0, "diff of the live state: \(unchanged.stdout)\(unchanged.stderr)")
            }

            // replace puts a whole object.
            try await kubectl.ok(
                arguments: ["create", "-f", "-"] + fileFlags,
                stdin: Self.configMapManifest(name: "settings", data: "mode: a"))
            try await kubectl.ok(
                arguments: ["replace", "-f", "-"] + fileFlags,
                stdin: Self.configMapManifest(name: "settings", data: "mode: b"))
            let replaced = try await kubectl.ok(
                "get", "configmap", "settings", "-n", "shop", "-o", "jsonpath={.data.mode}")
            #expect(replaced == "b")

            // Reading: table, yaml, wide, labels, all namespaces.
            let table = try await kubectl.ok("get", "deployments", "-n", "shop")
            #expect(
                table.contains("NAME") && table.contains("READY") && table.contains("UP-TO-DATE")
                    && table.contains("web"))
            let yaml = try await kubectl.ok("get", "deployment", "web", "-n", "shop", "-o", "yaml")
            #expect(yaml.contains("kind: Deployment") && yaml.contains("resourceVersion:"))
            let wide = try await kubectl.ok("get", "deploy", "-n", "shop", "-o", "wide")
            #expect(wide.contains("CONTAINERS") && wide.contains("nginx:1.28,busybox:1.36"))
            let labels = try await kubectl.ok("get", "ns", "shop", "--show-labels")
            #expect(labels.contains("team=web"))
            let all = try await kubectl.ok("get", "namespaces", "-A")
            for ns in ["default", "kube-system", "kube-public", "kube-node-lease", "shop"] { #expect(all.contains(ns)) }
            let everywhere = try await kubectl.ok("get", "deploy", "-A")
            #expect(everywhere.contains("NAMESPACE") && everywhere.contains("shop"))

            // Label, annotate, and the three patch types.
            try await kubectl.ok("label", "deploy", "web", "-n", "shop", "stage=beta")
            try await kubectl.ok("annotate", "deploy", "web", "-n", "shop", "owner=alice")
            try await kubectl.ok(
                "patch", "deploy", "web", "-n", "shop", "--type=merge", "-p",
                #"{"metadata":{"labels":{"merged":"yes"}}}"#)
            try await kubectl.ok(
                "patch", "deploy", "web", "-n", "shop", "--type=json", "-p",
                #"[{"op":"add","path":"/metadata/labels/json","value":"yes"}]"#)
            try await kubectl.ok(
                "patch", "deploy", "web", "-n", "shop", "-p",
                #"{"spec":{"template":{"spec":{"containers":[{"name":"log","image":"busybox:1.37"}]}}}}"#)
            let patched = try await kubectl.ok(
                "get", "deploy", "web", "-n", "shop", "-o",
                "jsonpath={.metadata.labels.stage},{.metadata.annotations.owner},{.metadata.labels.merged},{.metadata.labels.json},{.spec.template.spec.containers[1].image},{.spec.template.spec.containers[0].image}"
            )
            #expect(patched == "beta,alice,yes,yes,busybox:1.37,nginx:1.28")

            // Scale, and a watch that sees the change.
            let watcher = try kubectl.start(
                "get", "deploy", "web", "-n", "shop", "-w", "-o", "jsonpath={.spec.replicas}{\"\\n\"}")
            #expect(await watcher.waitForOutput(timeout: .seconds(20)) { $0.contains("3") })
            try await kubectl.ok("scale", "deploy", "web", "-n", "shop", "--replicas=5")
            #expect(
                await watcher.waitForOutput(timeout: .seconds(20)) { $0.contains("5") },
                "watch output: \(watcher.stdout)")
            _ = await watcher.wait(timeout: .milliseconds(1))

            // wait --for=delete on an object held by a finalizer, released later.
            try await kubectl.ok(
                arguments: ["create", "-f", "-"] + fileFlags, stdin: Self.configMapManifest(name: "held", data: "a: b"))
            try await kubectl.ok(
                "patch", "configmap", "held", "-n", "shop", "--type=merge", "-p",
                #"{"metadata":{"finalizers":["example.com/hold"]}}"#)
            try await kubectl.ok("delete", "configmap", "held", "-n", "shop", "--wait=false")
            let waiter = try kubectl.start("wait", "--for=delete", "configmap/held", "-n", "shop", "--timeout=60s")
            try await Task.sleep(for: .milliseconds(500))
            #expect(
                waiter.isRunning, "wait returned before the finalizer was removed: \(waiter.stdout)\(waiter.stderr)")
            try await kubectl.ok(
                "patch", "configmap", "held", "-n", "shop", "--type=json", "-p",
                #"[{"op":"remove","path":"/metadata/finalizers"}]"#)
            let waited = await waiter.wait(timeout: .seconds(30))
            #expect(waited.status == 0 && !waited.timedOut, "wait: \(waited.stderr)")

            // describe and explain.
            let described = try await kubectl.ok("describe", "deployment", "web", "-n", "shop")
            #expect(described.contains("Name:") && described.contains("web") && described.contains("Replicas:"))
            if needsOpenAPIv2 {
                let explained = try await kubectl("explain", "deployment.spec.replicas")
                #expect(explained.status != 0 && explained.stderr.contains("NotFound"))
            } else {
                let explained = try await kubectl.ok("explain", "deployment.spec.replicas")
                #expect(explained.contains("replicas") && explained.contains("integer"))
            }

            // Delete, then a restart: everything acknowledged is still there.
            try await kubectl.ok(
                arguments: ["create", "-f", "-"] + fileFlags, stdin: Self.configMapManifest(name: "keep", data: "k: v"))
            try await kubectl.ok("delete", "configmap", "keep2", "-n", "shop", "--ignore-not-found")
            let stopped = await server.stop()
            #expect(stopped.status == 0, "server exit: \(stopped.stderr)")
            let restarted = try await SwiftletServerProcess.start(dataDir: server.dataDir)
            let after = try await kubectl.ok("get", "configmap", "keep", "-n", "shop", "-o", "jsonpath={.data.k}")
            #expect(after == "v")
            let replicas = try await kubectl.ok("get", "deploy", "web", "-n", "shop", "-o", "jsonpath={.spec.replicas}")
            #expect(replicas == "5")
            try await kubectl.ok("delete", "deployment", "web", "-n", "shop")
            let none = try await kubectl("get", "deployment", "web", "-n", "shop")
            #expect(none.status != 0 && none.stderr.contains("NotFound"))

            // The controllers in `swiftlet server`: a default ServiceAccount per
            // namespace, and deleting a namespace empties it and then removes it.
            let account = try await kubectl.ok(
                "get", "serviceaccount", "default", "-n", "shop", "-o", "jsonpath={.metadata.name}")
            #expect(account == "default")
            let deleted = try await kubectl.ok("delete", "namespace", "shop", "--timeout=60s")
            #expect(deleted.contains("namespace \"shop\" deleted"))
            let gone = try await kubectl("get", "namespace", "shop")
            #expect(gone.status != 0 && gone.stderr.contains("NotFound"))
            let final = await restarted.stop()
            #expect(final.status == 0)
        }
    }

    /// kubectl's typed subcommands: from 1.32 on they send protobuf bodies and
    /// ask for protobuf answers.
    @Suite("kubectl typed commands", .serialized, .timeLimit(.minutes(5)))
    struct KubectlTypedCommandTests {
        static let nodeManifest = """
            apiVersion: v1
            kind: Node
            metadata:
              name: worker
            status:
              allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
            """

        @Test(arguments: ["1.32", "1.33", "1.29"])
        func createSubcommands(version: String) async throws {
            let server = try await SwiftletServerProcess.start()
            defer { server.removeData() }
            let kubectl = try Kubectl.version(version, for: server)

            let verbose = try await kubectl("create", "namespace", "typed", "-v=8")
            #expect(verbose.status == 0, "create namespace: \(verbose.stderr)")
            if version != "1.29" {
                #expect(verbose.stderr.contains("Content-Type: application/vnd.kubernetes.protobuf"))
            }
            let n = ["-n", "typed"]
            try await kubectl.ok(arguments: ["create", "configmap", "settings", "--from-literal=mode=fast"] + n)
            try await kubectl.ok(
                arguments: ["create", "secret", "generic", "creds", "--from-literal=password=hunter2"] + n)
            try await kubectl.ok(
                arguments: ["create", "deployment", "web", "--image=nginx", "--replicas=0", "--port=80"] + n)
            try await kubectl.ok(arguments: ["create", "job", "once", "--image=busybox"] + n + ["--", "echo", "hi"])
            try await kubectl.ok(
                arguments: ["create", "cronjob", "tick", "--image=busybox", "--schedule=*/5 * * * *"] + n)
            try await kubectl.ok(arguments: ["create", "service", "clusterip", "web", "--tcp=80:8080"] + n)
            try await kubectl.ok(arguments: ["create", "serviceaccount", "robot"] + n)
            try await kubectl.ok(arguments: ["create", "role", "reader", "--verb=get,list", "--resource=pods"] + n)
            try await kubectl.ok(
                arguments: ["create", "rolebinding", "read", "--role=reader", "--serviceaccount=typed:robot"] + n)
            try await kubectl.ok(
                arguments: ["create", "poddisruptionbudget", "web", "--selector=app=web", "--min-available=1"] + n)
            try await kubectl.ok(arguments: ["create", "priorityclass", "high-\(version)", "--value=1000"])

            let values = try await kubectl.ok(
                arguments: ["get", "configmap", "settings", "-o", "jsonpath={.data.mode}"] + n)
            #expect(values == "fast")
            let secret = try await kubectl.ok(
                arguments: ["get", "secret", "creds", "-o", "jsonpath={.data.password}"] + n)
            #expect(Data(base64Encoded: secret).map { String(decoding: $0, as: UTF8.self) } == "hunter2")
            // replicas 0 is kept (a pointer in Go), not defaulted to 1.
            let deployment = try await kubectl.ok(
                arguments: [
                    "get", "deployment", "web", "-o",
                    "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].ports[0].containerPort}",
                ] + n)
            #expect(deployment == "0 80")
            let ports = try await kubectl.ok(
                arguments: [
                    "get", "service", "web", "-o", "jsonpath={.spec.ports[0].port} {.spec.ports[0].targetPort}",
                ] + n
            )
            #expect(ports == "80 8080")
            let job = try await kubectl.ok(
                arguments: ["get", "job", "once", "-o", "jsonpath={.spec.template.spec.containers[0].command}"] + n)
            #expect(job == #"["echo","hi"]"#)
            let binding = try await kubectl.ok(
                arguments: ["get", "rolebinding", "read", "-o", "jsonpath={.subjects[0].kind}/{.subjects[0].name}"] + n)
            #expect(binding == "ServiceAccount/robot")
            let listed = try await kubectl.ok(arguments: ["get", "cronjobs,poddisruptionbudgets", "-o", "name"] + n)
            #expect(listed.contains("cronjob.batch/tick") && listed.contains("poddisruptionbudget.policy/web"))

            // Who am I, what may I do, and a token that works as a credential.
            let whoami = try await kubectl.ok("auth", "whoami")
            #expect(whoami.contains("swiftlet-admin") && whoami.contains("system:masters"))
            #expect(try await kubectl.ok(arguments: ["auth", "can-i", "create", "pods"] + n) == "yes\n")
            let token = try await kubectl.ok(arguments: ["create", "token", "robot", "--duration=15m"] + n)
            let robot = try kubectl.withToken(token, user: "robot")
            #expect(try await robot.ok("auth", "whoami").contains("system:serviceaccount:typed:robot"))
            let seen = try await robot.ok(arguments: ["get", "configmap", "settings", "-o", "name"] + n)
            #expect(seen == "configmap/settings\n")

            // drain: cordon, then evict what runs on the node.
            try await kubectl.ok("apply", "-f", "-", stdin: Self.nodeManifest)
            try await kubectl.ok(
                arguments: ["run", "stray", "--image=busybox", #"--overrides={"spec":{"nodeName":"worker"}}"#] + n)
            let drained = try await kubectl.ok("drain", "worker", "--force", "--grace-period=0", "--timeout=60s")
            #expect(drained.contains("node/worker drained"), "drain: \(drained)")
            let cordoned = try await kubectl.ok("get", "node", "worker", "-o", "jsonpath={.spec.unschedulable}")
            #expect(cordoned == "true")
            let stray = try await kubectl(arguments: ["get", "pod", "stray"] + n)
            #expect(stray.status != 0 && stray.stderr.contains("NotFound"))

            let stopped = await server.stop()
            #expect(stopped.status == 0)
        }
    }

    @Suite("server lifecycle", .timeLimit(.minutes(3)))
    struct ServerLifecycleTests {
        /// SIGTERM with a watch open: the watch ends, the server exits 0, and
        /// what was written before is there after the next start.
        @Test func sigtermEndsWatchesAndExitsCleanly() async throws {
            let server = try await SwiftletServerProcess.start()
            defer { server.removeData() }
            let kubectl = try Kubectl.version("1.32", for: server)
            try await kubectl.ok(
                "create", "-f", "-", stdin: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: lifecycle\n")
            let watcher = try kubectl.start("get", "namespaces", "-w")
            #expect(await watcher.waitForOutput(timeout: .seconds(20)) { $0.contains("lifecycle") })
            let start = ContinuousClock.now
            let stopped = await server.stop()
            #expect(stopped.status == 0, "exit status \(stopped.status): \(stopped.stderr)")
            #expect(!stopped.timedOut)
            #expect(ContinuousClock.now - start < .seconds(15))
            #expect(stopped.stderr.contains("stopped"))
            let watch = await watcher.wait(timeout: .seconds(10))
            #expect(!watch.timedOut, "kubectl get -w still running after the server stopped")
            let again = try await SwiftletServerProcess.start(dataDir: server.dataDir)
            let ns = try await kubectl.ok("get", "namespace", "lifecycle", "-o", "jsonpath={.status.phase}")
            #expect(ns == "Active")
            _ = await again.stop()
        }
    }

    @Suite("controllers through kubectl", .timeLimit(.minutes(3)))
    struct ControllersThroughKubectlTests {
        /// `swiftlet server` runs the ReplicaSet controller: pods appear, follow
        /// `kubectl scale`, and come back when deleted.
        @Test func replicaSetsAndDeploymentsKeepTheirPods() async throws {
            let server = try await SwiftletServerProcess.start()
            defer { server.removeData() }
            let kubectl = try Kubectl.version("1.32", for: server)
            try await kubectl.ok(
                "apply", "-f", "-",
                stdin: """
                    apiVersion: apps/v1
                    kind: ReplicaSet
                    metadata:
                      name: web
                    spec:
                      replicas: 3
                      selector:
                        matchLabels:
                          app: web
                      template:
                        metadata:
                          labels:
                            app: web
                        spec:
                          containers:
                          - name: web
                            image: nginx:1.27
                    """)
            func podNames() async throws -> [String] {
                let out = try await kubectl.ok(
                    "get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.name}")
                return out.split(separator: " ").map(String.init)
            }
            func waitFor(_ count: Int) async throws -> Bool {
                for _ in 0..<100 {
                    if try await podNames().count == count { return true }
                    try await Task.sleep(for: .milliseconds(100))
                }
                return false
            }
            #expect(try await waitFor(3))
            let table = try await kubectl.ok("get", "rs", "web")
            #expect(table.contains("web") && table.contains("3"))
            try await kubectl.ok("scale", "rs", "web", "--replicas=5")
            #expect(try await waitFor(5))
            let victim = try #require(try await podNames().first)
            try await kubectl.ok("delete", "pod", victim)
            #expect(try await waitFor(5))
            #expect(!(try await podNames()).contains(victim))
            // Deleting the ReplicaSet takes its pods with it (garbage collection).
            try await kubectl.ok("delete", "rs", "web")
            #expect(try await waitFor(0))

            // A Deployment makes a ReplicaSet (revision 1) that makes the pods;
            // a changed image makes revision 2.
            try await kubectl.ok(
                "apply", "-f", "-",
                stdin: """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: web
                    spec:
                      replicas: 2
                      selector:
                        matchLabels:
                          app: web
                      template:
                        metadata:
                          labels:
                            app: web
                        spec:
                          containers:
                          - name: web
                            image: nginx:1.27
                    """)
            #expect(try await waitFor(2))
            try await kubectl.ok("set", "image", "deployment/web", "web=nginx:1.28")
            var history = ""
            for _ in 0..<100 {
                history = try await kubectl.ok("rollout", "history", "deployment/web")
                if history.contains("2") { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(history.contains("1") && history.contains("2"), "history: \(history)")
            let sets = try await kubectl.ok(
                "get", "rs", "-l", "app=web", "-o", "jsonpath={.items[*].spec.template.spec.containers[0].image}")
            #expect(sets.contains("nginx:1.27") && sets.contains("nginx:1.28"))
            _ = await server.stop()
        }
    }
}
