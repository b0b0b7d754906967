import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletControllers
import SwiftletModels
import SwiftletTesting
import Testing

@Suite("Built-in controllers: garbage collector", .timeLimit(.minutes(2)))
struct GarbageCollectorTests {
    /// A server with the controllers running and a ReplicaSet with 2 pods.
    static func setUp(_ name: String) async throws -> (TestAPIServer, KubernetesClient, Task<Void, any Error>) {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let run = Task {
            try await ControllerManager.make(client: client, controllers: ["garbagecollector", "replicaset"]).run()
        }
        _ = try await client.resource(AppsV1.ReplicaSet.self, namespace: "default").create(
            ReplicaSetTests.replicaSet(name, replicas: 2))
        #expect(try await eventually { try await pods(client, name).count == 2 })
        return (server, client, run)
    }

    static func pods(_ client: KubernetesClient, _ app: String) async throws -> [CoreV1.Pod] {
        try await client.resource(CoreV1.Pod.self, namespace: "default").list(ListOptions(labelSelector: "app=\(app)"))
            .items
    }

    static func gone(_ client: KubernetesClient, _ name: String) async -> Bool {
        do {
            _ = try await client.resource(AppsV1.ReplicaSet.self, namespace: "default").get(name)
            return false
        } catch {
            return (error as? KubernetesError)?.isNotFound == true
        }
    }

    @Test func backgroundDeletionRemovesDependents() async throws {
        let (server, client, run) = try await Self.setUp("bg")
        try await client.resource(AppsV1.ReplicaSet.self, namespace: "default").delete("bg")
        #expect(try await eventually { try await Self.pods(client, "bg").isEmpty })
        run.cancel()
        try await client.shutdown()
        await server.stop()
    }

    @Test func orphanDeletionKeepsDependentsWithoutTheReference() async throws {
        let (server, client, run) = try await Self.setUp("orph")
        try await client.resource(AppsV1.ReplicaSet.self, namespace: "default").delete(
            "orph", options: DeleteOptions(propagationPolicy: .orphan))
        #expect(await eventually { await Self.gone(client, "orph") })
        let left = try await Self.pods(client, "orph")
        #expect(left.count == 2)
        #expect(left.allSatisfy { ($0.ownerReferences ?? []).isEmpty })
        run.cancel()
        try await client.shutdown()
        await server.stop()
    }

    @Test func foregroundDeletionWaitsForDependents() async throws {
        let (server, client, run) = try await Self.setUp("fg")
        let sets = client.resource(AppsV1.ReplicaSet.self, namespace: "default")
        let deleting = try await sets.delete("fg", options: DeleteOptions(propagationPolicy: .foreground))
        #expect(deleting?.finalizers?.contains("foregroundDeletion") == true)
        #expect(try await eventually { try await Self.pods(client, "fg").isEmpty })
        #expect(await eventually { await Self.gone(client, "fg") })
        run.cancel()
        try await client.shutdown()
        await server.stop()
    }

    @Test func danglingOwnerReferencesAreCollected() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let run = Task {
            try await ControllerManager.make(client: client, controllers: ["garbagecollector", "replicaset"]).run()
        }
        var pod = CoreV1.Pod()
        pod.name = "orphaned-by-ghost"
        pod.json[path: ["spec"]] = ["containers": [["name": "c", "image": "nginx"]]]
        var ref = MetaV1.OwnerReference()
        ref.apiVersion = "apps/v1"
        ref.kind = "ReplicaSet"
        ref.name = "ghost"
        ref.uid = "00000000-0000-0000-0000-000000000000"
        pod.ownerReferences = [ref]
        _ = try await client.resource(CoreV1.Pod.self, namespace: "default").create(pod)
        let collected = await eventually {
            do {
                _ = try await client.resource(CoreV1.Pod.self, namespace: "default").get("orphaned-by-ghost")
                return false
            } catch {
                return (error as? KubernetesError)?.isNotFound == true
            }
        }
        #expect(collected)
        run.cancel()
        try await client.shutdown()
        await server.stop()
    }
}
