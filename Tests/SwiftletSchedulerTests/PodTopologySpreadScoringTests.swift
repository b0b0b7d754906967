import SwiftletAPI
import SwiftletModels
import Testing

@testable import SwiftletScheduler

/// A soft (`ScheduleAnyway`) constraint on `app: web` pods.
private func soft(_ maxSkew: Int64, _ topologyKey: String) -> JSONValue {
    [
        "maxSkew": .int(maxSkew), "topologyKey": .string(topologyKey), "whenUnsatisfiable": "ScheduleAnyway",
        "labelSelector": ["matchLabels": ["app": "web"]],
    ]
}

private func webPod(_ name: String, _ constraints: [JSONValue]) -> CoreV1.Pod {
    var spec: JSONObject = [:]
    if !constraints.isEmpty { spec["topologySpreadConstraints"] = .array(constraints) }
    return Fixture.pod(name, labels: ["app": "web"], spec: spec)
}

private func zoneNode(_ name: String, zone: String?) -> CoreV1.Node {
    Fixture.node(name, labels: zone.map { ["zone": $0] } ?? [:])
}

/// `count` running `app: web` pods on the node.
private func webPods(_ count: Int, on node: String) -> [CoreV1.Pod] {
    (0..<count).map { Fixture.pod("\(node)-web-\($0)", labels: ["app": "web"], nodeName: node) }
}

private func snapshot(_ nodes: [CoreV1.Node], _ pods: [CoreV1.Pod] = []) -> Snapshot {
    PlacementHarness(nodes: nodes, existing: pods, profile: SchedulerProfile(schedulerName: "s", plugins: [])).snapshot
}

/// PreScore over every node, then Score and normalize, in node order.
private func scores(
    _ pod: CoreV1.Pod, in snapshot: Snapshot, plugin: PodTopologySpread = PodTopologySpread()
) -> (raw: [Int64], normalized: [Int64]) {
    let info = PodInfo(pod)
    var state = CycleState()
    let status = plugin.preScore(pod: info, nodes: snapshot.nodes, snapshot: snapshot, state: &state)
    #expect(status == .success)
    let raw = snapshot.nodes.map { plugin.score(pod: info, node: $0, state: state) }
    var normalized = raw
    plugin.normalize(scores: &normalized, pod: info, state: state)
    return (raw, normalized)
}

/// Refuses the named nodes.
private struct RefuseNodes: FilterPlugin {
    let name = "RefuseNodes"
    var names: Set<String>
    func filter(pod: PodInfo, node: NodeInfo, state: CycleState) -> PluginStatus {
        names.contains(node.name) ? .unschedulable("refused") : .success
    }
}

@Suite struct PodTopologySpreadScoringTests {
    static let zoneCases: [(Int64, [Int64], [Int64])] = [
        // 3·1.61 = 4.8 → 5, 1.61 → 2, 0; reversed against the highest.
        (1, [5, 2, 0, -1], [0, 60, 100, 0]),
        // maxSkew 2 adds 1 everywhere, which softens the differences.
        (2, [6, 3, 1, -1], [16, 66, 100, 0]),
    ]

    /// Zones a, b, c hold 3, 1 and 0 web pods; n4 has no zone. Weight log(3 + 2).
    @Test(arguments: zoneCases)
    func emptierZonesScoreHigher(maxSkew: Int64, raw: [Int64], normalized: [Int64]) {
        let nodes = [
            zoneNode("n1", zone: "a"), zoneNode("n2", zone: "b"), zoneNode("n3", zone: "c"), zoneNode("n4", zone: nil),
        ]
        let snap = snapshot(nodes, webPods(3, on: "n1") + webPods(1, on: "n2"))
        let result = scores(webPod("p", [soft(maxSkew, "zone")]), in: snap)
        #expect(result.raw == raw)
        #expect(result.normalized == normalized)
    }

    @Test func hostnameConstraintsCountPodsOnTheNodeItself() {
        let nodes = (1...3).map { Fixture.node("n\($0)") }
        let snap = snapshot(nodes, webPods(2, on: "n1") + webPods(1, on: "n3"))
        let result = scores(webPod("p", [soft(1, "kubernetes.io/hostname")]), in: snap)
        // Weight log(3 + 2): 3.2 → 3, 0, 1.6 → 2.
        #expect(result.raw == [3, 0, 2])
        #expect(result.normalized == [0, 100, 33])
    }

    @Test func noMatchingPodsAnywhereGivesEveryNodeTheTopScore() {
        let nodes = [zoneNode("n1", zone: "a"), zoneNode("n2", zone: "b"), zoneNode("n3", zone: nil)]
        let result = scores(webPod("p", [soft(1, "zone")]), in: snapshot(nodes))
        #expect(result.normalized == [100, 100, 0])
    }

    @Test func preScoreSkipsPodsWithoutSoftConstraints() {
        let plugin = PodTopologySpread()
        let snap = snapshot([zoneNode("n1", zone: "a")])
        var state = CycleState()
        let hard: JSONValue = [
            "maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule",
            "labelSelector": ["matchLabels": ["app": "web"]],
        ]
        for pod in [webPod("none", []), webPod("hard", [hard])] {
            #expect(plugin.preScore(pod: PodInfo(pod), nodes: snap.nodes, snapshot: snap, state: &state) == .skip)
        }
    }

    @Test(arguments: [
        // The emptier zone wins.
        ([String](), "n-b"),
        // The emptier zone is refused elsewhere: the pod still lands, over the skew.
        (["n-b"], "n-a"),
    ])
    func scheduleAnywayPrefersButNeverRefuses(refused: [String], expected: String) {
        let nodes = [zoneNode("n-a", zone: "a"), zoneNode("n-b", zone: "b")]
        let profile = SchedulerProfile(
            schedulerName: "default-scheduler", plugins: [RefuseNodes(names: Set(refused)), PodTopologySpread()])
        var harness = PlacementHarness(
            nodes: nodes, existing: webPods(3, on: "n-a") + webPods(1, on: "n-b"), profile: profile)
        #expect(harness.nodeFor(webPod("p", [soft(1, "zone")])) == expected)
    }

    @Test func scheduleAnywayBalancesZonesRoundRobin() {
        let nodes = ["a", "b", "c"].flatMap { (zone: String) in (1...2).map { zoneNode("n-\(zone)\($0)", zone: zone) } }
        let profile = SchedulerProfile(schedulerName: "default-scheduler", plugins: [PodTopologySpread()])
        var harness = PlacementHarness(nodes: nodes, profile: profile)
        for i in 1...9 {
            #expect(harness.nodeFor(webPod("web-\(i)", [soft(1, "zone")])) != nil)
            if i % 3 == 0 {
                var perZone: [String: Int] = [:]
                for node in harness.snapshot.nodes { perZone[node.labels["zone"]!, default: 0] += node.pods.count }
                #expect(perZone == ["a": i / 3, "b": i / 3, "c": i / 3])
            }
        }
    }

    /// The system defaults (hosts maxSkew 3, zones maxSkew 5) for a pod a
    /// Service selects; n2 has no zone.
    @Test func systemDefaultsStillScoreNodesWithoutAZone() {
        let nodes = [
            Fixture.node("n1", labels: ["topology.kubernetes.io/zone": "a"]), Fixture.node("n2"),
            Fixture.node("n3", labels: ["topology.kubernetes.io/zone": "a"]),
        ]
        let snap = snapshot(nodes, webPods(2, on: "n1"))
        let selector: PodTopologySpread.DefaultSelector = { _ in try? LabelSelector(matchLabels: ["app": "web"]) }
        // Hosts weigh log(3 + 2), zones log(2 + 2) (zone a and "no zone"):
        // n1 2·1.61 + 2 + 2·1.39 + 4 = 12; n2 only its host term, 2; n3 9.
        let system = scores(webPod("p", []), in: snap, plugin: PodTopologySpread(defaultSelector: selector))
        #expect(system.raw == [12, 2, 9])
        #expect(system.normalized == [16, 100, 41])

        // The same constraints as a List leave n2 unscored.
        let args = PodTopologySpreadArgs(
            defaultConstraints: PodTopologySpread.systemDefaultConstraints, defaultingType: .list)
        let list = scores(webPod("p", []), in: snap, plugin: PodTopologySpread(args: args, defaultSelector: selector))
        #expect(list.normalized == [72, 0, 100])
    }
}
