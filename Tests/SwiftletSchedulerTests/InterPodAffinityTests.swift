import Foundation
import SwiftletAPI
import SwiftletModels
import Testing

@testable import SwiftletScheduler

/// A pod (anti-)affinity term as written in a pod spec.
private func term(
    _ matchLabels: [String: String], topologyKey: String = "kubernetes.io/hostname",
    namespaces: [String]? = nil,
    namespaceSelector: JSONValue? = nil, matchLabelKeys: [String]? = nil
) -> JSONValue {
    var object: JSONObject = [
        "labelSelector": ["matchLabels": Fixture.labelsJSON(matchLabels)],
        "topologyKey": .string(topologyKey),
    ]
    if let namespaces { object["namespaces"] = .array(namespaces.map(JSONValue.string)) }
    if let namespaceSelector { object["namespaceSelector"] = namespaceSelector }
    if let matchLabelKeys { object["matchLabelKeys"] = .array(matchLabelKeys.map(JSONValue.string)) }
    return .object(object)
}

/// The `affinity` member of a pod spec.
private func affinity(
    required: [JSONValue] = [], preferred: [(Int64, JSONValue)] = [], requiredAnti: [JSONValue] = [],
    preferredAnti: [(Int64, JSONValue)] = []
) -> JSONObject {
    func side(_ required: [JSONValue], _ preferred: [(Int64, JSONValue)]) -> JSONValue? {
        if required.isEmpty && preferred.isEmpty { return nil }
        var object: JSONObject = [:]
        if !required.isEmpty {
            object["requiredDuringSchedulingIgnoredDuringExecution"] = .array(required)
        }
        if !preferred.isEmpty {
            object["preferredDuringSchedulingIgnoredDuringExecution"] = .array(
                preferred.map { ["weight": .int($0.0), "podAffinityTerm": $0.1] })
        }
        return .object(object)
    }
    var object: JSONObject = [:]
    if let podAffinity = side(required, preferred) { object["podAffinity"] = podAffinity }
    if let podAntiAffinity = side(requiredAnti, preferredAnti) {
        object["podAntiAffinity"] = podAntiAffinity
    }
    return ["affinity": .object(object)]
}

private let zoneKey = "topology.kubernetes.io/zone"

private func profile(_ args: InterPodAffinityArgs = InterPodAffinityArgs()) -> SchedulerProfile {
    SchedulerProfile(schedulerName: "default-scheduler", plugins: [InterPodAffinity(args: args)])
}

/// Nodes named after their zone: `zoned(["a", "a", "b"])` gives a-0, a-1, b-2.
private func zoned(_ zones: [String]) -> [CoreV1.Node] {
    zones.enumerated().map { Fixture.node("\($1)-\($0)", labels: [zoneKey: $1]) }
}

private func zone(of node: String?) -> String? {
    node.map { String($0.prefix { $0 != "-" }) }
}

@Suite struct InterPodAffinityFilterTests {
    @Test func requiredAntiAffinitySpreadsOnePerHostThenRefuses() {
        var harness = PlacementHarness(
            nodes: (1...3).map { Fixture.node("n\($0)") }, profile: profile())
        let spec = affinity(requiredAnti: [term(["app": "web"])])
        var placed: Set<String> = []
        for i in 0..<3 {
            let node = harness.nodeFor(Fixture.pod("web-\(i)", labels: ["app": "web"], spec: spec))
            #expect(node != nil)
            if let node { placed.insert(node) }
        }
        #expect(placed == ["n1", "n2", "n3"])
        #expect(
            harness.failureFor(Fixture.pod("web-3", labels: ["app": "web"], spec: spec))
                == "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.")
        // A pod of another app is not concerned.
        #expect(harness.nodeFor(Fixture.pod("api", labels: ["app": "api"])) != nil)
    }

    @Test func zoneLevelAntiAffinityAllowsOnePodPerZone() {
        var harness = PlacementHarness(nodes: zoned(["a", "a", "b", "b"]), profile: profile())
        let spec = affinity(requiredAnti: [term(["app": "db"], topologyKey: zoneKey)])
        let first = harness.nodeFor(Fixture.pod("db-0", labels: ["app": "db"], spec: spec))
        let second = harness.nodeFor(Fixture.pod("db-1", labels: ["app": "db"], spec: spec))
        #expect(Set([zone(of: first), zone(of: second)]) == ["a", "b"])
        #expect(
            harness.failureFor(Fixture.pod("db-2", labels: ["app": "db"], spec: spec))
                == "0/4 nodes are available: 4 node(s) didn't match pod anti-affinity rules.")
    }

    @Test func antiAffinityIgnoresNodesWithoutTheTopologyLabel() {
        let nodes = [Fixture.node("a-0", labels: [zoneKey: "a"]), Fixture.node("bare")]
        let existing = [Fixture.pod("db-0", labels: ["app": "db"], nodeName: "a-0")]
        var harness = PlacementHarness(nodes: nodes, existing: existing, profile: profile())
        let spec = affinity(requiredAnti: [term(["app": "db"], topologyKey: zoneKey)])
        #expect(harness.nodeFor(Fixture.pod("db-1", labels: ["app": "db"], spec: spec)) == "bare")
    }

    @Test func requiredAffinityCoLocatesInTheMatchingPodsZone() {
        let nodes = zoned(["a", "a", "b", "b", "c"])
        let existing = [Fixture.pod("db", labels: ["app": "db"], nodeName: "b-3")]
        var harness = PlacementHarness(nodes: nodes, existing: existing, profile: profile())
        let spec = affinity(required: [term(["app": "db"], topologyKey: zoneKey)])
        for i in 0..<6 {
            #expect(
                zone(of: harness.nodeFor(Fixture.pod("web-\(i)", labels: ["app": "web"], spec: spec)))
                    == "b")
        }
        // Affinity to pods that run nowhere cannot be met, and the pod does
        // not match its own term.
        let lonely = affinity(required: [term(["app": "cache"], topologyKey: zoneKey)])
        #expect(
            harness.failureFor(Fixture.pod("web-x", labels: ["app": "web"], spec: lonely))
                == "0/5 nodes are available: 5 node(s) didn't match pod affinity rules.")
    }

    @Test func firstPodOfAGroupMayStartIt() {
        let nodes = zoned(["a", "b", "c"]) + [Fixture.node("bare")]
        var harness = PlacementHarness(nodes: nodes, profile: profile())
        let spec = affinity(required: [term(["app": "cache"], topologyKey: zoneKey)])
        let first = harness.nodeFor(Fixture.pod("cache-0", labels: ["app": "cache"], spec: spec))
        #expect(first != nil && first != "bare")
        for i in 1..<5 {
            let node = harness.nodeFor(Fixture.pod("cache-\(i)", labels: ["app": "cache"], spec: spec))
            #expect(zone(of: node) == zone(of: first))
        }
    }

    @Test func firstPodStillNeedsTheTopologyLabel() {
        var harness = PlacementHarness(nodes: [Fixture.node("bare")], profile: profile())
        let spec = affinity(required: [term(["app": "cache"], topologyKey: zoneKey)])
        #expect(
            harness.failureFor(Fixture.pod("cache-0", labels: ["app": "cache"], spec: spec))
                == "0/1 nodes are available: 1 node(s) didn't match pod affinity rules.")
    }

    @Test func existingPodsAntiAffinityRepelsTheIncomingPod() {
        let guardSpec = affinity(requiredAnti: [term(["app": "web"])])
        let existing = [Fixture.pod("guard", labels: ["app": "guard"], nodeName: "n1", spec: guardSpec)]
        var harness = PlacementHarness(
            nodes: [Fixture.node("n1"), Fixture.node("n2")], existing: existing, profile: profile())
        for i in 0..<3 {
            #expect(harness.nodeFor(Fixture.pod("web-\(i)", labels: ["app": "web"])) == "n2")
        }
        var alone = PlacementHarness(
            nodes: [Fixture.node("n1")], existing: existing, profile: profile())
        #expect(
            alone.failureFor(Fixture.pod("web", labels: ["app": "web"]))
                == "0/1 nodes are available: 1 node(s) didn't satisfy existing pods anti-affinity rules.")
        #expect(alone.nodeFor(Fixture.pod("api", labels: ["app": "api"])) == "n1")
    }

    /// A term's namespaces: its own list, else a namespace selector over
    /// the snapshot's namespace labels, else the pod's own namespace.
    @Test(
        arguments: [
            // (namespace of the placed pod, term namespaces, term namespace selector, repelled)
            ("default", nil, nil, true),
            ("other", nil, nil, false),
            ("other", ["other"], nil, true),
            ("default", ["other"], nil, false),
            ("team-a", nil, ["matchLabels": ["team": "a"]], true),
            ("team-b", nil, ["matchLabels": ["team": "a"]], false),
            ("team-b", nil, [:], true),
            ("team-b", ["default"], ["matchLabels": ["team": "b"]], true),
        ] as [(String, [String]?, JSONValue?, Bool)])
    func namespacesOfATerm(
        namespace: String, namespaces: [String]?, selector: JSONValue?, repelled: Bool
    ) {
        let namespaceLabels = [
            "default": [:], "other": [:], "team-a": ["team": "a"], "team-b": ["team": "b"],
        ]
        let existing = [Fixture.pod("db", namespace: namespace, labels: ["app": "db"], nodeName: "n1")]
        var harness = PlacementHarness(
            nodes: [Fixture.node("n1"), Fixture.node("n2")], existing: existing, profile: profile(),
            namespaceLabels: namespaceLabels)
        let spec = affinity(
            requiredAnti: [term(["app": "db"], namespaces: namespaces, namespaceSelector: selector)])
        for i in 0..<3 {
            let node = harness.nodeFor(Fixture.pod("p\(i)", spec: spec))
            if repelled { #expect(node == "n2") } else { #expect(node != nil) }
        }
        if !repelled {
            #expect(
                harness.decisions.contains {
                    if case .node("n1", _, _) = $0.decision { true } else { false }
                })
        }
    }

    @Test func existingPodsNamespaceSelectorLooksAtTheIncomingPodsNamespace() {
        let namespaceLabels = ["prod": ["env": "prod"], "dev": ["env": "dev"]]
        let guardSpec = affinity(
            requiredAnti: [term(["app": "web"], namespaceSelector: ["matchLabels": ["env": "prod"]])])
        let existing = [
            Fixture.pod(
                "guard", namespace: "infra", labels: ["app": "guard"], nodeName: "n1", spec: guardSpec)
        ]
        var harness = PlacementHarness(
            nodes: [Fixture.node("n1")], existing: existing, profile: profile(),
            namespaceLabels: namespaceLabels)
        #expect(
            harness.failureFor(Fixture.pod("web", namespace: "prod", labels: ["app": "web"]))
                == "0/1 nodes are available: 1 node(s) didn't satisfy existing pods anti-affinity rules.")
        #expect(harness.nodeFor(Fixture.pod("web", namespace: "dev", labels: ["app": "web"])) == "n1")
    }

    @Test func matchLabelKeysSeparatesRevisions() {
        let existing = [Fixture.pod("web-v1", labels: ["app": "web", "hash": "v1"], nodeName: "n1")]
        var harness = PlacementHarness(
            nodes: [Fixture.node("n1")], existing: existing, profile: profile())
        let spec = affinity(requiredAnti: [term(["app": "web"], matchLabelKeys: ["hash"])])
        #expect(
            harness.failureFor(Fixture.pod("web-v1b", labels: ["app": "web", "hash": "v1"], spec: spec))
                == "0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules.")
        #expect(
            harness.nodeFor(Fixture.pod("web-v2", labels: ["app": "web", "hash": "v2"], spec: spec))
                == "n1")
    }

    @Test func filterChecksAffinityThenAntiAffinityThenExistingPods() {
        let plugin = InterPodAffinity()
        let guardSpec = affinity(requiredAnti: [term(["app": "web"])])
        var nodes = [
            NodeInfo(Fixture.node("n1", labels: [zoneKey: "a"])), NodeInfo(Fixture.node("bare")),
        ]
        nodes[0].add(PodInfo(Fixture.pod("web-0", labels: ["app": "web"], nodeName: "n1")))
        nodes[0].add(
            PodInfo(Fixture.pod("guard", labels: ["app": "guard"], nodeName: "n1", spec: guardSpec)))
        let snapshot = Snapshot(nodes: nodes)
        func status(_ spec: JSONObject, on node: Int) -> PluginStatus {
            let pod = PodInfo(Fixture.pod("web-1", labels: ["app": "web"], spec: spec))
            var state = CycleState()
            #expect(plugin.preFilter(pod: pod, snapshot: snapshot, state: &state) == .success)
            return plugin.filter(pod: pod, node: snapshot.nodes[node], state: state)
        }
        let both = affinity(
            required: [term(["app": "web"], topologyKey: zoneKey)], requiredAnti: [term(["app": "web"])])
        #expect(status(both, on: 1) == .unresolvable("node(s) didn't match pod affinity rules"))
        #expect(status(both, on: 0) == .unschedulable("node(s) didn't match pod anti-affinity rules"))
        #expect(
            status([:], on: 0)
                == .unschedulable("node(s) didn't satisfy existing pods anti-affinity rules"))
        #expect(status([:], on: 1) == .success)
    }

    @Test func preFilterSkipsWhenThereIsNothingToCheck() {
        let plugin = InterPodAffinity()
        var node = NodeInfo(Fixture.node("n1"))
        let preferOnly = affinity(preferredAnti: [(10, term(["app": "web"]))])
        node.add(
            PodInfo(Fixture.pod("web-0", labels: ["app": "web"], nodeName: "n1", spec: preferOnly)))
        let snapshot = Snapshot(nodes: [node])
        var state = CycleState()
        #expect(
            plugin.preFilter(
                pod: PodInfo(Fixture.pod("web", labels: ["app": "web"])), snapshot: snapshot, state: &state)
                == .skip)
        // A placed pod's required anti-affinity that does not match is nothing to check either.
        let guardSpec = affinity(requiredAnti: [term(["app": "db"])])
        node.add(PodInfo(Fixture.pod("guard", nodeName: "n1", spec: guardSpec)))
        #expect(
            plugin.preFilter(
                pod: PodInfo(Fixture.pod("web", labels: ["app": "web"])), snapshot: Snapshot(nodes: [node]),
                state: &state) == .skip)
        #expect(
            plugin.preFilter(
                pod: PodInfo(Fixture.pod("db", labels: ["app": "db"])), snapshot: Snapshot(nodes: [node]),
                state: &state) == .success)
    }

    @Test func addAndRemovePodUpdateTheCounts() {
        let plugin = InterPodAffinity()
        var node = NodeInfo(Fixture.node("n1"))
        let victim = PodInfo(Fixture.pod("web-0", labels: ["app": "web"], nodeName: "n1"))
        node.add(victim)
        let pod = PodInfo(
            Fixture.pod(
                "web-1", labels: ["app": "web"], spec: affinity(requiredAnti: [term(["app": "web"])])))
        var state = CycleState()
        #expect(
            plugin.preFilter(pod: pod, snapshot: Snapshot(nodes: [node]), state: &state) == .success)
        #expect(plugin.filter(pod: pod, node: node, state: state).isRejection)
        plugin.removePod(victim, from: node, state: &state)
        #expect(plugin.filter(pod: pod, node: node, state: state).isSuccess)
        let guardSpec = affinity(requiredAnti: [term(["app": "web"])])
        plugin.addPod(
            PodInfo(Fixture.pod("guard", nodeName: "n1", spec: guardSpec)), on: node, state: &state)
        #expect(
            plugin.filter(pod: pod, node: node, state: state)
                == .unschedulable("node(s) didn't satisfy existing pods anti-affinity rules"))
    }
}

@Suite struct InterPodAffinityScoreTests {
    @Test func preferredTermsSteerPlacement() {
        let nodes = (1...4).map { Fixture.node("n\($0)") }
        let existing = [
            Fixture.pod("db", labels: ["app": "db"], nodeName: "n3"),
            Fixture.pod("noisy", labels: ["app": "noisy"], nodeName: "n1"),
            Fixture.pod("noisy-2", labels: ["app": "noisy"], nodeName: "n2"),
        ]
        var harness = PlacementHarness(nodes: nodes, existing: existing, profile: profile())
        let near = affinity(preferred: [(50, term(["app": "db"]))])
        #expect(harness.nodeFor(Fixture.pod("web", labels: ["app": "web"], spec: near)) == "n3")
        let away = affinity(preferredAnti: [(50, term(["app": "noisy"])), (50, term(["app": "web"]))])
        #expect(harness.nodeFor(Fixture.pod("quiet", labels: ["app": "quiet"], spec: away)) == "n4")
    }

    @Test func placedPodsPreferencesAttractTheIncomingPod() {
        let wantsWeb = affinity(preferred: [(80, term(["app": "web"], topologyKey: zoneKey))])
        let existing = [Fixture.pod("cache", labels: ["app": "cache"], nodeName: "c-2", spec: wantsWeb)]
        var harness = PlacementHarness(
            nodes: zoned(["a", "b", "c"]), existing: existing, profile: profile())
        #expect(harness.nodeFor(Fixture.pod("web", labels: ["app": "web"])) == "c-2")
        var ignoring = PlacementHarness(
            nodes: zoned(["a", "b", "c"]), existing: existing,
            profile: profile(InterPodAffinityArgs(ignorePreferredTermsOfExistingPods: true)))
        var state = CycleState()
        let plugin = InterPodAffinity(
            args: InterPodAffinityArgs(ignorePreferredTermsOfExistingPods: true))
        let web = PodInfo(Fixture.pod("web", labels: ["app": "web"]))
        #expect(
            plugin.preScore(
                pod: web, nodes: ignoring.snapshot.nodes, snapshot: ignoring.snapshot, state: &state)
                == .skip)
        #expect(ignoring.nodeFor(Fixture.pod("web", labels: ["app": "web"])) != nil)
    }

    /// Worked by hand from upstream's rules. Zones a (n1, n2) and b (n3);
    /// n4 has no zone. Placed: db on n1; cache on n3 preferring web in its
    /// zone (10); a db on n4 requiring web on its host (hard weight 5).
    /// The web pod prefers db in its zone (20) and no cache on its host (30).
    ///   zone a: +20 (db on n1)   zone b: +10 (cache's wish)
    ///   host n3: -30 (cache)     host n4: +5 (required term, hard weight)
    /// Raw: n1 20, n2 20, n3 10 - 30 = -20, n4 5. Scaled from [-20, 20]:
    /// n1 100, n2 100, n3 0, n4 100 * 25 / 40 = 62.5, truncated to 62.
    @Test func exactScoresForASmallCluster() {
        var nodes = [
            NodeInfo(Fixture.node("n1", labels: [zoneKey: "a"])),
            NodeInfo(Fixture.node("n2", labels: [zoneKey: "a"])),
            NodeInfo(Fixture.node("n3", labels: [zoneKey: "b"])), NodeInfo(Fixture.node("n4")),
        ]
        nodes[0].add(PodInfo(Fixture.pod("db", labels: ["app": "db"], nodeName: "n1")))
        let cacheSpec = affinity(preferred: [(10, term(["app": "web"], topologyKey: zoneKey))])
        nodes[2].add(
            PodInfo(Fixture.pod("cache", labels: ["app": "cache"], nodeName: "n3", spec: cacheSpec)))
        let db2Spec = affinity(required: [term(["app": "web"])])
        nodes[3].add(PodInfo(Fixture.pod("db-2", labels: ["app": "db"], nodeName: "n4", spec: db2Spec)))
        let snapshot = Snapshot(nodes: nodes)
        let web = PodInfo(
            Fixture.pod(
                "web", labels: ["app": "web"],
                spec: affinity(
                    preferred: [(20, term(["app": "db"], topologyKey: zoneKey))],
                    preferredAnti: [(30, term(["app": "cache"]))])))

        let plugin = InterPodAffinity(args: InterPodAffinityArgs(hardPodAffinityWeight: 5))
        var state = CycleState()
        #expect(
            plugin.preScore(pod: web, nodes: snapshot.nodes, snapshot: snapshot, state: &state)
                == .success)
        var scores = snapshot.nodes.map { plugin.score(pod: web, node: $0, state: state) }
        #expect(scores == [20, 20, -20, 5])
        plugin.normalize(scores: &scores, pod: web, state: state)
        #expect(scores == [100, 100, 0, 62])

        // With hard weight 0 the required term leaves scoring: n4 scores 0.
        let noHard = InterPodAffinity(args: InterPodAffinityArgs(hardPodAffinityWeight: 0))
        var state2 = CycleState()
        _ = noHard.preScore(pod: web, nodes: snapshot.nodes, snapshot: snapshot, state: &state2)
        var scores2 = snapshot.nodes.map { noHard.score(pod: web, node: $0, state: state2) }
        #expect(scores2 == [20, 20, -20, 0])
        noHard.normalize(scores: &scores2, pod: web, state: state2)
        #expect(scores2 == [100, 100, 0, 50])
    }

    @Test func equalScoresNormalizeToZero() {
        var nodes = [
            NodeInfo(Fixture.node("n1", labels: [zoneKey: "a"])),
            NodeInfo(Fixture.node("n2", labels: [zoneKey: "a"])),
        ]
        nodes[0].add(PodInfo(Fixture.pod("db", labels: ["app": "db"], nodeName: "n1")))
        let snapshot = Snapshot(nodes: nodes)
        let pod = PodInfo(
            Fixture.pod(
                "web", spec: affinity(preferred: [(7, term(["app": "db"], topologyKey: zoneKey))])))
        let plugin = InterPodAffinity()
        var state = CycleState()
        #expect(
            plugin.preScore(pod: pod, nodes: snapshot.nodes, snapshot: snapshot, state: &state)
                == .success)
        var scores = snapshot.nodes.map { plugin.score(pod: pod, node: $0, state: state) }
        #expect(scores == [7, 7])
        plugin.normalize(scores: &scores, pod: pod, state: state)
        #expect(scores == [0, 0])
    }

    @Test func preScoreSkipsWhenNoTermConcernsThePod() {
        var node = NodeInfo(Fixture.node("n1"))
        node.add(PodInfo(Fixture.pod("db", labels: ["app": "db"], nodeName: "n1")))
        let snapshot = Snapshot(nodes: [node])
        var state = CycleState()
        #expect(
            InterPodAffinity().preScore(
                pod: PodInfo(Fixture.pod("web")), nodes: snapshot.nodes, snapshot: snapshot, state: &state)
                == .skip)
    }
}

@Suite struct InterPodAffinityArgsTests {
    @Test func defaultsAndCamelCaseKeys() throws {
        #expect(try InterPodAffinityArgs(json: [:]) == InterPodAffinityArgs())
        #expect(try InterPodAffinityArgs(json: .null) == InterPodAffinityArgs(hardPodAffinityWeight: 1))
        let args = try InterPodAffinityArgs(json: [
            "apiVersion": "kubescheduler.config.k8s.io/v1", "kind": "InterPodAffinityArgs",
            "hardPodAffinityWeight": 7, "ignorePreferredTermsOfExistingPods": true,
        ])
        #expect(
            args
                == InterPodAffinityArgs(hardPodAffinityWeight: 7, ignorePreferredTermsOfExistingPods: true))
    }

    @Test(arguments: [
        (
            ["hardPodAffinityWeight": 101] as JSONValue,
            "hardPodAffinityWeight: Invalid value: 101: not in valid range [0-100]"
        ),
        (
            ["hardPodAffinityWeight": -1] as JSONValue,
            "hardPodAffinityWeight: Invalid value: -1: not in valid range [0-100]"
        ),
        (
            ["hardPodAffinityWeight": "5"] as JSONValue,
            "hardPodAffinityWeight must be a 32-bit integer, not string"
        ),
        (
            ["ignorePreferredTermsOfExistingPods": "yes"] as JSONValue,
            "ignorePreferredTermsOfExistingPods must be a boolean, not string"
        ),
    ])
    func invalidArgsAreRefused(json: JSONValue, message: String) {
        #expect(throws: InterPodAffinityArgs.Invalid(message: message)) {
            try InterPodAffinityArgs(json: json)
        }
    }
}
