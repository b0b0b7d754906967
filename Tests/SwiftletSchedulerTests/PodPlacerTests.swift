import SwiftletAPI
import SwiftletModels
import Testing

@testable import SwiftletScheduler

/// A filter that refuses nodes whose name is listed, for testing the core alone.
private struct RefuseNamed: FilterPlugin {
    let name = "RefuseNamed"
    var refused: [String: PluginStatus]
    func filter(pod: PodInfo, node: NodeInfo, state: CycleState) -> PluginStatus {
        refused[node.name] ?? .success
    }
}

/// Scores a node by the number in its `score` label.
private struct LabelScore: ScorePlugin {
    let name = "LabelScore"
    func score(pod: PodInfo, node: NodeInfo, state: CycleState) -> Int64 {
        Int64(node.labels["score"] ?? "0") ?? 0
    }
}

@Suite struct PodPlacerTests {
    @Test func picksTheHighestScoringFeasibleNode() {
        let nodes = (0..<4).map { Fixture.node("n\($0)", labels: ["score": "\($0 * 10)"]) }
        let profile = SchedulerProfile(
            schedulerName: "default-scheduler",
            plugins: [RefuseNamed(refused: ["n3": .unschedulable("nope")]), LabelScore()])
        var harness = PlacementHarness(nodes: nodes, profile: profile)
        #expect(harness.nodeFor(Fixture.pod("p")) == "n2")
    }

    @Test func failureMessageCountsReasonsLikeUpstream() {
        let nodes = (0..<5).map { Fixture.node("n\($0)") }
        let refused: [String: PluginStatus] = [
            "n0": .unschedulable("Insufficient cpu"), "n1": .unschedulable("Insufficient cpu"),
            "n2": .unschedulable("Insufficient cpu"),
            "n3": .unresolvable("node(s) had untolerated taint {dedicated: gpu}"),
            "n4": .unresolvable("node(s) had untolerated taint {dedicated: gpu}"),
        ]
        let profile = SchedulerProfile(schedulerName: "default-scheduler", plugins: [RefuseNamed(refused: refused)])
        var harness = PlacementHarness(nodes: nodes, profile: profile)
        #expect(
            harness.failureFor(Fixture.pod("p"))
                == "0/5 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}, 3 Insufficient cpu.")
    }

    @Test func adaptivePercentageOfNodesToScore() {
        let placer = PodPlacer(profile: SchedulerProfile(schedulerName: "s", plugins: []))
        #expect(placer.numberOfFeasibleNodesToFind(allNodes: 50) == 50)
        #expect(placer.numberOfFeasibleNodesToFind(allNodes: 100) == 100)
        #expect(placer.numberOfFeasibleNodesToFind(allNodes: 1000) == 420)
        #expect(placer.numberOfFeasibleNodesToFind(allNodes: 5000) == 500)
        #expect(placer.numberOfFeasibleNodesToFind(allNodes: 10000) == 500)
    }

    @Test func roundRobinStartMovesThroughLargeClusters() {
        let nodes = (0..<1000).map { Fixture.node(String(format: "n%04d", $0)) }
        let profile = SchedulerProfile(schedulerName: "s", plugins: [RefuseNamed(refused: [:])])
        var harness = PlacementHarness(nodes: nodes, profile: profile)
        guard case .node(_, let evaluated, let feasible) = harness.schedule(Fixture.pod("a")) else {
            Issue.record("not placed")
            return
        }
        #expect(evaluated == 420 && feasible == 420)
        #expect(harness.placer.nextStartIndex == 420)
        harness.schedule(Fixture.pod("b"))
        #expect(harness.placer.nextStartIndex == 840)
    }

    @Test func noNodesAtAllSaysSo() {
        var harness = PlacementHarness(nodes: [], profile: SchedulerProfile(schedulerName: "s", plugins: []))
        #expect(harness.failureFor(Fixture.pod("p")) == "no nodes available to schedule pods")
    }

    @Test func podRequestsFollowUpstreamArithmetic() {
        let pod = CoreV1.Pod(json: [
            "metadata": ["name": "p", "namespace": "default"],
            "spec": [
                "initContainers": [
                    ["name": "init", "resources": ["requests": ["cpu": "2", "memory": "1Gi"]]],
                    ["name": "sidecar", "restartPolicy": "Always", "resources": ["requests": ["cpu": "500m"]]],
                ],
                "containers": [
                    ["name": "a", "resources": ["requests": ["cpu": "250m", "memory": "128Mi"]]],
                    ["name": "b", "resources": ["limits": ["cpu": "1", "memory": "256Mi"]]],
                ],
                "overhead": ["cpu": "100m"],
            ],
        ])
        let info = PodInfo(pod)
        // Containers 1250m + sidecar 500m = 1750m < init 2000m; plus 100m overhead.
        #expect(info.requests.milliCPU == 2100)
        #expect(info.requests.memory == 1024 * 1024 * 1024)
        let empty = PodInfo(Fixture.pod("e"))
        #expect(empty.requests.milliCPU == 0)
        #expect(empty.nonZeroRequests.milliCPU == 100 && empty.nonZeroRequests.memory == 200 * 1024 * 1024)
    }

    @Test func quantitiesRoundUpAsUpstream() {
        #expect(Quantity("250m").milliValue == 250)
        #expect(Quantity("1.5").milliValue == 1500)
        #expect(Quantity("1Gi").value == 1_073_741_824)
        #expect(Quantity("1.5Ki").value == 1536)
        #expect(Quantity("100n").milliValue == 1)
        #expect(Quantity("2e3").value == 2000)
        #expect(Quantity("128974848").value == 128_974_848)
        #expect(Quantity("0.1").milliValue == 100)
        #expect(Quantity("abc").value == nil)
    }
}
