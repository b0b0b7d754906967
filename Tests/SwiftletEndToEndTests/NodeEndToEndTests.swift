import AsyncHTTPClient
import Foundation
import SwiftletTesting
import Testing

extension EndToEnd {
    /// `swiftlet server` with its node agent on real containerd, runc and CNI,
    /// driven by kubectl 1.32 as a user would: an image built and imported with
    /// `swiftlet images`, a Deployment serving HTTP on its pod IPs, environment
    /// from a ConfigMap, a Secret and the downward API, a memory limit the
    /// container sees in its cgroup, `kubectl logs` and `logs -f`, a crashing
    /// container backing off, a preStop hook on deletion, and a server restart
    /// that adopts the running containers.
    @Suite("node agent on containerd through kubectl", .serialized, .timeLimit(.minutes(8)))
    struct NodeEndToEndTests {
        static let manifests = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data: {color: blue}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: creds}
            stringData: {token: s3cret}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  terminationGracePeriodSeconds: 2
                  containers:
                  - name: web
                    image: swiftlet.local/busybox:1
                    command: ["sh", "-c"]
                    args:
                    - |
                      echo "color=$COLOR token=$TOKEN pod=$POD_NAME"
                      echo "memory limit $(cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes)"
                      mkdir -p /www && echo "hello from $POD_NAME" > /www/index.html
                      exec httpd -f -p 8080 -h /www
                    env:
                    - {name: COLOR, valueFrom: {configMapKeyRef: {name: settings, key: color}}}
                    - {name: TOKEN, valueFrom: {secretKeyRef: {name: creds, key: token}}}
                    - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                    resources:
                      limits: {memory: 64Mi, cpu: 500m}
            """

        static let crashing = """
            apiVersion: v1
            kind: Pod
            metadata: {name: crash}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - {name: app, image: swiftlet.local/busybox:1, command: ["sh", "-c", "echo failing; exit 3"]}
            """

        /// Ready once /tmp/ready exists; alive while /healthy is served, which
        /// it stops serving 6 s after becoming ready.
        static let probed = """
            apiVersion: v1
            kind: Pod
            metadata: {name: probed}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: app
                image: swiftlet.local/busybox:1
                command: ["sh", "-c", "mkdir -p /www && echo ok > /www/healthy && httpd -p 8080 -h /www && sleep 3 && touch /tmp/ready && sleep 6 && rm /www/healthy && sleep 3600"]
                readinessProbe:
                  exec: {command: ["cat", "/tmp/ready"]}
                  periodSeconds: 1
                livenessProbe:
                  httpGet: {path: /healthy, port: 8080}
                  periodSeconds: 1
                  failureThreshold: 2
            """

        /// Volumes from a ConfigMap, a Secret, the downward API and an
        /// emptyDir; a postStart hook; it reports the ConfigMap's value whenever
        /// the mounted file changes.
        static let files = """
            apiVersion: v1
            kind: Pod
            metadata: {name: files, labels: {tier: demo}}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: app
                image: swiftlet.local/busybox:1
                command: ["sh", "-c"]
                args:
                - |
                  echo "token $(cat /etc/creds/token)"
                  echo "labels $(cat /etc/podinfo/labels)"
                  echo scratch-ok > /scratch/x && cat /scratch/x
                  while true; do c=$(cat /etc/settings/color); if [ "$c" != "$last" ]; then echo "color now $c"; last=$c; fi; sleep 0.5; done
                volumeMounts:
                - {name: settings, mountPath: /etc/settings}
                - {name: creds, mountPath: /etc/creds}
                - {name: podinfo, mountPath: /etc/podinfo}
                - {name: scratch, mountPath: /scratch}
                lifecycle:
                  postStart:
                    exec: {command: ["sh", "-c", "echo poststart ran > /proc/1/fd/1"]}
              volumes:
              - {name: settings, configMap: {name: settings}}
              - {name: creds, secret: {secretName: creds}}
              - {name: podinfo, downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}}
              - {name: scratch, emptyDir: {}}
            """

        static let counting = """
            apiVersion: v1
            kind: Pod
            metadata: {name: counter}
            spec:
              terminationGracePeriodSeconds: 20
              containers:
              - name: app
                image: swiftlet.local/busybox:1
                command: ["sh", "-c", "trap 'echo got TERM; exit 0' TERM; i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.5; done"]
                lifecycle:
                  preStop:
                    exec: {command: ["sh", "-c", "echo prestop ran > /proc/1/fd/1; sleep 6"]}
            """

        func swiftlet(_ args: String...) async throws -> ProcessResult {
            try await run(SwiftletServerProcess.binary, args, environment: ProcessInfo.processInfo.environment)
        }

        func jsonpath(_ kubectl: Kubectl, _ args: String..., path: String) async throws -> String {
            try await kubectl.ok(arguments: args + ["-o", "jsonpath=\(path)"])
        }

        @Test func podsRunAsRealContainers() async throws {
            var server = try await SwiftletServerProcess.start(node: true)
            let dataDir = server.dataDir
            var kubectl = try Kubectl.version("1.32", for: server)
            defer { Self.cleanUp(dataDir) }

            // The node registers itself Ready.
            #expect(
                try await eventually(timeout: .seconds(60)) {
                    try await jsonpath(
                        kubectl, "get", "nodes", path: "{.items[*].status.conditions[?(@.type==\"Ready\")].status}")
                        == "True"
                })
            let runtime = try await jsonpath(
                kubectl, "get", "nodes", path: "{.items[0].status.nodeInfo.containerRuntimeVersion}")
            #expect(runtime.hasPrefix("containerd://"))

            // The user's image: built from this machine's busybox, imported.
            let archive = dataDir.appendingPathComponent("busybox.tar").path
            let built = try await swiftlet("images", "build-busybox", archive)
            #expect(built.status == 0, "\(built.stderr)")
            let imported = try await swiftlet("images", "import", archive, "--data-dir", dataDir.path)
            #expect(imported.status == 0, "\(imported.stderr)")
            let images = try await swiftlet("images", "list", "--data-dir", dataDir.path)
            #expect(
                images.stdout.contains("swiftlet.local/busybox:1") && images.stdout.contains("swiftlet.local/pause:1"))

            // A Deployment rolls out and serves on its pod IPs.
            try await kubectl.ok("apply", "-f", "-", stdin: Self.manifests)
            let rollout = try await kubectl(
                "rollout", "status", "deployment/web", "--timeout=120s", timeout: .seconds(130))
            #expect(rollout.status == 0, "\(rollout.stdout)\(rollout.stderr)")
            let names = try await jsonpath(kubectl, "get", "pods", "-l", "app=web", path: "{.items[*].metadata.name}")
                .split(separator: " ").map(String.init)
            #expect(names.count == 2)
            let wide = try await kubectl.ok("get", "pods", "-o", "wide")
            #expect(wide.contains("Running"))
            var firstIDs: [String: String] = [:]
            for name in names {
                let ip = try await jsonpath(kubectl, "get", "pod", name, path: "{.status.podIP}")
                #expect(!ip.isEmpty)
                let page = try await HTTPClient.shared.execute(
                    HTTPClientRequest(url: "http://\(ip):8080/"), timeout: .seconds(10))
                #expect(page.status == .ok)
                #expect(String(buffer: try await page.body.collect(upTo: 1 << 16)) == "hello from \(name)\n")
                // exec over the WebSocket stream: output, stdin and the exit code.
                let exec = try await kubectl(
                    "exec", name, "--", "sh", "-c", "cat /www/index.html; echo oops >&2; exit 3")
                #expect(exec.status == 3, "\(exec.stderr)")
                #expect(exec.stdout == "hello from \(name)\n")
                #expect(exec.stderr.contains("oops"))
                let echoed = try await kubectl(
                    "exec", "-i", name, "--", "sh", "-c", "read line; echo got $line", stdin: "ping\n")
                #expect(echoed.stdout == "got ping\n", "\(echoed.stderr)")
                let log = try await kubectl.ok("logs", name)
                #expect(log.contains("color=blue token=s3cret pod=\(name)"))
                #expect(log.contains("memory limit 67108864"), "\(log)")
                firstIDs[name] = try await jsonpath(
                    kubectl, "get", "pod", name, path: "{.status.containerStatuses[0].containerID}")
            }

            // A crashing container restarts, then backs off.
            try await kubectl.ok("apply", "-f", "-", stdin: Self.crashing)
            #expect(
                try await eventually(timeout: .seconds(60)) {
                    let restarts =
                        Int(
                            try await jsonpath(
                                kubectl, "get", "pod", "crash", path: "{.status.containerStatuses[0].restartCount}"))
                        ?? 0
                    let reason = try await jsonpath(
                        kubectl, "get", "pod", "crash", path: "{.status.containerStatuses[0].state.waiting.reason}")
                    return restarts >= 2 && reason == "CrashLoopBackOff"
                })
            let crashLog = try await kubectl.ok("logs", "crash", "--previous")
            #expect(crashLog == "failing\n")
            let describe = try await kubectl.ok("describe", "pod", "crash")
            #expect(describe.contains("Back-off restarting failed container app"))
            #expect(describe.contains("exit code") || describe.contains("Exit Code:    3"))

            try #require(server.process.isRunning, "the server exited: \(server.process.stderr.suffix(6000))")

            // Readiness gates Ready; a failing liveness probe restarts the container.
            try await kubectl.ok("apply", "-f", "-", stdin: Self.probed)
            #expect(
                try await eventually(timeout: .seconds(60)) {
                    try await jsonpath(kubectl, "get", "pod", "probed", path: "{.status.phase}") == "Running"
                })
            let readyAtStart = try await jsonpath(
                kubectl, "get", "pod", "probed", path: "{.status.containerStatuses[0].ready}")
            #expect(readyAtStart == "false")
            #expect(
                try await eventually(timeout: .seconds(30)) {
                    try await jsonpath(
                        kubectl, "get", "pod", "probed", path: "{.status.conditions[?(@.type==\"Ready\")].status}")
                        == "True"
                })
            #expect(
                try await eventually(timeout: .seconds(60)) {
                    (Int(
                        try await jsonpath(
                            kubectl, "get", "pod", "probed", path: "{.status.containerStatuses[0].restartCount}")) ?? 0)
                        >= 1
                })
            let probedEvents = try await kubectl.ok("describe", "pod", "probed")
            #expect(probedEvents.contains("Liveness probe failed: HTTP probe failed with statuscode: 404"))
            #expect(probedEvents.contains("Container app failed liveness probe, will be restarted"))
            try await kubectl.ok("delete", "pod", "probed", "--wait=false")
            try #require(server.process.isRunning, "the server exited: \(server.process.stderr.suffix(6000))")

            // Volumes carry files from the API into the container, and follow updates.
            try await kubectl.ok("apply", "-f", "-", stdin: Self.files)
            #expect(
                try await eventually(timeout: .seconds(60)) {
                    (try? await kubectl("logs", "files").stdout.contains("color now blue")) ?? false
                })
            let filesLog = try await kubectl.ok("logs", "files")
            #expect(filesLog.contains("token s3cret"))
            #expect(filesLog.contains("labels tier=\"demo\""))
            #expect(filesLog.contains("scratch-ok"))
            #expect(filesLog.contains("poststart ran"))
            try await kubectl.ok("patch", "configmap", "settings", "-p", #"{"data":{"color":"green"}}"#)
            #expect(
                try await eventually(timeout: .seconds(60)) {
                    (try? await kubectl("logs", "files").stdout.contains("color now green")) ?? false
                })
            try await kubectl.ok("delete", "pod", "files", "--wait=false")

            // logs -f follows a running container.
            try await kubectl.ok("apply", "-f", "-", stdin: Self.counting)
            #expect(
                try await eventually(timeout: .seconds(60)) {
                    try await jsonpath(kubectl, "get", "pod", "counter", path: "{.status.phase}") == "Running"
                })
            let follow = try kubectl.start("logs", "-f", "counter")
            #expect(await follow.waitForOutput(timeout: .seconds(20)) { $0.contains("tick 3") })
            follow.signal(SIGTERM)
            _ = await follow.wait(timeout: .seconds(5))

            // Deletion runs the preStop hook, then SIGTERM, within the grace period.
            try await kubectl.ok("delete", "pod", "counter", "--wait=false")
            #expect(
                try await eventually(timeout: .seconds(30)) {
                    (try? await kubectl("logs", "counter").stdout.contains("prestop ran")) ?? false
                })
            #expect(
                try await eventually(timeout: .seconds(30)) {
                    try await kubectl("get", "pod", "counter").stderr.contains("NotFound")
                })

            // A restarted server adopts the running containers without restarting them.
            let stopped = await server.stop()
            #expect(stopped.status == 0, "\(stopped.stderr)")
            server = try await SwiftletServerProcess.start(dataDir: dataDir, node: true)
            kubectl = try Kubectl.version("1.32", for: server)
            let restarted = server
            #expect(
                try await eventually(timeout: .seconds(60)) {
                    guard restarted.process.isRunning else { return true }
                    return try await jsonpath(kubectl, "get", "deployment", "web", path: "{.status.readyReplicas}")
                        == "2"
                })
            try #require(server.process.isRunning, "the restarted server exited: \(server.process.stderr.suffix(8000))")
            for name in names {
                let id = try await jsonpath(
                    kubectl, "get", "pod", name, path: "{.status.containerStatuses[0].containerID}")
                #expect(id == firstIDs[name], "\(name) was restarted")
                let restarts = try await jsonpath(
                    kubectl, "get", "pod", name, path: "{.status.containerStatuses[0].restartCount}")
                #expect(restarts == "0")
            }

            // A Job runs its pod to completion on the node, counted once.
            try await kubectl.ok(
                "create", "job", "once", "--image=swiftlet.local/busybox:1", "--", "sh", "-c", "echo job done")
            try await kubectl.ok("wait", "--for=condition=complete", "job/once", "--timeout=90s")
            #expect(try await kubectl.ok("logs", "job/once").contains("job done"))
            #expect(try await jsonpath(kubectl, "get", "job", "once", path: "{.status.succeeded}") == "1")
            #expect(
                try await jsonpath(
                    kubectl, "get", "pods", "-l", "job-name=once", path: "{.items[0].metadata.finalizers}")
                    == "")
            try await kubectl.ok("delete", "job", "once")

            // `kubectl run -i --rm` waits for its pod through a protobuf watch
            // (kubectl's typed client), attaches, and deletes the pod after.
            let attached = try await kubectl(
                "run", "once-i", "--image=swiftlet.local/busybox:1", "--restart=Never", "--rm", "-i", "--",
                "sh", "-c", "sleep 1; echo attached output", timeout: .seconds(90))
            #expect(attached.status == 0, "\(attached.stderr)")
            #expect(attached.stdout.contains("attached output"), "\(attached.stdout)\(attached.stderr)")

            // Deleting everything stops and removes the containers.
            try await kubectl.ok("delete", "deployment", "web")
            try await kubectl.ok("delete", "pod", "crash")
            #expect(
                try await eventually(timeout: .seconds(60)) {
                    try await kubectl.ok("get", "pods", "-o", "name").isEmpty
                })
            let final = await server.stop()
            #expect(final.status == 0)
        }

        /// Whatever a failed run left under this data directory: containerd,
        /// the pods' shims and containers (in runc's state there), mounts.
        static func cleanUp(_ dataDir: URL) {
            func run(_ path: String, _ args: [String]) -> String {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: path)
                process.arguments = args
                let out = Pipe()
                process.standardOutput = out
                process.standardError = FileHandle.nullDevice
                guard (try? RunningProcess.spawn(process)) != nil else { return "" }
                let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                return text
            }
            let runcRoot = dataDir.appendingPathComponent("node/containerd/runc").path
            for id in run("/usr/sbin/runc", ["--root", runcRoot, "list", "-q"]).split(separator: "\n") {
                _ = run("/usr/sbin/runc", ["--root", runcRoot, "delete", "--force", String(id)])
            }
            _ = run("/usr/bin/pkill", ["-f", dataDir.path])
            let mounts = (try? String(contentsOfFile: "/proc/mounts", encoding: .utf8)) ?? ""
            for line in mounts.split(separator: "\n").reversed() {
                let fields = line.split(separator: " ")
                if fields.count > 1, fields[1].hasPrefix(dataDir.path) {
                    _ = run("/bin/umount", ["-l", String(fields[1])])
                }
            }
            try? FileManager.default.removeItem(at: dataDir)
        }
    }
}
