import SwiftletAPI
import SwiftletModels
import Testing

@testable import SwiftletScheduler

@Suite struct TaintTolerationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var taints: [JSONValue]
        var tolerations: [JSONValue]
        /// Nil when the node fits, else the reason.
        var refusal: String?
        var testDescription: String { name }
    }

    static let gpu = Fixture.taint("dedicated", "gpu")

    @Test(arguments: [
        Case(name: "untainted node", taints: [], tolerations: [], refusal: nil),
        Case(
            name: "no toleration", taints: [gpu], tolerations: [],
            refusal: "node(s) had untolerated taint {dedicated: gpu}"),
        Case(
            name: "Equal, same value and effect", taints: [gpu],
            tolerations: [
                NodePlugins.toleration(key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule")
            ], refusal: nil),
        Case(
            name: "operator defaults to Equal", taints: [gpu],
            tolerations: [NodePlugins.toleration(key: "dedicated", value: "gpu")], refusal: nil),
        Case(
            name: "Equal, other value", taints: [gpu],
            tolerations: [NodePlugins.toleration(key: "dedicated", operator: "Equal", value: "cpu")],
            refusal: "node(s) had untolerated taint {dedicated: gpu}"),
        Case(
            name: "Exists, same key", taints: [gpu],
            tolerations: [NodePlugins.toleration(key: "dedicated", operator: "Exists", effect: "NoSchedule")],
            refusal: nil),
        Case(
            name: "Exists, empty effect tolerates every effect", taints: [gpu],
            tolerations: [NodePlugins.toleration(key: "dedicated", operator: "Exists")], refusal: nil),
        Case(
            name: "Exists, empty key tolerates everything",
            taints: [gpu, Fixture.taint("zone", "x", effect: "NoExecute")],
            tolerations: [NodePlugins.toleration(operator: "Exists")], refusal: nil),
        Case(
            name: "empty key with Equal only matches empty values", taints: [gpu],
            tolerations: [NodePlugins.toleration(operator: "Equal")],
            refusal: "node(s) had untolerated taint {dedicated: gpu}"),
        Case(
            name: "effect mismatch", taints: [gpu],
            tolerations: [NodePlugins.toleration(key: "dedicated", operator: "Exists", effect: "NoExecute")],
            refusal: "node(s) had untolerated taint {dedicated: gpu}"),
        Case(
            name: "other key", taints: [gpu],
            tolerations: [NodePlugins.toleration(key: "team", operator: "Exists")],
            refusal: "node(s) had untolerated taint {dedicated: gpu}"),
        Case(
            name: "NoExecute taint refuses too", taints: [Fixture.taint("maintenance", "", effect: "NoExecute")],
            tolerations: [], refusal: "node(s) had untolerated taint {maintenance: }"),
        Case(
            name: "PreferNoSchedule never refuses", taints: [Fixture.taint("spot", "true", effect: "PreferNoSchedule")],
            tolerations: [], refusal: nil),
        Case(
            name: "first untolerated taint is named",
            taints: [
                Fixture.taint("spot", "true", effect: "PreferNoSchedule"), Fixture.taint("a", "1"),
                Fixture.taint("b", "2", effect: "NoExecute"),
            ],
            tolerations: [NodePlugins.toleration(key: "a", operator: "Exists")],
            refusal: "node(s) had untolerated taint {b: 2}"),
    ])
    func filter(_ c: Case) {
        let pod = PodInfo(Fixture.pod("p", spec: ["tolerations": .array(c.tolerations)]))
        let node = NodeInfo(Fixture.node("n1", taints: c.taints))
        let status = TaintToleration().filter(pod: pod, node: node, state: CycleState())
        if let refusal = c.refusal {
            #expect(status == .unresolvable(refusal))
        } else {
            #expect(status == .success)
        }
    }

    @Test func failureMessageCombinesTaintAndAffinityReasons() {
        var harness = NodePlugins.harness([
            Fixture.node("n1", labels: ["zone": "a"], taints: [Self.gpu]),
            Fixture.node("n2", labels: ["zone": "b"]),
            Fixture.node("n3", labels: ["zone": "c"]),
        ])
        let pod = Fixture.pod("p", spec: ["nodeSelector": ["zone": "a"]])
        #expect(
            harness.failureFor(pod)
                == "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, "
                + "2 node(s) didn't match Pod's node affinity/selector.")
    }

    @Test func tolerantPodUsesTheTaintedNode() {
        var harness = NodePlugins.harness([
            Fixture.node("n1", labels: ["zone": "a"], taints: [Self.gpu]),
            Fixture.node("n2", labels: ["zone": "b"]),
        ])
        let pod = Fixture.pod(
            "trainer",
            spec: [
                "nodeSelector": ["zone": "a"],
                "tolerations": [NodePlugins.toleration(key: "dedicated", operator: "Equal", value: "gpu")],
            ])
        #expect(harness.nodeFor(pod) == "n1")
    }

    static let preferNoScheduleNodes = [
        Fixture.node(
            "two",
            taints: [
                Fixture.taint("spot", "true", effect: "PreferNoSchedule"),
                Fixture.taint("old", "true", effect: "PreferNoSchedule"),
            ]),
        Fixture.node("one", taints: [Fixture.taint("spot", "true", effect: "PreferNoSchedule")]),
        Fixture.node("none", taints: [Fixture.taint("other", "x", effect: "NoSchedule")]),
    ]

    @Test func scoreCountsIntolerablePreferNoScheduleTaintsReversed() {
        let nodes = Self.preferNoScheduleNodes.map(NodeInfo.init)
        let pod = PodInfo(
            Fixture.pod("p", spec: ["tolerations": [NodePlugins.toleration(operator: "Exists", effect: "NoSchedule")]]))
        #expect(NodePlugins.scores(TaintToleration(), pod: pod, nodes: nodes) == [0, 50, 100])
    }

    struct ScoreCase: Sendable, CustomTestStringConvertible {
        var name: String
        var tolerations: [JSONValue]
        var scores: [Int64]
        var testDescription: String { name }
    }

    @Test(arguments: [
        ScoreCase(name: "no tolerations", tolerations: [], scores: [0, 50, 100]),
        ScoreCase(
            name: "NoSchedule toleration does not count",
            tolerations: [NodePlugins.toleration(key: "spot", operator: "Exists", effect: "NoSchedule")],
            scores: [0, 50, 100]),
        ScoreCase(
            name: "PreferNoSchedule toleration",
            tolerations: [
                NodePlugins.toleration(key: "spot", operator: "Exists", effect: "PreferNoSchedule")
            ], scores: [0, 100, 100]),
        ScoreCase(
            name: "toleration without effect", tolerations: [NodePlugins.toleration(key: "spot", value: "true")],
            scores: [0, 100, 100]),
        ScoreCase(
            name: "tolerates everything", tolerations: [NodePlugins.toleration(operator: "Exists")],
            scores: [100, 100, 100]),
    ])
    func scoreConsidersOnlyPreferNoScheduleTolerations(_ c: ScoreCase) {
        let nodes = Self.preferNoScheduleNodes.map(NodeInfo.init)
        let pod = PodInfo(Fixture.pod("p", spec: ["tolerations": .array(c.tolerations)]))
        #expect(NodePlugins.scores(TaintToleration(), pod: pod, nodes: nodes) == c.scores)
    }

    @Test func preferNoScheduleSteersPlacement() {
        var harness = NodePlugins.harness([
            Fixture.node("spot-1", taints: [Fixture.taint("spot", "true", effect: "PreferNoSchedule")]),
            Fixture.node("steady"),
            Fixture.node("spot-2", taints: [Fixture.taint("spot", "true", effect: "PreferNoSchedule")]),
        ])
        for i in 0..<3 { #expect(harness.nodeFor(Fixture.pod("p\(i)")) == "steady") }
    }
}
