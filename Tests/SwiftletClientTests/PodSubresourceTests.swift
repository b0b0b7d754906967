import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletModels
import SwiftletTesting
import Testing

@Suite("Pod binding and eviction", .timeLimit(.minutes(2)))
struct PodSubresourceTests {
    static func pod(_ name: String, labels: [String: String] = [:]) -> CoreV1.Pod {
        var pod = CoreV1.Pod()
        pod.name = name
        pod.labels = labels
        pod.json[path: ["spec"]] = ["containers": [["name": "c", "image": "nginx"]]]
        return pod
    }

    @Test func bindingAssignsANodeOnce() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let pods = client.resource(CoreV1.Pod.self, namespace: "default")
        _ = try await pods.create(Self.pod("web"))
        try await pods.bind("web", toNode: "node-1")
        let bound = try await pods.get("web")
        #expect(bound.spec?.nodeName == "node-1")
        #expect(bound.status?.conditions?.contains { $0.type == "PodScheduled" && $0.status == "True" } == true)
        do {
            try await pods.bind("web", toNode: "node-2")
            Issue.record("a second binding must conflict")
        } catch let error as KubernetesError {
            #expect(error.isConflict)
            #expect(error.description.contains("already assigned to node \"node-1\""))
        }
        try await client.shutdown()
        await server.stop()
    }

    @Test func evictionRespectsTheDisruptionBudget() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let pods = client.resource(CoreV1.Pod.self, namespace: "default")
        for name in ["a", "b"] {
            _ = try await pods.create(Self.pod(name, labels: ["app": "db"]))
            try await pods.bind(name, toNode: "node-1")
            _ = try await pods.patchStatus(name, .merge(["status": ["phase": "Running"]]))
        }
        var pdb = PolicyV1.PodDisruptionBudget()
        pdb.name = "db"
        pdb.json[path: ["spec"]] = ["minAvailable": 1, "selector": ["matchLabels": ["app": "db"]]]
        let budgets = client.resource(PolicyV1.PodDisruptionBudget.self, namespace: "default")
        _ = try await budgets.create(pdb)
        // The budget's controller (not running here) would compute this status.
        _ = try await budgets.patchStatus(
            "db",
            .merge([
                "status": [
                    "disruptionsAllowed": 1, "currentHealthy": 2, "desiredHealthy": 1, "expectedPods": 2,
                    "observedGeneration": 1,
                ]
            ]))
        try await pods.evict("a", gracePeriodSeconds: 0)
        #expect(try await budgets.get("db").status?.disruptionsAllowed == 0)
        do {
            try await pods.evict("b")
            Issue.record("the budget allows no more disruptions")
        } catch KubernetesError.tooManyRequests(let message, _) {
            #expect(message == "Cannot evict pod as it would violate the pod's disruption budget.")
        }
        #expect(try await pods.get("b").deletionTimestamp == nil)
        try await client.shutdown()
        await server.stop()
    }

    @Test func watchForeverResumesAndCatchesUpAfterCompaction() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let configMaps = client.resource(CoreV1.ConfigMap.self, namespace: "default")
        let events = configMaps.watchForever(ListOptions(timeoutSeconds: 1))
        let recorder = Recorder()
        let reader = Task {
            for try await event in events { recorder.add("\(event.type) \(event.object.name ?? "")") }
        }
        var cm = CoreV1.ConfigMap()
        cm.name = "one"
        _ = try await configMaps.create(cm)
        #expect(await recorder.wait { $0.contains("added one") })
        // Past the 1 s server-side timeout the watch resumes by itself.
        try await Task.sleep(for: .milliseconds(1500))
        cm.name = "two"
        _ = try await configMaps.create(cm)
        #expect(await recorder.wait { $0.contains("added two") })
        // History the watch needs is compacted away while the server restarts.
        try await server.restart()
        _ = try await configMaps.delete("one")
        cm.name = "three"
        _ = try await configMaps.create(cm)
        try await server.storage.compact(upTo: try await server.storage.currentRevision())
        #expect(await recorder.wait(timeout: .seconds(20)) { $0.contains("deleted one") && $0.contains("added three") })
        #expect(recorder.all.filter { $0 == "added two" }.count == 1)
        reader.cancel()
        try await client.shutdown()
        await server.stop()
    }
}
