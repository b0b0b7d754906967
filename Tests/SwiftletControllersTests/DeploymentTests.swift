import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletControllers
import SwiftletModels
import SwiftletTesting
import Testing

@Suite("Built-in controllers: Deployment", .timeLimit(.minutes(2)))
struct DeploymentTests {
    static func deployment(_ name: String, replicas: Int, image: String) -> AppsV1.Deployment {
        var d = AppsV1.Deployment()
        d.name = name
        d.json[path: ["spec"]] = [
            "replicas": .int(Int64(replicas)), "selector": ["matchLabels": ["app": .string(name)]],
            "template": [
                "metadata": ["labels": ["app": .string(name)]],
                "spec": ["containers": [["name": "c", "image": .string(image)]]],
            ],
        ]
        return d
    }

    @Test func rollsOutThroughReplicaSets() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let run = Task {
            try await ControllerManager.make(
                client: client, controllers: ["deployment", "replicaset", "garbagecollector"]
            ).run()
        }
        let deployments = client.resource(AppsV1.Deployment.self, namespace: "default")
        let sets = client.resource(AppsV1.ReplicaSet.self, namespace: "default")
        let pods = client.resource(CoreV1.Pod.self, namespace: "default")
        _ = try await deployments.create(Self.deployment("web", replicas: 4, image: "nginx:1.27"))
        // A ReplicaSet named by the template hash, revision 1, and its pods.
        #expect(try await eventually { try await sets.list().items.count == 1 })
        let first = try #require(try await sets.list().items.first)
        let hash = try #require(first.labels?["pod-template-hash"])
        #expect(first.name == "web-\(hash)")
        #expect(first.annotations?["deployment.kubernetes.io/revision"] == "1")
        #expect(try await eventually { try await pods.list(ListOptions(labelSelector: "app=web")).items.count == 4 })
        #expect(try await eventually { try await deployments.get("web").status?.replicas == 4 })
        let status = try await deployments.get("web").status
        #expect(status?.updatedReplicas == 4)
        #expect(status?.observedGeneration == 1)

        // A new template makes a second ReplicaSet. No pod ever becomes ready
        // here (no node agent), so the rollout stops where upstream's would:
        // the new one surges by 25% (1 pod), the old one gives up its
        // unavailable pods only as far as maxUnavailable allows.
        _ = try await deployments.patch(
            "web", .strategic(["spec": ["template": ["spec": ["containers": [["name": "c", "image": "nginx:1.28"]]]]]]))
        #expect(try await eventually { try await sets.list().items.count == 2 })
        let second = try #require(try await sets.list().items.first { $0.name != first.name })
        #expect(second.annotations?["deployment.kubernetes.io/revision"] == "2")
        #expect(
            try await eventually {
                let all = try await sets.list().items
                let new = all.first { $0.name == second.name }?.spec?.replicas ?? 0
                let old = all.first { $0.name == first.name }?.spec?.replicas ?? 0
                return new == 1 && old == 3
            })
        // Scaling the Deployment scales the ReplicaSets, never past maxSurge.
        _ = try await deployments.patch("web", .merge(["spec": ["replicas": 8]]))
        #expect(
            try await eventually {
                let all = try await sets.list().items
                return all.reduce(0) { $0 + Int($1.spec?.replicas ?? 0) } <= 10
                    && all.first { $0.name == second.name }?.spec?.replicas ?? 0 > 1
            })

        // Back to the first template (what `kubectl rollout undo` does): the
        // first ReplicaSet is current again as revision 3, and no third one appears.
        _ = try await deployments.patch(
            "web", .strategic(["spec": ["template": ["spec": ["containers": [["name": "c", "image": "nginx:1.27"]]]]]]))
        #expect(
            try await eventually {
                try await sets.get(first.name ?? "").annotations?["deployment.kubernetes.io/revision"] == "3"
            })
        #expect(try await sets.get(first.name ?? "").annotations?["deployment.kubernetes.io/revision-history"] == "1")
        #expect(try await sets.list().items.count == 2)
        run.cancel()
        try await client.shutdown()
        await server.stop()
    }

    @Test func recreateScalesTheOldReplicaSetToZeroFirst() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let run = Task {
            try await ControllerManager.make(
                client: client, controllers: ["deployment", "replicaset", "garbagecollector"]
            ).run()
        }
        let deployments = client.resource(AppsV1.Deployment.self, namespace: "default")
        let sets = client.resource(AppsV1.ReplicaSet.self, namespace: "default")
        var d = Self.deployment("db", replicas: 2, image: "postgres:16")
        d.json[path: ["spec", "strategy"]] = ["type": "Recreate"]
        _ = try await deployments.create(d)
        #expect(try await eventually { try await deployments.get("db").status?.replicas == 2 })
        _ = try await deployments.patch(
            "db", .strategic(["spec": ["template": ["spec": ["containers": [["name": "c", "image": "postgres:17"]]]]]]))
        #expect(
            try await eventually {
                let all = try await sets.list().items
                guard all.count == 2 else { return false }
                let new = all.first { $0.annotations?["deployment.kubernetes.io/revision"] == "2" }
                let old = all.first { $0.annotations?["deployment.kubernetes.io/revision"] == "1" }
                return old?.spec?.replicas == 0 && old?.status?.replicas == 0 && new?.spec?.replicas == 2
            })
        run.cancel()
        try await client.shutdown()
        await server.stop()
    }
}
