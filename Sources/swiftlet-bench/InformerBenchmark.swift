import ArgumentParser
import CBenchSupport
import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletModels
import Synchronization

/// `swiftlet-bench informer`: how fast an informer fills and follows a
/// cache of pods, what a cached pod costs in memory, and work queue throughput.
struct InformerBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "informer", abstract: "Benchmark informers and the work queue.")

    @Option(help: "Pods to cache.") var pods = 10_000
    @Option(help: "Updates the informer must follow.") var updates = 5_000
    @Option(help: "Concurrent writers.") var clients = 64
    @Option(help: "Keys through the work queue.") var queueKeys = 200_000
    @Option(help: "The swiftlet binary (default: next to this one).") var swiftlet: String?

    func run() async throws {
        print("machine: \(ProcessInfo.processInfo.processorCount) cores")
        try await workQueueThroughput()
        let dir = try BenchWorkspace.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let binary = BenchWorkspace.swiftletBinary(swiftlet)
        let server = try ServerUnderTest.start(binary: binary, dataDir: dir.appendingPathComponent("data"))
        defer { server.stop() }
        let http = try server.makeClient()
        let writer = BenchClient(client: http, base: server.baseURL)
        _ = try await writer.concurrently(total: pods, clients: clients) { i in
            try await writer.send(.POST, "/api/v1/namespaces/default/pods", body: APIBenchmark.pod(i))
        }
        var config = try ClientConfig.load(kubeconfigPaths: [dir.appendingPathComponent("data/admin.kubeconfig").path])
        // A controller's client limit, not kubectl's default of 5 requests/s.
        config.qps = 1000
        config.burst = 1000
        let client = try KubernetesClient(config: config)

        // List and sync, three times with a fresh informer each.
        var syncTimes: [Double] = []
        var bytesPerPod: [Double] = []
        for _ in 0..<3 {
            let heapBefore = Self.heapInUse()
            let informer = Informer(client: client, type: CoreV1.Pod.self, namespace: "default")
            let start = ContinuousClock.now
            let run = Task { try await informer.run() }
            await informer.waitForSync()
            syncTimes.append(seconds(ContinuousClock.now - start))
            precondition(informer.store.count == pods)
            bytesPerPod.append(Double(Self.heapInUse() - heapBefore) / Double(pods))
            run.cancel()
            _ = try? await run.value
        }
        print("list and sync \(pods) pods: median \(fmt(median(syncTimes) * 1000)) ms over 3")
        print("memory per cached pod (heap in use growth / pods): median \(fmt(median(bytesPerPod), 0)) bytes")

        // Follow a stream of updates.
        let informer = Informer(client: client, type: CoreV1.Pod.self, namespace: "default")
        let seen = Counter()
        informer.addHandler(EventHandler(onUpdate: { _, _ in seen.increment() }))
        let run = Task { try await informer.run() }
        await informer.waitForSync()
        let before = try await client.resource(CoreV1.Pod.self, namespace: "default").list(ListOptions(limit: 1))
            .resourceVersion
        let start = ContinuousClock.now
        let writes = try await writer.concurrently(total: updates, clients: clients) { i in
            try await writer.send(
                .PATCH, "/api/v1/namespaces/default/pods/pod-\(i % pods)",
                body: ["metadata": ["labels": ["round": .string(String(i))]]],
                contentType: "application/merge-patch+json")
        }
        while seen.value < updates, ContinuousClock.now - start < .seconds(120) {
            try await Task.sleep(for: .milliseconds(5))
        }
        let followed = Double(seen.value) / seconds(ContinuousClock.now - start)
        print(
            "informer followed \(seen.value) updates at \(fmt(followed, 0)) events/s (the server took writes at \(fmt(writes.rate, 0))/s)"
        )
        run.cancel()

        // Replay: the same updates from history, as fast as the client can take them.
        let replayStart = ContinuousClock.now
        var replayed = 0
        let stream = client.resource(CoreV1.Pod.self, namespace: "default").watch(
            ListOptions(resourceVersion: before, timeoutSeconds: 60, allowWatchBookmarks: false))
        for try await event in stream where event.type == .modified {
            replayed += 1
            if replayed == updates { break }
        }
        print(
            "typed watch replay of \(replayed) events from history: \(fmt(Double(replayed) / seconds(ContinuousClock.now - replayStart), 0)) events/s"
        )
        try await client.shutdown()
        try await http.shutdown()
    }

    func workQueueThroughput() async throws {
        let queue = WorkQueue<Int, ContinuousClock>(clock: ContinuousClock())
        let done = Counter()
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    while let key = await queue.get() {
                        await queue.done(key)
                        done.increment()
                    }
                }
            }
            for i in 0..<queueKeys { await queue.add(i % 50_000) }
            while done.value < 50_000 { try await Task.sleep(for: .milliseconds(1)) }
            await queue.shutDownWithDrain()
            try await group.waitForAll()
        }
        let elapsed = seconds(ContinuousClock.now - start)
        print(
            "work queue: \(queueKeys) adds of 50,000 distinct keys, \(done.value) processed by 4 workers in \(fmt(elapsed * 1000)) ms (\(fmt(Double(queueKeys) / elapsed, 0)) adds/s)"
        )
    }

    /// Bytes the allocator has handed out and not got back (glibc's
    /// mallinfo): unlike RSS it does not hide new objects in freed pages.
    static func heapInUse() -> Int {
        Int(bench_heap_in_use())
    }
}

final class Counter: Sendable {
    private let n = Mutex(0)
    func increment() { n.withLock { $0 += 1 } }
    var value: Int { n.withLock { $0 } }
}
