import ArgumentParser
import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletModels
import Synchronization

/// `swiftlet-bench scheduler`: upstream's scheduler_perf workloads through a
/// real API server and a real `swiftlet scheduler` process: nodes created
/// through the API, then pods created as fast as the API takes them, each
/// timed from its create request to the watch showing it bound.
struct SchedulerBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler", abstract: "Benchmark the scheduler (SchedulingBasic and variants).")

    enum Variant: String, ExpressibleByArgument, CaseIterable {
        /// SchedulingBasic: pods requesting 100m CPU and 500Mi each.
        case basic
        /// SchedulingPodAntiAffinity: at most one `color=green` pod per host.
        case antiAffinity = "anti-affinity"
        /// TopologySpreading: maxSkew 1 across zones, DoNotSchedule.
        case spread
    }

    @Option(help: "basic, anti-affinity or spread.") var variant: Variant = .basic
    @Option(help: "Nodes to create.") var nodes = 5000
    @Option(
        name: .customLong("pods"), help: "Pods to schedule (default 10,000; 2,000 for anti-affinity, one per node).")
    var podCount: Int?

    var pods: Int { podCount ?? (variant == .antiAffinity ? 2000 : 10_000) }
    @Option(help: "Concurrent pod creators.") var clients = 64
    @Option(help: "Runs, each on a fresh server; the medians are reported.") var runs = 3
    @Flag(
        help: """
            Create every pod before the scheduler starts and time how fast the backlog drains \
            (from the first binding to the last), instead of creating pods while it schedules.
            """)
    var backlog = false
    @Option(help: "The swiftlet binary (default: next to this one).") var swiftlet: String?

    struct RunResult {
        var podsPerSecond: Double
        var createsPerSecond: Double
        var p50: Double
        var p99: Double
        var rssMiB: Double
        var peakRSSMiB: Double
        /// CPU seconds the scheduler and the API server spent during the run.
        var schedulerCPU: Double
        var apiServerCPU: Double
    }

    func validate() throws {
        if variant == .antiAffinity, pods > nodes {
            throw ValidationError("anti-affinity allows one pod per node: use at most \(nodes) pods")
        }
    }

    func run() async throws {
        print("machine: \(ProcessInfo.processInfo.processorCount) cores; variant \(variant.rawValue)")
        print("\(nodes) nodes, \(pods) pods, \(clients) creators, \(runs) runs\(backlog ? ", backlog" : "")")
        let binary = BenchWorkspace.swiftletBinary(swiftlet)
        var results: [RunResult] = []
        for round in 1...runs {
            let result = try await runOnce(binary: binary)
            let latency =
                backlog
                ? "start to first binding \(fmt(result.p50 * 1000)) ms"
                : "latency p50 \(fmt(result.p50 * 1000)) ms p99 \(fmt(result.p99 * 1000)) ms"
            print(
                "run \(round): \(fmt(result.podsPerSecond, 0)) pods/s scheduled (pods created at \(fmt(result.createsPerSecond, 0))/s), "
                    + "\(latency), "
                    + "scheduler RSS \(fmt(result.rssMiB)) MiB (peak \(fmt(result.peakRSSMiB)) MiB), "
                    + "CPU: scheduler \(fmt(result.schedulerCPU)) s, API server \(fmt(result.apiServerCPU)) s")
            results.append(result)
        }
        print(
            "median: \(fmt(median(results.map(\.podsPerSecond)), 0)) pods/s, "
                + "\(fmt(median(results.map(\.podsPerSecond)) / median(results.map(\.createsPerSecond)), 2))x the create rate, "
                + "p50 \(fmt(median(results.map(\.p50)) * 1000)) ms, p99 \(fmt(median(results.map(\.p99)) * 1000)) ms, "
                + "RSS \(fmt(median(results.map(\.rssMiB)))) MiB (peak \(fmt(median(results.map(\.peakRSSMiB)))) MiB)")
    }

    func runOnce(binary: String) async throws -> RunResult {
        let dir = try BenchWorkspace.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try ServerUnderTest.start(binary: binary, dataDir: dir.appendingPathComponent("data"))
        defer { server.stop() }
        let http = try server.makeClient()
        defer { Task { try? await http.shutdown() } }
        let writer = BenchClient(client: http, base: server.baseURL)
        _ = try await writer.concurrently(total: nodes, clients: clients) { i in
            try await writer.send(.POST, "/api/v1/nodes", body: node(i))
            try await writer.send(
                .PATCH, "/api/v1/nodes/node-\(i)/status", body: ["status": node(i)["status"] ?? .null],
                contentType: "application/merge-patch+json")
        }
        try await writer.send(
            .POST, "/api/v1/namespaces", body: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "bench"]])

        let kubeconfig = dir.appendingPathComponent("data/admin.kubeconfig").path
        var config = try ClientConfig.load(kubeconfigPaths: [kubeconfig])
        config.qps = 100_000
        config.burst = 100_000
        let client = try KubernetesClient(config: config)
        defer { Task { try? await client.shutdown() } }
        let podsAPI = client.resource(CoreV1.Pod.self, namespace: "bench")
        let created = Mutex<[String: ContinuousClock.Instant]>([:])
        func createPods() async throws -> LoadResult {
            try await writer.concurrently(total: pods, clients: clients) { i in
                let t = ContinuousClock.now
                created.withLock { $0["pod-\(i)"] = t }
                try await writer.send(.POST, "/api/v1/namespaces/bench/pods", body: pod(i))
            }
        }
        // Backlog: every pod is pending before the scheduler starts.
        let backlogCreates = backlog ? try await createPods() : nil

        let from = try await podsAPI.list(ListOptions(limit: 1)).resourceVersion

        let bound = Mutex<[String: ContinuousClock.Instant]>([:])
        let watcher = Task {
            let stream = podsAPI.watch(ListOptions(resourceVersion: from, timeoutSeconds: 600))
            for try await event in stream {
                guard let name = event.object.metadata?.name, name != "pod-warmup",
                    event.object.spec?.nodeName != nil
                else { continue }
                let now = ContinuousClock.now
                let count = bound.withLock { seen -> Int in
                    if seen[name] == nil { seen[name] = now }
                    return seen.count
                }
                if count >= pods { return }
            }
        }
        let scheduler = Process()
        scheduler.executableURL = URL(fileURLWithPath: binary)
        scheduler.arguments = ["scheduler", "--kubeconfig", kubeconfig]
        scheduler.standardOutput = FileHandle.nullDevice
        scheduler.standardError = FileHandle.nullDevice
        let apiServerCPUAtLaunch = cpuSeconds(server.process.processIdentifier)
        let launched = ContinuousClock.now
        try scheduler.run()
        defer {
            scheduler.terminate()
            scheduler.waitUntilExit()
        }

        if !backlog {
            // Warm up: the scheduler is ready once it has bound a first pod.
            _ = try await podsAPI.create(CoreV1.Pod(json: pod(-1)))
            let warmupDeadline = ContinuousClock.now + .seconds(120)
            while try await podsAPI.get("pod-warmup").spec?.nodeName == nil {
                guard ContinuousClock.now < warmupDeadline else { throw BenchError(message: "scheduler never bound") }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        let schedulerCPUBefore = backlog ? 0 : cpuSeconds(scheduler.processIdentifier)
        let apiServerCPUBefore = backlog ? apiServerCPUAtLaunch : cpuSeconds(server.process.processIdentifier)
        let start = ContinuousClock.now
        let creates: LoadResult
        if let backlogCreates {
            creates = backlogCreates
        } else {
            creates = try await createPods()
        }
        let deadline = ContinuousClock.now + .seconds(600)
        while bound.withLock({ $0.count }) < pods, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        watcher.cancel()
        let boundTimes = bound.withLock { $0 }
        guard boundTimes.count >= pods else {
            throw BenchError(message: "only \(boundTimes.count) of \(pods) pods were bound within 10 minutes")
        }
        let last = boundTimes.values.max() ?? start
        let first = boundTimes.values.min() ?? start
        var latencies = Samples()
        if backlog {
            // Every pod waited for the scheduler to start; what matters is
            // how fast the backlog drains once it runs.
            latencies.add(seconds(first - launched))
        } else {
            let createdTimes = created.withLock { $0 }
            for (name, at) in boundTimes {
                if let sent = createdTimes[name] { latencies.add(seconds(at - sent)) }
            }
        }
        let status = (try? String(contentsOfFile: "/proc/\(scheduler.processIdentifier)/status", encoding: .utf8)) ?? ""
        func kib(_ field: String) -> Double {
            for line in status.split(separator: "\n") where line.hasPrefix(field) {
                return Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
            }
            return 0
        }
        return RunResult(
            podsPerSecond: backlog ? Double(pods - 1) / seconds(last - first) : Double(pods) / seconds(last - start),
            createsPerSecond: creates.rate,
            p50: latencies.percentile(50), p99: latencies.percentile(99), rssMiB: kib("VmRSS:") / 1024,
            peakRSSMiB: kib("VmHWM:") / 1024,
            schedulerCPU: cpuSeconds(scheduler.processIdentifier) - schedulerCPUBefore,
            apiServerCPU: cpuSeconds(server.process.processIdentifier) - apiServerCPUBefore)
    }

    /// User plus system CPU time of a process so far.
    func cpuSeconds(_ pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command come state (field 3), ..., utime (14) and stime (15).
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// scheduler_perf's node template: 4 CPUs, 32 GiB, 110 pods; three zones.
    func node(_ i: Int) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Node",
            "metadata": [
                "name": .string("node-\(i)"),
                "labels": [
                    "kubernetes.io/hostname": .string("node-\(i)"),
                    "topology.kubernetes.io/zone": .string("zone-\(i % 3)"),
                ],
            ],
            "status": [
                "capacity": ["cpu": "4", "memory": "32Gi", "pods": "110"],
                "allocatable": ["cpu": "4", "memory": "32Gi", "pods": "110"],
                "conditions": [["type": "Ready", "status": "True"]],
            ],
        ]
    }

    /// scheduler_perf's pod templates; -1 is the warm-up pod.
    func pod(_ i: Int) -> JSONValue {
        var spec: JSONObject = [
            "containers": [
                [
                    "name": "pause", "image": "registry.k8s.io/pause:3.10",
                    "resources": ["requests": ["cpu": "100m", "memory": "500Mi"]],
                ]
            ]
        ]
        var labels: JSONObject = ["app": "bench"]
        if i >= 0 {
            switch variant {
            case .basic: break
            case .antiAffinity:
                labels["color"] = "green"
                spec["affinity"] = [
                    "podAntiAffinity": [
                        "requiredDuringSchedulingIgnoredDuringExecution": [
                            [
                                "labelSelector": ["matchLabels": ["color": "green"]],
                                "topologyKey": "kubernetes.io/hostname",
                            ]
                        ]
                    ]
                ]
            case .spread:
                spec["topologySpreadConstraints"] = [
                    [
                        "maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
                        "whenUnsatisfiable": "DoNotSchedule", "labelSelector": ["matchLabels": ["app": "bench"]],
                    ]
                ]
            }
        }
        return [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": ["name": .string(i < 0 ? "pod-warmup" : "pod-\(i)"), "labels": .object(labels)],
            "spec": .object(spec),
        ]
    }
}
