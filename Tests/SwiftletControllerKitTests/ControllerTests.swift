import Foundation
import MirrorOperator
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels
import SwiftletTesting
import Synchronization
import Testing

/// Counts reconciles per request and can fail on demand.
final class CountingReconciler: Reconciler {
    let calls = Mutex<[NamespacedName: Int]>([:])
    let failuresLeft = Mutex(0)
    let terminal: Bool
    let concurrent = Mutex((now: 0, max: 0))

    init(failures: Int = 0, terminal: Bool = false) {
        failuresLeft.withLock { $0 = failures }
        self.terminal = terminal
    }

    func reconcile(_ request: NamespacedName) async throws -> ReconcileResult {
        concurrent.withLock { c in
            c.now += 1
            c.max = max(c.max, c.now)
        }
        defer { concurrent.withLock { $0.now -= 1 } }
        calls.withLock { $0[request, default: 0] += 1 }
        try await Task.sleep(for: .milliseconds(5))
        let fail = failuresLeft.withLock { f -> Bool in
            guard f > 0 else { return false }
            f -= 1
            return true
        }
        if fail { throw terminal ? TerminalError("bad spec") as any Error : KubernetesError.conflict("try again") }
        return .done
    }

    func count(_ name: String, namespace: String = "default") -> Int {
        calls.withLock { $0[NamespacedName(namespace: namespace, name: name)] ?? 0 }
    }
}

@Suite("ControllerKit", .timeLimit(.minutes(2)))
struct ControllerTests {
    static func replicaSet(_ name: String) -> AppsV1.ReplicaSet {
        var rs = AppsV1.ReplicaSet()
        rs.name = name
        rs.json[path: ["spec"]] = [
            "replicas": 1, "selector": ["matchLabels": ["app": .string(name)]],
            "template": [
                "metadata": ["labels": ["app": .string(name)]],
                "spec": ["containers": [["name": "c", "image": "nginx"]]],
            ],
        ]
        return rs
    }

    @Test func ownedChildrenWakeTheirOwner() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let reconciler = CountingReconciler()
        let manager = Manager(client: client)
        manager.add(
            Controller.for(AppsV1.ReplicaSet.self).owns(CoreV1.Pod.self).maxConcurrentReconciles(2).complete(reconciler)
        )
        let run = Task { try await manager.run() }
        let owner = try await client.resource(AppsV1.ReplicaSet.self, namespace: "default").create(
            Self.replicaSet("rs"))
        #expect(await eventually { reconciler.count("rs") >= 1 })
        let before = reconciler.count("rs")
        var pod = CoreV1.Pod()
        pod.name = "rs-pod"
        pod.json[path: ["spec"]] = ["containers": [["name": "c", "image": "nginx"]]]
        pod.setControllerReference(owner)
        _ = try await client.resource(CoreV1.Pod.self, namespace: "default").create(pod)
        #expect(await eventually { reconciler.count("rs") > before })
        // The pod's own key is never a request: only owners are reconciled.
        #expect(reconciler.count("rs-pod") == 0)
        run.cancel()
        try await client.shutdown()
        await server.stop()
    }

    @Test func errorsRetryAndTerminalErrorsDoNot() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let retrying = CountingReconciler(failures: 3)
        let terminal = CountingReconciler(failures: 1, terminal: true)
        let manager = Manager(client: client)
        manager.add(Controller.for(CoreV1.ConfigMap.self).complete(retrying))
        manager.add(Controller.for(CoreV1.Secret.self).complete(terminal))
        let run = Task { try await manager.run() }
        var cm = CoreV1.ConfigMap()
        cm.name = "flaky"
        _ = try await client.resource(CoreV1.ConfigMap.self, namespace: "default").create(cm)
        var secret = CoreV1.Secret()
        secret.name = "bad"
        _ = try await client.resource(CoreV1.Secret.self, namespace: "default").create(secret)
        #expect(await eventually { retrying.count("flaky") == 4 })
        #expect(await eventually { terminal.count("bad") >= 1 })
        // Neither is tried again: the retried one succeeded, the other was terminal.
        try await Task.sleep(for: .milliseconds(300))
        #expect(retrying.count("flaky") == 4)
        #expect(terminal.count("bad") == 1)
        run.cancel()
        try await client.shutdown()
        await server.stop()
    }

    @Test func mirrorOperatorCopiesAndCleansUp() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let manager = Manager(client: client)
        manager.add(MirrorController.make(manager: manager))
        let run = Task { try await manager.run() }
        var source = CoreV1.ConfigMap()
        source.name = "shared"
        source.labels = [MirrorReconciler.mirrorLabel: "true"]
        source.data = ["greeting": "hello"]
        _ = try await client.resource(CoreV1.ConfigMap.self, namespace: "default").create(source)
        func copy(in ns: String) async -> CoreV1.ConfigMap? {
            try? await client.resource(CoreV1.ConfigMap.self, namespace: ns).get("shared")
        }
        #expect(await eventually { await copy(in: "kube-public")?.data?["greeting"] == "hello" })
        #expect(
            await eventually {
                await copy(in: "kube-system")?.labels?[MirrorReconciler.copyOfLabel] == "default.shared"
            })
        // A new namespace gets a copy too.
        var ns = CoreV1.Namespace()
        ns.name = "team-a"
        _ = try await client.resource(CoreV1.Namespace.self).create(ns)
        #expect(await eventually { await copy(in: "team-a") != nil })
        // A changed source updates the copies; a deleted copy comes back.
        _ = try await client.resource(CoreV1.ConfigMap.self, namespace: "default").patch(
            "shared", .merge(["data": ["greeting": "hi"]]))
        #expect(await eventually { await copy(in: "team-a")?.data?["greeting"] == "hi" })
        try await client.resource(CoreV1.ConfigMap.self, namespace: "kube-public").delete("shared")
        #expect(await eventually { await copy(in: "kube-public")?.data?["greeting"] == "hi" })
        // Deleting the source removes every copy, then the source itself.
        try await client.resource(CoreV1.ConfigMap.self, namespace: "default").delete("shared")
        #expect(
            await eventually {
                let teamCopy = await copy(in: "team-a")
                let stillSource = await copy(in: "default")
                return teamCopy == nil && stillSource == nil
            })
        #expect(await copy(in: "kube-system") == nil)
        run.cancel()
        try await client.shutdown()
        await server.stop()
    }

    @Test func finalizerAndOwnerHelpers() {
        var cm = CoreV1.ConfigMap()
        let added = cm.addFinalizer("a/b")
        let addedAgain = cm.addFinalizer("a/b")
        #expect(added && !addedAgain)
        #expect(cm.finalizers == ["a/b"])
        let removed = cm.removeFinalizer("a/b")
        #expect(removed)
        #expect(cm.finalizers == nil)
        var owner = AppsV1.Deployment()
        owner.name = "web"
        owner.uid = "123"
        var rs = AppsV1.ReplicaSet()
        rs.setControllerReference(owner)
        #expect(rs.ownerReferences?.first?.kind == "Deployment")
        #expect(rs.ownerReferences?.first?.apiVersion == "apps/v1")
        #expect(rs.ownerReferences?.first?.controller == true)
    }
}
