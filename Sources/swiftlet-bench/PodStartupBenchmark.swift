import ArgumentParser
import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletModels
import Synchronization

/// `swiftlet-bench pods`: pod startup latency through the whole system
/// (create request -> scheduler -> node agent -> containerd -> Running seen
/// on a watch), beside the anchor `ctr run --rm` of the same image on the
/// same containerd, in alternating rounds; and the node agent's memory with
/// 30 pods. The control plane (`swiftlet server --no-node`) and the node
/// agent (`swiftlet node`) run as separate processes so each is measured.
struct PodStartupBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pods", abstract: "Benchmark pod startup on real containers.")

    @Option(help: "Pods created one after another.") var sequential = 100
    @Option(help: "Pods created at once.") var burst = 100
    @Option(help: "Pods kept running while the node agent's memory is read.") var resident = 30
    @Option(help: "The swiftlet binary (default: next to this one).") var swiftlet: String?

    func run() async throws {
        let dir = try BenchWorkspace.scratchDirectory()
        let binary = BenchWorkspace.swiftletBinary(swiftlet)
        BenchWorkspace.printMachine()
        let server = try ServerUnderTest.start(
            binary: binary, dataDir: dir.appendingPathComponent("control"), command: "server", extra: ["--no-node"])
        let kubeconfig = dir.appendingPathComponent("control/admin.kubeconfig").path
        let nodeDir = dir.appendingPathComponent("node")
        let node = Process()
        node.executableURL = URL(fileURLWithPath: binary)
        node.arguments = [
            "node", "--kubeconfig", kubeconfig, "--data-dir", nodeDir.path, "--node-name", "bench-node",
            "--node-ip", "127.0.0.1", "--node-port", "0",
        ]
        node.standardOutput = FileHandle.nullDevice
        node.standardError = FileHandle.nullDevice
        try node.run()
        defer {
            node.terminate()
            for _ in 0..<200 where node.isRunning { usleep(50_000) }
            server.stop()
            try? FileManager.default.removeItem(at: dir)
        }
        let socket = nodeDir.appendingPathComponent("node/containerd/containerd.sock").path

        var config = try ClientConfig.load(kubeconfigPaths: [kubeconfig])
        config.qps = 500
        config.burst = 1000
        let client = try KubernetesClient(config: config)
        let nodes = client.resource(CoreV1.Node.self)
        for _ in 0..<600 {
            if let n = try? await nodes.get("bench-node"),
                n.json[path: ["status", "conditions"]]?.arrayValue?.contains(where: {
                    $0["type"] == "Ready" && $0["status"] == "True"
                }) == true
            {
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        let archive = dir.appendingPathComponent("busybox.tar").path
        try Self.shell(binary, ["images", "build-busybox", archive])
        try Self.shell(binary, ["images", "import", archive, "--container-runtime-endpoint", socket])
        _ = try await client.resource(CoreV1.Namespace.self).create(
            CoreV1.Namespace(json: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "bench"]]))

        let pods = client.resource(CoreV1.Pod.self, namespace: "bench")
        let running = RunningTimes()
        let watcher = Task {
            while !Task.isCancelled {
                do {
                    for try await event in pods.watch(ListOptions(timeoutSeconds: 600)) {
                        if event.object.status?.phase == "Running", let name = event.object.name {
                            running.seen(name)
                        }
                    }
                } catch {
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
        }
        defer { watcher.cancel() }
        try await Task.sleep(for: .milliseconds(500))

        // Warm-up: the first pod pays for caches and the image's first unpack.
        _ = try await startPod("warmup", pods: pods, running: running)
        _ = try Self.ctrRun(socket: socket, id: "warmup")

        // One after another, in rounds alternating with the anchor.
        var sequentialPods = Samples()
        var anchor = Samples()
        let rounds = 10
        for round in 0..<rounds {
            for i in 0..<(sequential / rounds) {
                sequentialPods.add(try await startPod("seq-\(round)-\(i)", pods: pods, running: running))
            }
            for i in 0..<(sequential / rounds) {
                anchor.add(try Self.ctrRun(socket: socket, id: "anchor-\(round)-\(i)"))
            }
        }
        let (sp50, sp99) = sequentialPods.ms
        let (ap50, ap99) = anchor.ms
        print(
            "sequential \(sequentialPods.values.count) pods, create to Running: p50 \(fmt(sp50)) ms, p99 \(fmt(sp99)) ms"
        )
        print("anchor ctr run --rm (same image, same containerd): p50 \(fmt(ap50)) ms, p99 \(fmt(ap99)) ms")
        print("ratio p50 \(fmt(sp50 / ap50, 2))x, p99 \(fmt(sp99 / ap99, 2))x")
        try await deleteAll(pods)

        // All at once.
        let created = RunningTimes()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<burst {
                group.addTask {
                    let name = "burst-\(i)"
                    created.seen(name)
                    _ = try await pods.create(Self.pod(name))
                }
            }
            try await group.waitForAll()
        }
        let deadline = ContinuousClock.now + .seconds(600)
        while running.count(prefix: "burst-") < burst, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        var burstPods = Samples()
        for i in 0..<burst {
            if let start = created.at("burst-\(i)"), let at = running.at("burst-\(i)") {
                burstPods.add(seconds(at - start))
            }
        }
        let (bp50, bp99) = burstPods.ms
        print(
            "burst \(burstPods.values.count)/\(burst) pods created at once, create to Running: p50 \(fmt(bp50)) ms, p99 \(fmt(bp99)) ms"
        )
        // The anchor for a burst: as many `ctr run --rm` at once.
        var burstAnchor = Samples()
        try await withThrowingTaskGroup(of: Double.self) { group in
            for i in 0..<burst {
                group.addTask { try Self.ctrRun(socket: socket, id: "anchor-burst-\(i)") }
            }
            for try await latency in group { burstAnchor.add(latency) }
        }
        let (bap50, bap99) = burstAnchor.ms
        print(
            "anchor \(burst) ctr run --rm at once: p50 \(fmt(bap50)) ms, p99 \(fmt(bap99)) ms; ratio p50 \(fmt(bp50 / bap50, 2))x, p99 \(fmt(bp99 / bap99, 2))x"
        )
        try await deleteAll(pods)

        // Memory with pods running.
        for i in 0..<resident { _ = try await startPod("resident-\(i)", pods: pods, running: running) }
        try await Task.sleep(for: .seconds(5))
        print(
            "node agent RSS with \(resident) pods: \(fmt(Double(Self.rssKiB(node.processIdentifier)) / 1024)) MiB (containerd apart)"
        )
        try await deleteAll(pods)
        try? await client.shutdown()
    }

    static func pod(_ name: String) -> CoreV1.Pod {
        CoreV1.Pod(json: [
            "apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "namespace": "bench"],
            "spec": [
                "terminationGracePeriodSeconds": 0,
                "containers": [["name": "app", "image": "swiftlet.local/busybox:1", "command": ["sleep", "3600"]]],
            ],
        ])
    }

    /// Creates a pod and returns the seconds until the watch saw it Running.
    func startPod(_ name: String, pods: TypedResource<CoreV1.Pod>, running: RunningTimes) async throws -> Double {
        let start = ContinuousClock.now
        _ = try await pods.create(Self.pod(name))
        let deadline = start + .seconds(120)
        while running.at(name) == nil {
            guard ContinuousClock.now < deadline else { throw ValidationError("pod \(name) never ran") }
            try await Task.sleep(for: .milliseconds(2))
        }
        return seconds(running.at(name)! - start)
    }

    /// Deletes the namespace's pods at once (grace 0) and waits for them to go.
    func deleteAll(_ pods: TypedResource<CoreV1.Pod>) async throws {
        for pod in try await pods.list().items {
            _ = try? await pods.delete(pod.name ?? "", options: DeleteOptions(gracePeriodSeconds: 0))
        }
        for _ in 0..<600 where try await !pods.list().items.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        // Let the node tear the sandboxes down before the next phase.
        try await Task.sleep(for: .seconds(3))
    }

    /// The anchor: `ctr run --rm` of the same image on the same containerd.
    static func ctrRun(socket: String, id: String) throws -> Double {
        let start = ContinuousClock.now
        try shell(
            "/usr/bin/ctr", ["--address", socket, "--namespace", "k8s.io", "run", "--rm", BusyboxRef.value, id, "true"])
        return seconds(ContinuousClock.now - start)
    }

    static func shell(_ path: String, _ args: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw ValidationError("\(path) \(args.joined(separator: " ")) exited \(p.terminationStatus)")
        }
    }

    static func rssKiB(_ pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        return 0
    }
}

enum BusyboxRef {
    static let value = "swiftlet.local/busybox:1"
}

/// When each pod was first seen in some state (created, Running).
final class RunningTimes: Sendable {
    private let times = Mutex<[String: ContinuousClock.Instant]>([:])

    func seen(_ name: String) {
        times.withLock { if $0[name] == nil { $0[name] = .now } }
    }

    func at(_ name: String) -> ContinuousClock.Instant? { times.withLock { $0[name] } }

    func count(prefix: String) -> Int { times.withLock { $0.keys.filter { $0.hasPrefix(prefix) }.count } }
}
