import SwiftletAPI
import SwiftletModels
import Testing

@testable import SwiftletScheduler

@Suite struct NodeUnschedulableTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var tolerations: [JSONValue]
        var fits: Bool
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(name: "no tolerations", tolerations: [], fits: false),
        Case(
            name: "unschedulable key, Exists, NoSchedule",
            tolerations: [
                NodePlugins.toleration(
                    key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule")
            ], fits: true),
        Case(
            name: "unschedulable key, Exists, any effect",
            tolerations: [NodePlugins.toleration(key: "node.kubernetes.io/unschedulable", operator: "Exists")],
            fits: true),
        Case(
            name: "unschedulable key, Equal empty value",
            tolerations: [NodePlugins.toleration(key: "node.kubernetes.io/unschedulable", operator: "Equal")],
            fits: true),
        Case(name: "empty key, Exists", tolerations: [NodePlugins.toleration(operator: "Exists")], fits: true),
        Case(
            name: "unschedulable key, NoExecute only",
            tolerations: [
                NodePlugins.toleration(key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoExecute")
            ], fits: false),
        Case(
            name: "unschedulable key, Equal other value",
            tolerations: [NodePlugins.toleration(key: "node.kubernetes.io/unschedulable", value: "yes")],
            fits: false),
        Case(
            name: "other key",
            tolerations: [NodePlugins.toleration(key: "node.kubernetes.io/not-ready", operator: "Exists")],
            fits: false),
    ])
    func cordonedNodeTakesOnlyTolerantPods(_ c: Case) {
        let pod = PodInfo(Fixture.pod("p", spec: ["tolerations": .array(c.tolerations)]))
        let node = NodeInfo(Fixture.node("n1", unschedulable: true))
        let status = NodeUnschedulable().filter(pod: pod, node: node, state: CycleState())
        #expect(status == (c.fits ? .success : .unresolvable("node(s) were unschedulable")))
    }

    @Test func schedulableNodeTakesAnyPod() {
        let status = NodeUnschedulable().filter(
            pod: PodInfo(Fixture.pod("p")), node: NodeInfo(Fixture.node("n1")), state: CycleState())
        #expect(status == .success)
    }

    @Test func podsAvoidCordonedNodes() {
        var harness = NodePlugins.harness([
            Fixture.node("n1", unschedulable: true), Fixture.node("n2"), Fixture.node("n3", unschedulable: true),
        ])
        for i in 0..<3 { #expect(harness.nodeFor(Fixture.pod("p\(i)")) == "n2") }
    }

    @Test func everyNodeCordoned() {
        var harness = NodePlugins.harness([
            Fixture.node("n1", unschedulable: true), Fixture.node("n2", unschedulable: true),
        ])
        #expect(
            harness.failureFor(Fixture.pod("p")) == "0/2 nodes are available: 2 node(s) were unschedulable.")
        let daemon = Fixture.pod(
            "daemon",
            spec: [
                "tolerations": [
                    NodePlugins.toleration(
                        key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule")
                ]
            ])
        #expect(harness.nodeFor(daemon) != nil)
    }
}
