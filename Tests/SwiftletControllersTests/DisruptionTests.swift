import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletControllers
import SwiftletModels
import SwiftletTesting
import Testing

@Suite("Built-in controllers: disruption budgets", .timeLimit(.minutes(2)))
struct DisruptionTests {
    /// Three ready pods of a ReplicaSet, a budget of minAvailable 2: one
    /// eviction is allowed, the second is refused until the budget refills.
    @Test func budgetsAllowWhatTheyCanSpare() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let run = Task {
            try await ControllerManager.make(client: client, controllers: ["disruption", "replicaset"]).run()
        }
        _ = try await client.resource(AppsV1.ReplicaSet.self, namespace: "default").create(
            ReplicaSetTests.replicaSet("web", replicas: 3))
        let podsAPI = client.resource(CoreV1.Pod.self, namespace: "default")
        func webPods() async throws -> [CoreV1.Pod] {
            try await podsAPI.list(ListOptions(labelSelector: "app=web")).items.filter { $0.deletionTimestamp == nil }
        }
        #expect(try await eventually { try await webPods().count == 3 })
        for pod in try await webPods() {
            var ready = pod
            ready.json["status"] = ["phase": "Running", "conditions": [["type": "Ready", "status": "True"]]]
            _ = try await podsAPI.updateStatus(ready)
        }
        var pdb = PolicyV1.PodDisruptionBudget()
        pdb.name = "web"
        pdb.json["spec"] = ["minAvailable": 2, "selector": ["matchLabels": ["app": "web"]]]
        let budgets = client.resource(PolicyV1.PodDisruptionBudget.self, namespace: "default")
        _ = try await budgets.create(pdb)
        #expect(
            try await eventually {
                let s = try await budgets.get("web").json["status"]
                return s?["disruptionsAllowed"] == 1 && s?["currentHealthy"] == 3 && s?["desiredHealthy"] == 2
                    && s?["expectedPods"] == 3
            })
        let condition = try await budgets.get("web").json[path: ["status", "conditions"]]?.arrayValue?.first
        #expect(condition?["type"] == "DisruptionAllowed" && condition?["reason"] == "SufficientPods")

        let victims = try await webPods()
        func evict(_ name: String) async throws -> Int {
            let reply = try await server.request(
                "POST", "/api/v1/namespaces/default/pods/\(name)/eviction",
                body: ["apiVersion": "policy/v1", "kind": "Eviction", "metadata": ["name": .string(name)]])
            return reply.status
        }
        #expect(try await evict(victims[0].name ?? "") == 201)
        #expect(try await evict(victims[1].name ?? "") == 429)

        // maxUnavailable as a percentage of the ReplicaSet's scale.
        var percent = PolicyV1.PodDisruptionBudget()
        percent.name = "web-percent"
        percent.json["spec"] = ["maxUnavailable": "34%", "selector": ["matchLabels": ["app": "web"]]]
        _ = try await budgets.create(percent)
        #expect(
            try await eventually {
                let s = try await budgets.get("web-percent").json["status"]
                return s?["expectedPods"] == 3 && s?["desiredHealthy"] == 1
            })
        run.cancel()
        try await client.shutdown()
        await server.stop()
    }
}
