import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletModels
import SwiftletTesting
import Synchronization
import Testing

/// Records what an informer's handler saw.
final class Recorder: Sendable {
    let events = Mutex<[String]>([])
    func add(_ e: String) { events.withLock { $0.append(e) } }
    var all: [String] { events.withLock { $0 } }

    func wait(timeout: Duration = .seconds(10), until condition: ([String]) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(all) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(all)
    }
}

@Suite("Informers", .timeLimit(.minutes(2)))
struct InformerTests {
    static func configMap(_ name: String, _ value: String) -> CoreV1.ConfigMap {
        var cm = CoreV1.ConfigMap()
        cm.name = name
        cm.data = ["v": value]
        return cm
    }

    @Test func listThenWatchFillsTheStoreAndNotifies() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let configMaps = client.resource(CoreV1.ConfigMap.self, namespace: "default")
        _ = try await configMaps.create(Self.configMap("before", "1"))
        let informer = Informer(
            client: client, type: CoreV1.ConfigMap.self, namespace: "default",
            indexers: ["value": { [$0.data?["v"] ?? ""] }])
        let recorder = Recorder()
        informer.addHandler(
            EventHandler(
                onAdd: { recorder.add("add \($0.name ?? "")") },
                onUpdate: { _, new in recorder.add("update \(new.name ?? "") \(new.data?["v"] ?? "")") },
                onDelete: { recorder.add("delete \($0.name ?? "")") }))
        let run = Task { try await informer.run() }
        await informer.waitForSync()
        #expect(informer.store.get(namespace: "default", name: "before")?.data?["v"] == "1")
        _ = try await configMaps.create(Self.configMap("after", "2"))
        _ = try await configMaps.patch("before", .merge(["data": ["v": "3"]]))
        _ = try await configMaps.delete("after")
        #expect(await recorder.wait { $0.count == 4 })
        #expect(recorder.all == ["add before", "add after", "update before 3", "delete after"])
        #expect(informer.store.byIndex("value", "3").map { $0.name } == ["before"])
        #expect(informer.store.list(namespace: "default").count == 1)
        run.cancel()
        try await client.shutdown()
        await server.stop()
    }

    /// Across an API server restart the informer resumes from its last
    /// resourceVersion: nothing lost, nothing delivered twice.
    @Test func survivesServerRestartWithoutLossOrDuplicates() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let configMaps = client.resource(CoreV1.ConfigMap.self, namespace: "default")
        let informer = Informer(client: client, type: CoreV1.ConfigMap.self, namespace: "default")
        let recorder = Recorder()
        informer.addHandler(
            EventHandler(
                onAdd: { recorder.add("add \($0.name ?? "")") },
                onUpdate: { old, new in
                    if old.resourceVersion != new.resourceVersion { recorder.add("update \(new.name ?? "")") }
                }))
        let run = Task { try await informer.run() }
        await informer.waitForSync()
        for i in 0..<5 { _ = try await configMaps.create(Self.configMap("a\(i)", "x")) }
        #expect(await recorder.wait { $0.count == 5 })
        try await server.restart()
        // Written while the informer reconnects.
        for i in 0..<5 { _ = try await configMaps.create(Self.configMap("b\(i)", "y")) }
        #expect(await recorder.wait(timeout: .seconds(30)) { $0.count >= 10 })
        try await Task.sleep(for: .milliseconds(300))
        let adds = recorder.all.filter { $0.hasPrefix("add") }
        #expect(adds.count == 10)
        #expect(Set(adds).count == 10)
        #expect(informer.store.count == 10)
        run.cancel()
        try await client.shutdown()
        await server.stop()
    }

    @Test func relistsAfterHistoryIsCompactedAway() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let configMaps = client.resource(CoreV1.ConfigMap.self, namespace: "default")
        let recorder = Recorder()
        let informer = Informer(client: client, type: CoreV1.ConfigMap.self, namespace: "default")
        informer.addHandler(
            EventHandler(
                onAdd: { recorder.add("add \($0.name ?? "")") }, onDelete: { recorder.add("delete \($0.name ?? "")") }))
        let run = Task { try await informer.run() }
        await informer.waitForSync()
        _ = try await configMaps.create(Self.configMap("keep", "1"))
        _ = try await configMaps.create(Self.configMap("drop", "1"))
        #expect(await recorder.wait { $0.count == 2 })
        // While the server is down, history moves on and is compacted away.
        let restart = Task { try await server.restart() }
        try await restart.value
        _ = try await configMaps.delete("drop")
        _ = try await configMaps.create(Self.configMap("new", "1"))
        try await server.storage.compact(upTo: try await server.storage.currentRevision())
        #expect(await recorder.wait(timeout: .seconds(30)) { Set($0).isSuperset(of: ["delete drop", "add new"]) })
        #expect(Set(informer.store.keys) == ["default/keep", "default/new"])
        run.cancel()
        try await client.shutdown()
        await server.stop()
    }
}
