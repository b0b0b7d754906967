import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletControllers
import SwiftletModels
import SwiftletTesting
import Testing

/// No node agent runs here: the tests mark pods ready as a kubelet would.
@Suite("Built-in controllers: StatefulSet", .timeLimit(.minutes(2)))
struct StatefulSetTests {
    static func statefulSet(_ name: String, replicas: Int, parallel: Bool = false, image: String = "db:1")
        -> AppsV1.StatefulSet
    {
        var set = AppsV1.StatefulSet()
        set.name = name
        set.json["spec"] = [
            "replicas": .int(Int64(replicas)), "serviceName": "db-headless",
            "podManagementPolicy": parallel ? "Parallel" : "OrderedReady",
            "selector": ["matchLabels": ["app": .string(name)]],
            "template": [
                "metadata": ["labels": ["app": .string(name)]],
                "spec": ["containers": [["name": "db", "image": .string(image)]]],
            ],
            "volumeClaimTemplates": [
                [
                    "metadata": ["name": "data"],
                    "spec": ["accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": "1Gi"]]],
                ]
            ],
            "persistentVolumeClaimRetentionPolicy": ["whenDeleted": "Retain", "whenScaled": "Delete"],
        ]
        return set
    }

    @Test func orderedPodsWithStableNamesClaimsAndRollingUpdate() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let run = Task { try await ControllerManager.make(client: client, controllers: ["statefulset"]).run() }
        let sets = client.resource(AppsV1.StatefulSet.self, namespace: "default")
        let podsAPI = client.resource(CoreV1.Pod.self, namespace: "default")
        _ = try await sets.create(Self.statefulSet("db", replicas: 3))
        func names() async throws -> [String] {
            try await podsAPI.list(ListOptions(labelSelector: "app=db")).items.filter { $0.deletionTimestamp == nil }
                .compactMap(\.name).sorted()
        }
        func markReady(_ name: String) async throws {
            var pod = try await podsAPI.get(name)
            pod.json["status"] = [
                "phase": "Running", "podIP": "10.88.0.9",
                "conditions": [["type": "Ready", "status": "True", "lastTransitionTime": "2026-12-04T00:00:00Z"]],
            ]
            _ = try await podsAPI.updateStatus(pod)
        }
        // One at a time, each after the one before is ready.
        #expect(try await eventually { try await names() == ["db-0"] })
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await names() == ["db-0"])
        let first = try await podsAPI.get("db-0")
        #expect(first.json[path: ["spec", "hostname"]] == "db-0")
        #expect(first.json[path: ["spec", "subdomain"]] == "db-headless")
        #expect(first.labels?["statefulset.kubernetes.io/pod-name"] == "db-0")
        #expect(first.labels?["apps.kubernetes.io/pod-index"] == "0")
        let volume = first.json[path: ["spec", "volumes"]]?.arrayValue?.first { $0["name"] == "data" }
        #expect(volume?[path: ["persistentVolumeClaim", "claimName"]] == "data-db-0")
        let claims = client.resource(CoreV1.PersistentVolumeClaim.self, namespace: "default")
        #expect(try await eventually { (try? await claims.get("data-db-0")) != nil })

        try await markReady("db-0")
        #expect(try await eventually { try await names() == ["db-0", "db-1"] })
        try await markReady("db-1")
        #expect(try await eventually { try await names() == ["db-0", "db-1", "db-2"] })
        try await markReady("db-2")
        #expect(try await eventually { try await sets.get("db").status?.readyReplicas == 3 })

        // Scale down removes the highest ordinal, and (whenScaled: Delete) its claim.
        _ = try await sets.patch("db", .merge(["spec": ["replicas": 2]]))
        #expect(try await eventually { try await names() == ["db-0", "db-1"] })
        #expect(try await eventually { (try? await claims.get("data-db-2")) == nil })

        // A new template rolls out from the highest ordinal down, one ready pod at a time.
        let before = try await podsAPI.get("db-1").labels?["controller-revision-hash"]
        _ = try await sets.patch(
            "db", .merge(["spec": ["template": ["spec": ["containers": [["name": "db", "image": "db:2"]]]]]]))
        #expect(
            try await eventually {
                guard let pod = try? await podsAPI.get("db-1"), pod.deletionTimestamp == nil else { return false }
                return pod.labels?["controller-revision-hash"] != before
            })
        #expect(try await podsAPI.get("db-0").labels?["controller-revision-hash"] == before)
        try await markReady("db-1")
        #expect(
            try await eventually {
                guard let pod = try? await podsAPI.get("db-0"), pod.deletionTimestamp == nil else { return false }
                return pod.labels?["controller-revision-hash"] != before
            })
        try await markReady("db-0")
        #expect(
            try await eventually {
                let status = try await sets.get("db").json["status"]
                return status?["updatedReplicas"] == 2 && status?["currentRevision"] == status?["updateRevision"]
            })
        run.cancel()
        try await client.shutdown()
        await server.stop()
    }

    @Test func parallelCreatesEveryPodAtOnce() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let run = Task { try await ControllerManager.make(client: client, controllers: ["statefulset"]).run() }
        _ = try await client.resource(AppsV1.StatefulSet.self, namespace: "default").create(
            Self.statefulSet("cache", replicas: 3, parallel: true))
        let podsAPI = client.resource(CoreV1.Pod.self, namespace: "default")
        #expect(
            try await eventually {
                try await podsAPI.list(ListOptions(labelSelector: "app=cache")).items.compactMap(\.name).sorted()
                    == ["cache-0", "cache-1", "cache-2"]
            })
        run.cancel()
        try await client.shutdown()
        await server.stop()
    }
}
