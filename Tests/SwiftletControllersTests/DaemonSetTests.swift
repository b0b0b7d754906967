import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels
import SwiftletTesting
import Testing

@testable import SwiftletControllers

@Suite("DaemonSet placement")
struct DaemonPlacementTests {
    func node(_ name: String, labels: [String: String] = [:], taints: [JSONValue] = []) -> CoreV1.Node {
        var node = CoreV1.Node()
        node.name = name
        node.labels = labels
        if !taints.isEmpty { node.json[path: ["spec", "taints"]] = .array(taints) }
        return node
    }

    @Test func selectorsAffinityAndTaints() {
        let plain: JSONValue = ["containers": [["name": "c", "image": "x"]]]
        #expect(DaemonPlacement.shouldRun(plain, on: node("a")))
        var selected = plain
        selected["nodeSelector"] = ["disk": "ssd"]
        #expect(DaemonPlacement.shouldRun(selected, on: node("a", labels: ["disk": "ssd"])))
        #expect(!DaemonPlacement.shouldRun(selected, on: node("b", labels: ["disk": "hdd"])))

        var affine = plain
        affine[path: ["affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution"]] = [
            "nodeSelectorTerms": [["matchExpressions": [["key": "zone", "operator": "NotIn", "values": ["z9"]]]]]
        ]
        #expect(DaemonPlacement.shouldRun(affine, on: node("a", labels: ["zone": "z1"])))
        #expect(!DaemonPlacement.shouldRun(affine, on: node("b", labels: ["zone": "z9"])))

        let noSchedule: JSONValue = ["key": "dedicated", "value": "db", "effect": "NoSchedule"]
        #expect(!DaemonPlacement.shouldRun(plain, on: node("t", taints: [noSchedule])))
        var tolerant = plain
        tolerant["tolerations"] = [["key": "dedicated", "operator": "Equal", "value": "db", "effect": "NoSchedule"]]
        #expect(DaemonPlacement.shouldRun(tolerant, on: node("t", taints: [noSchedule])))
        // PreferNoSchedule never keeps a daemon away; unschedulable nodes get daemons too.
        let prefer: JSONValue = ["key": "soft", "effect": "PreferNoSchedule"]
        #expect(DaemonPlacement.shouldRun(plain, on: node("p", taints: [prefer])))
        let cordoned: JSONValue = ["key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"]
        #expect(DaemonPlacement.shouldRun(plain, on: node("c", taints: [cordoned])))
    }

    @Test func podsArePinnedToTheirNode() {
        var spec: JSONValue = ["containers": [["name": "c", "image": "x"]]]
        DaemonPlacement.pin(&spec, to: "node-7")
        var pod = CoreV1.Pod()
        pod.json["spec"] = spec
        #expect(DaemonPlacement.targetNode(pod) == "node-7")
        pod.json[path: ["spec", "nodeName"]] = "node-8"
        #expect(DaemonPlacement.targetNode(pod) == "node-8")
    }
}

@Suite("Built-in controllers: DaemonSet", .timeLimit(.minutes(2)))
struct DaemonSetTests {
    @Test func onePodPerEligibleNodeAndRollingUpdates() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let run = Task { try await ControllerManager.make(client: client, controllers: ["daemonset"]).run() }
        let nodes = client.resource(CoreV1.Node.self)
        for (name, labels) in [("n1", ["role": "worker"]), ("n2", ["role": "worker"]), ("n3", ["role": "edge"])] {
            var node = CoreV1.Node()
            node.name = name
            node.labels = labels
            _ = try await nodes.create(node)
        }
        let sets = client.resource(AppsV1.DaemonSet.self, namespace: "default")
        let podsAPI = client.resource(CoreV1.Pod.self, namespace: "default")
        var ds = AppsV1.DaemonSet()
        ds.name = "agent"
        ds.json["spec"] = [
            "selector": ["matchLabels": ["app": "agent"]],
            "template": [
                "metadata": ["labels": ["app": "agent"]],
                "spec": ["nodeSelector": ["role": "worker"], "containers": [["name": "a", "image": "agent:1"]]],
            ],
        ]
        _ = try await sets.create(ds)
        func live() async throws -> [CoreV1.Pod] {
            try await podsAPI.list(ListOptions(labelSelector: "app=agent")).items.filter { $0.deletionTimestamp == nil }
        }
        func targets() async throws -> [String] {
            try await live().compactMap(DaemonPlacement.targetNode).sorted()
        }
        #expect(try await eventually { try await targets() == ["n1", "n2"] })
        let first = try await live()
        #expect(
            first.allSatisfy {
                $0.json[path: ["spec", "tolerations"]]?.arrayValue?.contains {
                    $0["key"] == "node.kubernetes.io/unreachable"
                } == true
            })
        #expect(first.allSatisfy { $0.labels?["controller-revision-hash"]?.isEmpty == false })
        #expect(
            try await eventually {
                let status = try await sets.get("agent").json["status"]
                return status?["desiredNumberScheduled"] == 2 && status?["currentNumberScheduled"] == 2
            })

        // A node that starts matching gets a pod; one that stops loses it.
        _ = try await nodes.patch("n3", .merge(["metadata": ["labels": ["role": "worker"]]]))
        #expect(try await eventually { try await targets() == ["n1", "n2", "n3"] })
        _ = try await nodes.patch("n1", .merge(["metadata": ["labels": ["role": "spare"]]]))
        #expect(try await eventually { try await targets() == ["n2", "n3"] })

        // A new template replaces every pod and records a second revision.
        _ = try await sets.patch(
            "agent", .merge(["spec": ["template": ["spec": ["containers": [["name": "a", "image": "agent:2"]]]]]]))
        #expect(
            try await eventually {
                let pods = try await live()
                return pods.count == 2
                    && pods.allSatisfy {
                        $0.json[path: ["spec", "containers"]]?.arrayValue?.first?["image"] == "agent:2"
                    }
            })
        let revisions = try await client.resource(AppsV1.ControllerRevision.self, namespace: "default").list().items
        #expect(revisions.compactMap { $0.json["revision"]?.intValue }.sorted() == [1, 2])
        #expect(
            try await eventually { try await sets.get("agent").json[path: ["status", "updatedNumberScheduled"]] == 2 })
        run.cancel()
        try await client.shutdown()
        await server.stop()
    }
}
