import SwiftletAPI
import SwiftletModels
import Testing

@testable import SwiftletScheduler

/// A `topologySpreadConstraints` entry as written in a pod spec.
private func spread(
    _ maxSkew: Int64, _ topologyKey: String, _ whenUnsatisfiable: String = "DoNotSchedule",
    selector: [String: String] = ["app": "web"], minDomains: Int64? = nil, nodeAffinityPolicy: String? = nil,
    nodeTaintsPolicy: String? = nil, matchLabelKeys: [String] = []
) -> JSONValue {
    var constraint: JSONObject = [
        "maxSkew": .int(maxSkew), "topologyKey": .string(topologyKey),
        "whenUnsatisfiable": .string(whenUnsatisfiable),
        "labelSelector": ["matchLabels": Fixture.labelsJSON(selector)],
    ]
    if let minDomains { constraint["minDomains"] = .int(minDomains) }
    if let nodeAffinityPolicy { constraint["nodeAffinityPolicy"] = .string(nodeAffinityPolicy) }
    if let nodeTaintsPolicy { constraint["nodeTaintsPolicy"] = .string(nodeTaintsPolicy) }
    if !matchLabelKeys.isEmpty { constraint["matchLabelKeys"] = .array(matchLabelKeys.map(JSONValue.string)) }
    return .object(constraint)
}

/// A pending pod with the given constraints.
private func spreadPod(
    _ name: String, labels: [String: String] = ["app": "web"], _ constraints: [JSONValue], spec: JSONObject = [:]
) -> CoreV1.Pod {
    var podSpec = spec
    podSpec["topologySpreadConstraints"] = .array(constraints)
    return Fixture.pod(name, labels: labels, spec: podSpec)
}

/// A node in a zone (nil: no zone label).
private func zoneNode(
    _ name: String, zone: String?, labels: [String: String] = [:], taints: [JSONValue] = []
) -> CoreV1.Node {
    var all = labels
    if let zone { all["zone"] = zone }
    return Fixture.node(name, labels: all, taints: taints)
}

/// A pod already running on a node.
private func running(
    _ name: String, on node: String, labels: [String: String] = ["app": "web"], namespace: String = "default"
) -> CoreV1.Pod {
    Fixture.pod(name, namespace: namespace, labels: labels, nodeName: node)
}

private func snapshot(_ nodes: [CoreV1.Node], _ pods: [CoreV1.Pod] = []) -> Snapshot {
    PlacementHarness(nodes: nodes, existing: pods, profile: SchedulerProfile(schedulerName: "s", plugins: [])).snapshot
}

/// Runs PreFilter, then Filter on every node.
private func filterStatuses(
    _ pod: CoreV1.Pod, in snapshot: Snapshot, plugin: PodTopologySpread = PodTopologySpread()
) -> [String: PluginStatus] {
    let info = PodInfo(pod)
    var state = CycleState()
    let preFilter = plugin.preFilter(pod: info, snapshot: snapshot, state: &state)
    #expect(preFilter == .success)
    var statuses: [String: PluginStatus] = [:]
    for node in snapshot.nodes { statuses[node.name] = plugin.filter(pod: info, node: node, state: state) }
    return statuses
}

/// The names of the nodes the filter let through, sorted.
private func passing(_ statuses: [String: PluginStatus]) -> [String] {
    statuses.filter { $0.value.isSuccess }.map(\.key).sorted()
}

/// Matching pods per zone label value.
private func podsPerZone(_ snapshot: Snapshot) -> [String: Int] {
    var counts: [String: Int] = [:]
    for node in snapshot.nodes {
        guard let zone = node.labels["zone"] else { continue }
        counts[zone, default: 0] += node.pods.count
    }
    return counts
}

/// Refuses pods whose `nodeSelector` the node does not satisfy, as
/// NodeAffinity would.
private struct NodeSelectorFilter: FilterPlugin {
    let name = "NodeAffinity"
    func filter(pod: PodInfo, node: NodeInfo, state: CycleState) -> PluginStatus {
        for (key, value) in pod.nodeSelector where node.labels[key] != value {
            return .unresolvable("node(s) didn't match Pod's node affinity/selector")
        }
        return .success
    }
}

/// Refuses nodes with an untolerated NoSchedule taint, as TaintToleration would.
private struct TaintFilter: FilterPlugin {
    let name = "TaintToleration"
    func filter(pod: PodInfo, node: NodeInfo, state: CycleState) -> PluginStatus {
        for taint in node.taints where taint.effect == .noSchedule {
            if !pod.tolerations.contains(where: { $0.tolerates(taint) }) {
                return .unresolvable("node(s) had untolerated taint {\(taint.key): \(taint.value)}")
            }
        }
        return .success
    }
}

/// The pod landed on one of the nodes, or failed with the message.
private func expectOutcome(
    _ decision: PodPlacer.Decision, placedOnOneOf nodes: [String], failure: String?,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    switch decision {
    case .node(let name, _, _):
        #expect(failure == nil && nodes.contains(name), "placed on \(name)", sourceLocation: sourceLocation)
    case .unschedulable(let fit):
        #expect(fit.message == failure, sourceLocation: sourceLocation)
    case .error(let message):
        Issue.record("error: \(message)", sourceLocation: sourceLocation)
    }
}

private let reasonSkew = "node(s) didn't match pod topology spread constraints"
private let reasonLabel = "node(s) didn't match pod topology spread constraints (missing required label)"

@Suite struct PodTopologySpreadFilterTests {
    @Test func reasonsAreUpstreams() {
        #expect(PodTopologySpread.reasonConstraintsNotMatch == reasonSkew)
        #expect(PodTopologySpread.reasonNodeLabelNotMatch == reasonLabel)
        #expect(PodTopologySpread().name == "PodTopologySpread")
    }

    @Test func maxSkewOnePlacesPodsRoundRobinOverThreeZones() {
        let nodes = ["a", "b", "c"].flatMap { (zone: String) in
            (1...2).map { zoneNode("n-\(zone)\($0)", zone: zone) }
        }
        let profile = SchedulerProfile(schedulerName: "default-scheduler", plugins: [PodTopologySpread()])
        var harness = PlacementHarness(nodes: nodes, profile: profile)
        for i in 1...9 {
            #expect(harness.nodeFor(spreadPod("web-\(i)", [spread(1, "zone")])) != nil)
            let counts = podsPerZone(harness.snapshot)
            let (lowest, highest) = (counts.values.min() ?? 0, counts.values.max() ?? 0)
            #expect(highest - lowest <= 1, "after \(i) pods: \(counts)")
            if i % 3 == 0 { #expect(counts == ["a": i / 3, "b": i / 3, "c": i / 3]) }
        }
    }

    @Test func hostnameSpreadFillsEveryNodeEvenly() {
        let nodes = (1...3).map { Fixture.node("n\($0)") }
        let profile = SchedulerProfile(schedulerName: "default-scheduler", plugins: [PodTopologySpread()])
        var harness = PlacementHarness(nodes: nodes, profile: profile)
        for i in 1...6 {
            #expect(harness.nodeFor(spreadPod("web-\(i)", [spread(1, "kubernetes.io/hostname")])) != nil)
        }
        #expect(harness.snapshot.nodes.map(\.pods.count) == [2, 2, 2])
    }

    @Test func nodeWithoutTheTopologyKeyIsUnresolvable() {
        let snap = snapshot([zoneNode("n1", zone: "a"), zoneNode("n2", zone: nil)])
        let statuses = filterStatuses(spreadPod("p", [spread(1, "zone")]), in: snap)
        #expect(statuses["n1"] == .success)
        #expect(statuses["n2"] == .unresolvable(reasonLabel))
    }

    @Test func failureMessageCountsBothReasons() {
        // One zone holds a matching pod on each node while two domains are
        // required: the zone is full; the other nodes have no zone at all.
        let nodes = [
            zoneNode("n1", zone: "a"), zoneNode("n2", zone: "a"), zoneNode("n3", zone: nil), zoneNode("n4", zone: nil),
        ]
        let existing = [running("old-1", on: "n1"), running("old-2", on: "n2")]
        let profile = SchedulerProfile(schedulerName: "default-scheduler", plugins: [PodTopologySpread()])
        var harness = PlacementHarness(nodes: nodes, existing: existing, profile: profile)
        let message = harness.failureFor(spreadPod("p", [spread(1, "zone", minDomains: 2)]))
        #expect(
            message
                == "0/4 nodes are available: 2 node(s) didn't match pod topology spread constraints, "
                + "2 node(s) didn't match pod topology spread constraints (missing required label).")
        guard case .unschedulable(let failure) = harness.decisions.last?.decision else {
            Issue.record("expected a failure")
            return
        }
        // Only the skew refusals could be fixed by evicting pods.
        #expect(failure.isResolvable(nodeName: "n1") && !failure.isResolvable(nodeName: "n3"))
    }

    @Test(arguments: [
        // minDomains 1: two domains suffice; the fifth pod may join a zone
        // with two (2 + 1 - 2 <= 2).
        (Int64(1), 5, [String](), 5),
        // minDomains 3 with two zones: the global minimum is 0, so each zone
        // takes at most 2 pods (count + 1 - 0 <= 2) until a third zone appears.
        (Int64(3), 4, ["c"], 5),
    ])
    func minDomainsForcesPodsIntoNewDomains(minDomains: Int64, placedBeforeFull: Int, addZones: [String], total: Int) {
        let nodes = ["a", "b"].flatMap { (zone: String) in (1...2).map { zoneNode("n-\(zone)\($0)", zone: zone) } }
        let profile = SchedulerProfile(schedulerName: "default-scheduler", plugins: [PodTopologySpread()])
        var harness = PlacementHarness(nodes: nodes, profile: profile)
        let pod = { (i: Int) in spreadPod("web-\(i)", [spread(2, "zone", minDomains: minDomains)]) }
        for i in 1...placedBeforeFull { #expect(harness.nodeFor(pod(i)) != nil) }
        if placedBeforeFull < total {
            #expect(
                harness.failureFor(pod(placedBeforeFull + 1))
                    == "0/4 nodes are available: 4 node(s) didn't match pod topology spread constraints.")
            for zone in addZones { harness.snapshot.set(NodeInfo(zoneNode("n-\(zone)1", zone: zone))) }
            #expect(harness.nodeFor(pod(total)) == "n-c1")
        }
        #expect(podsPerZone(harness.snapshot).values.reduce(0, +) == total)
    }

    @Test(arguments: [
        // Honor: the hdd zone is no domain for an ssd pod, so the minimum is
        // 1 and the ssd zones take another pod.
        ("Honor", ["n-a", "n-b", "n-c"], ["n-a", "n-b"], nil),
        // Ignore: the empty hdd zone counts, so the minimum is 0 and both ssd
        // zones are refused; the hdd node fails the node selector.
        (
            "Ignore", ["n-c"], [],
            "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, "
                + "2 node(s) didn't match pod topology spread constraints."
        ),
    ])
    func nodeAffinityPolicy(policy: String, spreadAllows: [String], placedOnOneOf: [String], failure: String?) {
        let nodes = [
            zoneNode("n-a", zone: "a", labels: ["disk": "ssd"]), zoneNode("n-b", zone: "b", labels: ["disk": "ssd"]),
            zoneNode("n-c", zone: "c", labels: ["disk": "hdd"]),
        ]
        let existing = [running("old-a", on: "n-a"), running("old-b", on: "n-b")]
        let pod = spreadPod(
            "p", [spread(1, "zone", nodeAffinityPolicy: policy)], spec: ["nodeSelector": ["disk": "ssd"]])
        #expect(passing(filterStatuses(pod, in: snapshot(nodes, existing))) == spreadAllows)

        let profile = SchedulerProfile(
            schedulerName: "default-scheduler", plugins: [NodeSelectorFilter(), PodTopologySpread()])
        var harness = PlacementHarness(nodes: nodes, existing: existing, profile: profile)
        expectOutcome(harness.schedule(pod), placedOnOneOf: placedOnOneOf, failure: failure)
    }

    @Test func nodeAffinityPolicyHonorsRequiredNodeAffinityToo() {
        let nodes = [
            zoneNode("n-a", zone: "a", labels: ["disk": "ssd"]), zoneNode("n-b", zone: "b", labels: ["disk": "hdd"]),
        ]
        let affinity: JSONValue = [
            "nodeAffinity": [
                "requiredDuringSchedulingIgnoredDuringExecution": [
                    "nodeSelectorTerms": [["matchExpressions": [["key": "disk", "operator": "In", "values": ["ssd"]]]]]
                ]
            ]
        ]
        let existing = [running("old-a", on: "n-a")]
        let pod = spreadPod("p", [spread(1, "zone")], spec: ["affinity": affinity])
        // Zone b does not count: zone a is the only domain, with minimum 1.
        #expect(passing(filterStatuses(pod, in: snapshot(nodes, existing))) == ["n-a", "n-b"])
        let ignoring = spreadPod(
            "p", [spread(1, "zone", nodeAffinityPolicy: "Ignore")], spec: ["affinity": affinity])
        #expect(passing(filterStatuses(ignoring, in: snapshot(nodes, existing))) == ["n-b"])
    }

    static let taintCases: [(String, [JSONValue], [String], [String], String?)] = [
        // Ignore (the default): the tainted empty zone counts, minimum 0.
        (
            "Ignore", [], ["n-c"], [],
            "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, "
                + "2 node(s) didn't match pod topology spread constraints."
        ),
        // Honor: the untolerated taint takes zone c out of the domains.
        ("Honor", [], ["n-a", "n-b", "n-c"], ["n-a", "n-b"], nil),
        // Honor, but the pod tolerates the taint: zone c counts again.
        ("Honor", [["key": "dedicated", "operator": "Exists"]], ["n-c"], ["n-c"], nil),
    ]

    @Test(arguments: taintCases)
    func nodeTaintsPolicy(
        policy: String, tolerations: [JSONValue], spreadAllows: [String], placedOnOneOf: [String], failure: String?
    ) {
        let nodes = [
            zoneNode("n-a", zone: "a"), zoneNode("n-b", zone: "b"),
            zoneNode("n-c", zone: "c", taints: [Fixture.taint("dedicated", "gpu")]),
        ]
        let existing = [running("old-a", on: "n-a"), running("old-b", on: "n-b")]
        var spec: JSONObject = [:]
        if !tolerations.isEmpty { spec["tolerations"] = .array(tolerations) }
        let pod = spreadPod("p", [spread(1, "zone", nodeTaintsPolicy: policy)], spec: spec)
        #expect(passing(filterStatuses(pod, in: snapshot(nodes, existing))) == spreadAllows)

        let profile = SchedulerProfile(
            schedulerName: "default-scheduler", plugins: [TaintFilter(), PodTopologySpread()])
        var harness = PlacementHarness(nodes: nodes, existing: existing, profile: profile)
        expectOutcome(harness.schedule(pod), placedOnOneOf: placedOnOneOf, failure: failure)
    }

    @Test func preferNoScheduleTaintsDoNotRemoveDomains() {
        let nodes = [
            zoneNode("n-a", zone: "a"),
            zoneNode("n-b", zone: "b", taints: [Fixture.taint("slow", effect: "PreferNoSchedule")]),
        ]
        let pod = spreadPod("p", [spread(1, "zone", nodeTaintsPolicy: "Honor")])
        let statuses = filterStatuses(pod, in: snapshot(nodes, [running("old", on: "n-a")]))
        #expect(passing(statuses) == ["n-b"])
    }

    @Test func matchLabelKeysCountOnlyTheSameRevision() {
        let nodes = [zoneNode("n-a", zone: "a"), zoneNode("n-b", zone: "b")]
        // Zone a still holds two pods of the previous rollout.
        let old = ["app": "web", "pod-template-hash": "v1"]
        let existing = [running("old-1", on: "n-a", labels: old), running("old-2", on: "n-a", labels: old)]
        let labels = ["app": "web", "pod-template-hash": "v2"]
        let snap = snapshot(nodes, existing)
        let plain = spreadPod("p", labels: labels, [spread(1, "zone")])
        #expect(passing(filterStatuses(plain, in: snap)) == ["n-b"])
        let byRevision = spreadPod("p", labels: labels, [spread(1, "zone", matchLabelKeys: ["pod-template-hash"])])
        #expect(passing(filterStatuses(byRevision, in: snap)) == ["n-a", "n-b"])
    }

    @Test func onlyLivePodsOfTheSameNamespaceCount() {
        let nodes = [zoneNode("n-a", zone: "a"), zoneNode("n-b", zone: "b")]
        var terminating = running("leaving", on: "n-a")
        terminating.json[path: ["metadata", "deletionTimestamp"]] = "2026-01-01T00:00:00Z"
        let existing = [
            terminating, running("elsewhere", on: "n-a", namespace: "other"),
            running("unrelated", on: "n-a", labels: ["app": "db"]),
        ]
        let statuses = filterStatuses(spreadPod("p", [spread(1, "zone")]), in: snapshot(nodes, existing))
        #expect(passing(statuses) == ["n-a", "n-b"])
    }

    @Test func aPodOutsideItsOwnSelectorAddsNoSkew() {
        let nodes = [zoneNode("n-a", zone: "a"), zoneNode("n-b", zone: "b")]
        let snap = snapshot(nodes, [running("old", on: "n-a")])
        // 1 + 1 - 0 > 1 refuses zone a for a matching pod...
        #expect(passing(filterStatuses(spreadPod("p", [spread(1, "zone")]), in: snap)) == ["n-b"])
        // ...but a pod the selector does not match adds nothing: 1 + 0 - 0 <= 1.
        let other = spreadPod("p", labels: ["app": "batch"], [spread(1, "zone")])
        #expect(passing(filterStatuses(other, in: snap)) == ["n-a", "n-b"])
    }

    @Test func everyConstraintMustHold() {
        let nodes = [
            zoneNode("n-a1", zone: "a"), zoneNode("n-a2", zone: "a"), zoneNode("n-b1", zone: "b"),
            zoneNode("n-b2", zone: "b"),
        ]
        let existing = [running("old-1", on: "n-a1"), running("old-2", on: "n-a1"), running("old-3", on: "n-b1")]
        let snap = snapshot(nodes, existing)
        // Zones a=2, b=1: only zone b. Hosts 2/0/1/0: only n-a2 and n-b2.
        let zone = spread(1, "zone")
        let host = spread(1, "kubernetes.io/hostname")
        #expect(passing(filterStatuses(spreadPod("p", [zone]), in: snap)) == ["n-b1", "n-b2"])
        #expect(passing(filterStatuses(spreadPod("p", [host]), in: snap)) == ["n-a2", "n-b2"])
        let both = filterStatuses(spreadPod("p", [zone, host]), in: snap)
        #expect(passing(both) == ["n-b2"])
        #expect(both["n-a2"] == .unschedulable(reasonSkew))
    }

    @Test func preFilterSkipsPodsWithoutHardConstraints() {
        let plugin = PodTopologySpread()
        let snap = snapshot([zoneNode("n", zone: "a")])
        var state = CycleState()
        #expect(plugin.preFilter(pod: PodInfo(Fixture.pod("plain")), snapshot: snap, state: &state) == .skip)
        let soft = PodInfo(spreadPod("soft", [spread(1, "zone", "ScheduleAnyway")]))
        #expect(plugin.preFilter(pod: soft, snapshot: snap, state: &state) == .skip)
        // Filter without a PreFilter state is an error, not a refusal.
        #expect(plugin.filter(pod: soft, node: snap.nodes[0], state: state).code == .error)
    }

    @Test func listDefaultsSpreadPodsWithoutConstraints() {
        let args = PodTopologySpreadArgs(
            defaultConstraints: [
                SpreadConstraint(maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: .doNotSchedule, selector: .nothing)
            ],
            defaultingType: .list)
        // Stands in for the Service selecting `app`.
        let plugin = PodTopologySpread(args: args) { pod in
            pod.labels["app"].flatMap { try? LabelSelector(matchLabels: ["app": $0]) }
        }
        let nodes = ["a", "b", "c"].map { (zone: String) in zoneNode("n-\(zone)", zone: zone) }
        let profile = SchedulerProfile(schedulerName: "default-scheduler", plugins: [plugin])
        var harness = PlacementHarness(nodes: nodes, profile: profile)
        for i in 1...6 { #expect(harness.nodeFor(Fixture.pod("web-\(i)", labels: ["app": "web"])) != nil) }
        #expect(podsPerZone(harness.snapshot) == ["a": 2, "b": 2, "c": 2])

        let snap = harness.snapshot
        var state = CycleState()
        // Nothing selects this pod: no defaults.
        #expect(plugin.preFilter(pod: PodInfo(Fixture.pod("lone")), snapshot: snap, state: &state) == .skip)
        // A pod with constraints of its own never gets the defaults.
        let own = PodInfo(spreadPod("own", [spread(1, "zone", "ScheduleAnyway")]))
        #expect(plugin.preFilter(pod: own, snapshot: snap, state: &state) == .skip)
        // Without a default selector the defaults never apply.
        let unselected = PodTopologySpread(args: args)
        #expect(unselected.preFilter(pod: PodInfo(Fixture.pod("web")), snapshot: snap, state: &state) == .skip)
    }

    @Test func fiveThousandNodes() {
        // 10 zones, two pods on every node (one matching).
        var nodes: [CoreV1.Node] = []
        var existing: [CoreV1.Pod] = []
        for i in 0..<5000 {
            let name = "n\(i)"
            nodes.append(zoneNode(name, zone: "z\(i % 10)"))
            existing.append(running("web-old-\(i)", on: name))
            existing.append(running("db-\(i)", on: name, labels: ["app": "db"]))
        }
        let profile = SchedulerProfile(schedulerName: "default-scheduler", plugins: [PodTopologySpread()])
        var harness = PlacementHarness(nodes: nodes, existing: existing, profile: profile)
        let clock = ContinuousClock()
        let start = clock.now
        for i in 1...20 {
            let pod = spreadPod(
                "web-\(i)", [spread(1, "zone"), spread(1, "kubernetes.io/hostname", "ScheduleAnyway")])
            #expect(harness.nodeFor(pod) != nil)
        }
        let elapsed = clock.now - start
        let counts = podsPerZone(harness.snapshot)
        #expect(counts.values.allSatisfy { $0 == 1002 })
        print("PodTopologySpread: 20 pods over 5000 nodes in \(elapsed)")
    }
}

@Suite struct PodTopologySpreadArgsTests {
    @Test func defaultsToSystem() throws {
        let args = try PodTopologySpreadArgs(json: [:])
        #expect(args == PodTopologySpreadArgs())
        #expect(args.defaultingType == .system)
        let plugin = PodTopologySpread(args: args)
        #expect(plugin.systemDefaulted)
        #expect(
            plugin.defaultConstraints.map(\.topologyKey) == ["kubernetes.io/hostname", "topology.kubernetes.io/zone"])
        #expect(plugin.defaultConstraints.map(\.maxSkew) == [3, 5])
    }

    @Test func readsListDefaults() throws {
        let args = try PodTopologySpreadArgs(json: [
            "apiVersion": "kubescheduler.config.k8s.io/v1", "kind": "PodTopologySpreadArgs",
            "defaultingType": "List",
            "defaultConstraints": [
                ["maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule", "minDomains": 2],
                [
                    "maxSkew": 3, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "ScheduleAnyway",
                    "nodeTaintsPolicy": "Honor",
                ],
            ],
        ])
        #expect(args.defaultingType == .list)
        #expect(
            args.defaultConstraints == [
                SpreadConstraint(
                    maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: .doNotSchedule, selector: .nothing,
                    minDomains: 2),
                SpreadConstraint(
                    maxSkew: 3, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: .scheduleAnyway,
                    selector: .nothing, nodeTaintsPolicy: .honor),
            ])
        #expect(!PodTopologySpread(args: args).systemDefaulted)
    }

    static let invalidArgs: [(JSONValue, String)] = [
        (
            ["defaultConstraints": [["maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule"]]],
            "defaultingType: Invalid value: \"System\": when .defaultConstraints are not empty"
        ),
        (
            [
                "defaultingType": "Sometimes",
                "defaultConstraints": [["maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule"]],
            ],
            "defaultingType: Unsupported value: \"Sometimes\": supported values: \"System\", \"List\""
        ),
        (
            [
                "defaultingType": "List",
                "defaultConstraints": [
                    [
                        "maxSkew": 0, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule",
                        "labelSelector": ["matchLabels": ["app": "web"]],
                    ]
                ],
            ],
            "[defaultConstraints[0].maxSkew: Invalid value: 0: not in valid range (0, inf), "
                + "defaultConstraints[0].labelSelector: Forbidden: constraint must not define a selector, "
                + "as they deduced for each pod]"
        ),
        (
            [
                "defaultingType": "List",
                "defaultConstraints": [
                    ["maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule"],
                    ["maxSkew": 2, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule"],
                ],
            ],
            "defaultConstraints[1]: Duplicate value: \"{zone, DoNotSchedule}\""
        ),
        (
            [
                "defaultingType": "List",
                "defaultConstraints": [["maxSkew": 1, "topologyKey": "", "whenUnsatisfiable": "Later"]],
            ],
            "[defaultConstraints[0].topologyKey: Required value: can not be empty, "
                + "defaultConstraints[0].whenUnsatisfiable: Unsupported value: \"Later\": "
                + "supported values: \"DoNotSchedule\", \"ScheduleAnyway\"]"
        ),
    ]

    @Test(arguments: invalidArgs)
    func rejectsInvalidArgs(json: JSONValue, message: String) {
        let error = #expect(throws: PodTopologySpreadArgs.Invalid.self) { try PodTopologySpreadArgs(json: json) }
        #expect(error?.description == message)
    }
}
