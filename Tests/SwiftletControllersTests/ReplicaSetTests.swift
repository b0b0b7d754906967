import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletControllers
import SwiftletModels
import SwiftletTesting
import Testing

@Suite("Built-in controllers: ReplicaSet", .timeLimit(.minutes(2)))
struct ReplicaSetTests {
    static func replicaSet(_ name: String, replicas: Int) -> AppsV1.ReplicaSet {
        var rs = AppsV1.ReplicaSet()
        rs.name = name
        rs.json[path: ["spec"]] = [
            "replicas": .int(Int64(replicas)), "selector": ["matchLabels": ["app": .string(name)]],
            "template": [
                "metadata": ["labels": ["app": .string(name), "tier": "web"]],
                "spec": ["containers": [["name": "c", "image": "nginx"]]],
            ],
        ]
        return rs
    }

    @Test func keepsTheReplicaCountAdoptsAndReleases() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let run = Task { try await ControllerManager.make(client: client, controllers: ["replicaset"]).run() }
        let sets = client.resource(AppsV1.ReplicaSet.self, namespace: "default")
        let pods = client.resource(CoreV1.Pod.self, namespace: "default")
        let rs = try await sets.create(Self.replicaSet("web", replicas: 3))
        func webPods() async throws -> [CoreV1.Pod] {
            try await pods.list(ListOptions(labelSelector: "app=web")).items.filter { $0.deletionTimestamp == nil }
        }
        #expect(try await eventually { try await webPods().count == 3 })
        let created = try await webPods()
        #expect(
            created.allSatisfy {
                $0.ownerReferences?.first?.uid == rs.uid && $0.ownerReferences?.first?.controller == true
            })
        #expect(created.allSatisfy { ($0.name ?? "").hasPrefix("web-") && $0.labels?["tier"] == "web" })
        #expect(try await eventually { try await sets.get("web").status?.replicas == 3 })
        // No double creation once settled.
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await webPods().count == 3)

        // Scale down: surplus pods go.
        _ = try await sets.patch("web", .merge(["spec": ["replicas": 1]]))
        #expect(try await eventually { try await webPods().count == 1 })
        #expect(try await eventually { try await sets.get("web").status?.replicas == 1 })

        // A matching orphan is adopted, and then it is one too many.
        var orphan = CoreV1.Pod()
        orphan.name = "stray"
        orphan.labels = ["app": "web"]
        orphan.json[path: ["spec"]] = ["containers": [["name": "c", "image": "nginx"]]]
        _ = try await pods.create(orphan)
        #expect(
            try await eventually {
                let all = try await webPods()
                return all.count == 1 && all.allSatisfy { $0.ownerReferences?.first?.uid == rs.uid }
            })

        // A pod relabelled out of the selector is released and replaced.
        let kept = try #require(try await webPods().first)
        _ = try await pods.patch(kept.name ?? "", .merge(["metadata": ["labels": ["app": "other"]]]))
        #expect(
            try await eventually {
                let released = try await pods.get(kept.name ?? "")
                return (released.ownerReferences ?? []).isEmpty
            })
        #expect(try await eventually { try await webPods().count == 1 })
        #expect(try await webPods().first?.name != kept.name)
        run.cancel()
        try await client.shutdown()
        await server.stop()
    }
}
