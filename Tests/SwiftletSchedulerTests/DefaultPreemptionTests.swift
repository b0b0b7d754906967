import SwiftletAPI
import SwiftletModels
import Testing

@testable import SwiftletScheduler

// Minimal stand-ins for the real filters, enough to give preemption
// something to cure (CPU) and something it cannot (taints).

/// Refuses a node without room for the pod's CPU or one more pod.
private struct CPUFit: FilterPlugin {
    let name = "CPUFit"
    func filter(pod: PodInfo, node: NodeInfo, state: CycleState) -> PluginStatus {
        if node.requested.allowedPodNumber + 1 > node.allocatable.allowedPodNumber {
            return .unschedulable("Too many pods")
        }
        if node.requested.milliCPU + pod.requests.milliCPU > node.allocatable.milliCPU {
            return .unschedulable("Insufficient cpu")
        }
        return .success
    }
}

/// Refuses a node with any NoSchedule taint; evicting pods cannot help.
private struct RefuseTainted: FilterPlugin {
    let name = "RefuseTainted"
    func filter(pod: PodInfo, node: NodeInfo, state: CycleState) -> PluginStatus {
        guard let taint = node.taints.first(where: { $0.effect == .noSchedule }) else {
            return .success
        }
        return .unresolvable("node(s) had untolerated taint {\(taint.key): \(taint.value)}")
    }
}

/// A pod labelled `needs: solitude` runs only while no pod labelled
/// `loud: "true"` runs anywhere in the cluster: its PreFilter counts the
/// whole cluster, so preemption must re-run it on the changed cluster.
private struct Solitude: PreFilterPlugin, FilterPlugin {
    let name = "Solitude"
    struct LoudPods: Sendable { var count: Int }

    func preFilter(pod: PodInfo, snapshot: Snapshot, state: inout CycleState) -> PluginStatus {
        guard pod.labels["needs"] == "solitude" else { return .skip }
        state[LoudPods.self] = LoudPods(
            count: snapshot.nodes.reduce(0) { $0 + $1.pods.filter { $0.labels["loud"] == "true" }.count })
        return .success
    }

    func filter(pod: PodInfo, node: NodeInfo, state: CycleState) -> PluginStatus {
        (state[LoudPods.self]?.count ?? 0) > 0
            ? .unschedulable("a loud pod runs in the cluster") : .success
    }
}

/// A cluster as a snapshot: the pod is first placed through the core, and
/// its failure handed to preemption as the scheduler does.
private struct Cluster {
    var snapshot: Snapshot
    var profile: SchedulerProfile

    init(
        nodes: [CoreV1.Node], pods: [CoreV1.Pod] = [], budgets: [DisruptionBudget] = [],
        plugins: [any SchedulerPlugin] = [RefuseTainted(), CPUFit()]
    ) {
        var infos = nodes.map(NodeInfo.init)
        for pod in pods {
            let info = PodInfo(pod)
            if let index = infos.firstIndex(where: { $0.name == info.nodeName }) { infos[index].add(info) }
        }
        snapshot = Snapshot(nodes: infos, disruptionBudgets: budgets)
        profile = SchedulerProfile(schedulerName: "default-scheduler", plugins: plugins)
    }

    /// The placement failure with preemption's outcome, or nil when the pod fits.
    func preempt(
        _ pod: CoreV1.Pod, with plugin: DefaultPreemption = DefaultPreemption(startOffset: .fixed(0))
    ) -> (result: PostFilterResult, failure: FitFailure)? {
        let info = PodInfo(pod)
        var placer = PodPlacer(profile: profile)
        guard case .unschedulable(var failure) = placer.place(info, in: snapshot) else { return nil }
        let result = plugin.postFilter(pod: info, snapshot: snapshot, profile: profile, failure: failure)
        if case .none(let message) = result { failure.postFilterMessage = message }
        return (result, failure)
    }

    func result(of pod: CoreV1.Pod, with plugin: DefaultPreemption = DefaultPreemption(startOffset: .fixed(0)))
        -> PostFilterResult?
    {
        preempt(pod, with: plugin)?.result
    }
}

private func ref(_ name: String, namespace: String = "default") -> PodRef {
    PodRef(namespace: namespace, name: name, uid: "uid-\(namespace)-\(name)")
}

private func budget(_ name: String, app: String, allowed: Int64, disrupted: Set<String> = []) -> DisruptionBudget {
    DisruptionBudget(
        namespace: "default", name: name, selector: try! LabelSelector(matchLabels: ["app": app]),
        disruptionsAllowed: allowed, disruptedPods: disrupted)
}

/// A pod placed on a node, one second into 2026 per `startedAt`.
private func running(
    _ name: String, on node: String, cpu: String, priority: Int32, startedAt second: Int = 0,
    labels: [String: String] = [:]
) -> CoreV1.Pod {
    Fixture.pod(
        name, labels: labels, cpu: cpu, nodeName: node, priority: priority,
        created: "2026-01-01T00:00:\(second < 10 ? "0" : "")\(second)Z")
}

@Suite struct DefaultPreemptionTests {
    @Test func evictsTheLeastImportantPodOnTheNodeWhoseVictimsMatterLeast() {
        let cluster = Cluster(
            nodes: ["n1", "n2", "n3"].map { Fixture.node($0, cpu: "4") },
            pods: [
                running("web-1", on: "n1", cpu: "2", priority: 100),
                running("web-2", on: "n1", cpu: "2", priority: 100),
                running("batch-old", on: "n2", cpu: "2", priority: 10, startedAt: 1),
                running("batch-new", on: "n2", cpu: "2", priority: 10, startedAt: 2),
                running("api-1", on: "n3", cpu: "2", priority: 50),
                running("api-2", on: "n3", cpu: "2", priority: 50),
            ])
        let result = cluster.result(of: Fixture.pod("urgent", cpu: "2", priority: 200))
        // One victim is enough; the one that has run longer is kept.
        #expect(result == .nominate(nodeName: "n2", victims: [ref("batch-new")]))
    }

    @Test(arguments: [
        // Only pods of equal or higher priority: nothing to evict.
        (
            [
                running("peer", on: "n1", cpu: "2", priority: 100),
                running("boss", on: "n1", cpu: "2", priority: 300),
            ],
            "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."
        ),
        // Evicting the one lower-priority pod is not enough.
        (
            [
                running("small", on: "n1", cpu: "1", priority: 1),
                running("peer", on: "n1", cpu: "3", priority: 100),
            ],
            "preemption: 0/1 nodes are available: 1 Insufficient cpu."
        ),
    ])
    func neverEvictsPodsOfEqualOrHigherPriority(pods: [CoreV1.Pod], message: String) {
        let cluster = Cluster(nodes: [Fixture.node("n1", cpu: "4")], pods: pods)
        #expect(cluster.result(of: Fixture.pod("p", cpu: "2", priority: 100)) == .none(message: message))
    }

    @Test func avoidsBreakingADisruptionBudgetWhenAnotherNodeWorks() {
        let pods = [
            running("db", on: "n1", cpu: "4", priority: 0, labels: ["app": "db"]),
            running("cache", on: "n2", cpu: "4", priority: 5),
        ]
        let nodes = ["n1", "n2"].map { Fixture.node($0, cpu: "4") }
        let pending = Fixture.pod("urgent", cpu: "2", priority: 100)
        // Without a budget the lowest-priority victim wins.
        #expect(
            Cluster(nodes: nodes, pods: pods).result(of: pending)
                == .nominate(nodeName: "n1", victims: [ref("db")]))
        // A budget that allows no disruption sends preemption elsewhere.
        let guarded = Cluster(nodes: nodes, pods: pods, budgets: [budget("db", app: "db", allowed: 0)])
        #expect(guarded.result(of: pending) == .nominate(nodeName: "n2", victims: [ref("cache")]))
        // One that still allows a disruption does not.
        let lenient = Cluster(nodes: nodes, pods: pods, budgets: [budget("db", app: "db", allowed: 1)])
        #expect(lenient.result(of: pending) == .nominate(nodeName: "n1", victims: [ref("db")]))
        // Nor does one already counting the pod as disrupted.
        let counted = Cluster(
            nodes: nodes, pods: pods, budgets: [budget("db", app: "db", allowed: 0, disrupted: ["db"])])
        #expect(counted.result(of: pending) == .nominate(nodeName: "n1", victims: [ref("db")]))
    }

    @Test func onANodePodsCoveredByABudgetAreKeptFirst() {
        let nodes = [Fixture.node("n1", cpu: "4")]
        let pods = [
            running("db", on: "n1", cpu: "2", priority: 1, labels: ["app": "db"]),
            running("worker", on: "n1", cpu: "2", priority: 5),
        ]
        let pending = Fixture.pod("urgent", cpu: "2", priority: 100)
        #expect(
            Cluster(nodes: nodes, pods: pods).result(of: pending)
                == .nominate(nodeName: "n1", victims: [ref("db")]))
        let guarded = Cluster(nodes: nodes, pods: pods, budgets: [budget("db", app: "db", allowed: 0)])
        #expect(guarded.result(of: pending) == .nominate(nodeName: "n1", victims: [ref("worker")]))
        // When only a covered pod can make room, the budget gives way.
        let onlyCovered = Cluster(
            nodes: nodes, pods: [running("db", on: "n1", cpu: "4", priority: 1, labels: ["app": "db"])],
            budgets: [budget("db", app: "db", allowed: 0)])
        #expect(onlyCovered.result(of: pending) == .nominate(nodeName: "n1", victims: [ref("db")]))
    }

    @Test func budgetDisruptionsAreSpentInOrderOfImportance() {
        let victims = ["a", "b", "c"].enumerated().map { index, name in
            DefaultPreemption.Victim(
                PodInfo(
                    running(name, on: "n1", cpu: "1", priority: Int32(10 - index), labels: ["app": "db"])))
        }
        let (breaking, harmless) = DefaultPreemption.splitByBudgetViolation(
            victims, budgets: [budget("db", app: "db", allowed: 1)])
        #expect(breaking.map(\.pod.name) == ["b", "c"])
        #expect(harmless.map(\.pod.name) == ["a"])
    }

    @Test func podWithPreemptionPolicyNeverDoesNotPreempt() {
        let cluster = Cluster(
            nodes: [Fixture.node("n1", cpu: "4")], pods: [running("low", on: "n1", cpu: "4", priority: 0)]
        )
        let pending = Fixture.pod(
            "polite", cpu: "2", priority: 100, spec: ["preemptionPolicy": "Never"])
        let outcome = cluster.preempt(pending)
        #expect(
            outcome?.result == .none(message: "preemption: not eligible due to preemptionPolicy=Never."))
        #expect(
            outcome?.failure.message
                == "0/1 nodes are available: 1 Insufficient cpu. "
                + "preemption: not eligible due to preemptionPolicy=Never.")
        let willing = Fixture.pod(
            "pushy", cpu: "2", priority: 100, spec: ["preemptionPolicy": "PreemptLowerPriority"])
        #expect(cluster.result(of: willing) == .nominate(nodeName: "n1", victims: [ref("low")]))
    }

    @Test(arguments: [
        // A victim of the earlier preemption is still terminating: wait.
        (true, "PreemptionByScheduler", "n1", false),
        // Deleted for another reason: preempt again.
        (true, "DeletionByTaintManager", "n1", true),
        // Not deleted at all.
        (false, "PreemptionByScheduler", "n1", true),
        // The nominated node is no longer any good: preempt again.
        (true, "PreemptionByScheduler", "tainted", true),
    ])
    func podWaitsForTheVictimsOfItsEarlierPreemption(
        deleted: Bool, reason: String, nominated: String, preempts: Bool
    ) {
        var leaving = running("leaving", on: nominated, cpu: "2", priority: 0)
        if deleted { leaving.metadata?.deletionTimestamp = "2026-01-01T00:01:00Z" }
        leaving.status = CoreV1.PodStatus(json: [
            "conditions": [["type": "DisruptionTarget", "status": "True", "reason": .string(reason)]]
        ])
        let names = ["n1", "tainted", "n2"]
        // The nominated node holds the leaving pod; every other node is full.
        let fillers = names.filter { $0 != nominated }.map {
            running("filler-\($0)", on: $0, cpu: "4", priority: 0)
        }
        let cluster = Cluster(
            nodes: names.map {
                Fixture.node($0, cpu: "4", taints: $0 == "tainted" ? [Fixture.taint("gone")] : [])
            },
            pods: [leaving, running("stay", on: nominated, cpu: "2", priority: 0)] + fillers)
        var pending = Fixture.pod("urgent", cpu: "4", priority: 100)
        pending.status = CoreV1.PodStatus(json: ["nominatedNodeName": .string(nominated)])
        let result = cluster.result(of: pending)
        if preempts {
            guard case .nominate = result else {
                Issue.record("did not preempt: \(String(describing: result))")
                return
            }
        } else {
            let message = "preemption: not eligible due to a terminating pod on the nominated node."
            #expect(result == .none(message: message))
        }
    }

    @Test func unresolvableNodesAreNeverCandidates() {
        let nodes = [
            Fixture.node("gpu", cpu: "4", taints: [Fixture.taint("dedicated", "gpu")]),
            Fixture.node("n1", cpu: "4"), Fixture.node("n2", cpu: "4"),
        ]
        let pending = Fixture.pod("urgent", cpu: "2", priority: 100)
        // Only the tainted node has anything to evict.
        let stuck = Cluster(
            nodes: nodes,
            pods: [
                running("low", on: "gpu", cpu: "4", priority: 0),
                running("peer-1", on: "n1", cpu: "4", priority: 100),
                running("peer-2", on: "n2", cpu: "4", priority: 100),
            ])
        let outcome = stuck.preempt(pending)
        let message =
            "preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, "
            + "2 No preemption victims found for incoming pod."
        #expect(outcome?.result == .none(message: message))
        #expect(
            outcome?.failure.message
                == "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 Insufficient cpu. "
                + message)

        // With a victim on a schedulable node, that node is chosen.
        let open = Cluster(
            nodes: nodes,
            pods: [
                running("low", on: "gpu", cpu: "4", priority: 0),
                running("peer-1", on: "n1", cpu: "4", priority: 100),
                running("medium", on: "n2", cpu: "4", priority: 50),
            ])
        #expect(open.result(of: pending) == .nominate(nodeName: "n2", victims: [ref("medium")]))
    }

    @Test func everyNodeUnresolvableMeansPreemptionIsNotHelpful() {
        let cluster = Cluster(
            nodes: ["a", "b"].map {
                Fixture.node($0, cpu: "4", taints: [Fixture.taint("dedicated", "gpu")])
            },
            pods: [running("low", on: "a", cpu: "1", priority: 0)])
        let outcome = cluster.preempt(Fixture.pod("urgent", cpu: "1", priority: 100))
        #expect(
            outcome?.failure.message
                == "0/2 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}. "
                + "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.")
    }

    @Test func victimsAreAsFewAsPossible() {
        // 8 CPUs full; the pod needs 3. With everything gone, pods come back
        // most important first while the pod still fits: d (2) and c (3) do,
        // b (2) and then a (1) do not.
        let cluster = Cluster(
            nodes: [Fixture.node("n1", cpu: "8")],
            pods: [
                running("a", on: "n1", cpu: "1", priority: 1),
                running("b", on: "n1", cpu: "2", priority: 2),
                running("c", on: "n1", cpu: "3", priority: 3),
                running("d", on: "n1", cpu: "2", priority: 4),
            ])
        #expect(
            cluster.result(of: Fixture.pod("urgent", cpu: "3", priority: 10))
                == .nominate(nodeName: "n1", victims: [ref("b"), ref("a")]))
    }

    @Test func preFiltersSeeTheClusterWithoutTheVictims() {
        let plugins: [any SchedulerPlugin] = [CPUFit(), Solitude()]
        let nodes = ["n1", "n2"].map { Fixture.node($0, cpu: "4") }
        let pending = Fixture.pod("hermit", labels: ["needs": "solitude"], cpu: "1", priority: 100)
        let one = Cluster(
            nodes: nodes,
            pods: [running("radio", on: "n1", cpu: "1", priority: 0, labels: ["loud": "true"])],
            plugins: plugins)
        #expect(one.result(of: pending) == .nominate(nodeName: "n1", victims: [ref("radio")]))
        // Evicting on one node leaves the other loud pod: nothing works.
        let two = Cluster(
            nodes: nodes,
            pods: [
                running("radio", on: "n1", cpu: "1", priority: 0, labels: ["loud": "true"]),
                running("drums", on: "n2", cpu: "1", priority: 0, labels: ["loud": "true"]),
            ], plugins: plugins)
        #expect(
            two.result(of: pending)
                == .none(message: "preemption: 0/2 nodes are available: 2 a loud pod runs in the cluster."))
    }

    @Test func dryRunStopsAfterEnoughCandidatesFromTheOffset() throws {
        // Twenty nodes, each full with one pod; later nodes hold cheaper
        // victims, but only two nodes are tried, from the sixth on.
        let nodes = (0..<20).map { Fixture.node("n\($0 < 10 ? "0" : "")\($0)", cpu: "4") }
        let pods = (0..<20).map {
            running("p\($0)", on: nodes[$0].metadata!.name!, cpu: "4", priority: Int32(100 - $0))
        }
        let cluster = Cluster(nodes: nodes, pods: pods)
        let pending = Fixture.pod("urgent", cpu: "1", priority: 1000)
        let args = try DefaultPreemptionArgs(
            minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 2)
        #expect(
            cluster.result(of: pending, with: DefaultPreemption(args: args, startOffset: .fixed(5)))
                == .nominate(nodeName: "n06", victims: [ref("p6")]))
        // With upstream's defaults every node is tried.
        #expect(cluster.result(of: pending) == .nominate(nodeName: "n19", victims: [ref("p19")]))
    }

    @Test(arguments: [
        (50, 10, 100, 50), (1000, 10, 100, 100), (5000, 10, 100, 500), (10, 50, 1, 5), (3, 0, 2, 2),
    ])
    func numberOfCandidatesFollowsUpstream(
        nodes: Int, percentage: Int32, absolute: Int32, expected: Int
    ) throws {
        let args = try DefaultPreemptionArgs(
            minCandidateNodesPercentage: percentage, minCandidateNodesAbsolute: absolute)
        #expect(DefaultPreemption(args: args).numberOfCandidates(amongNodes: nodes) == expected)
    }

    @Test func tieBreaksFollowUpstreamOrder() {
        func candidate(_ node: String, _ victims: [(priority: Int32, second: Int)], violations: Int = 0)
            -> DefaultPreemption.Candidate
        {
            let infos = victims.enumerated().map { index, victim in
                DefaultPreemption.Victim(
                    PodInfo(
                        running(
                            "\(node)-\(index)", on: node, cpu: "1", priority: victim.priority,
                            startedAt: victim.second)))
            }
            return DefaultPreemption.Candidate(
                nodeName: node, victims: DefaultPreemption.byImportance(infos), pdbViolations: violations)
        }
        let cases: [([DefaultPreemption.Candidate], String)] = [
            // Fewest budget violations, whatever the priorities.
            ([candidate("a", [(1, 0)], violations: 1), candidate("b", [(50, 0)])], "b"),
            // Lowest most-important victim, even with more victims.
            ([candidate("a", [(5, 0)]), candidate("b", [(1, 0), (1, 0), (1, 0)])], "b"),
            // Smallest sum of priorities.
            ([candidate("a", [(5, 0), (4, 0)]), candidate("b", [(5, 0), (1, 0)])], "b"),
            // Negative priorities: fewer victims still sum smaller.
            ([candidate("a", [(-5, 0), (-5, 0)]), candidate("b", [(-5, 0)])], "b"),
            // Fewest victims (equal sums take a victim of the lowest priority).
            ([candidate("a", [(0, 0), (Int32.min, 0)]), candidate("b", [(0, 0)])], "b"),
            // Most important victims started latest.
            ([candidate("a", [(5, 1), (5, 9)]), candidate("b", [(5, 3), (5, 4)])], "b"),
            // Otherwise the first.
            ([candidate("a", [(5, 1)]), candidate("b", [(5, 1)])], "a"),
        ]
        for (candidates, expected) in cases {
            #expect(DefaultPreemption.pickBest(candidates)?.nodeName == expected)
        }
    }

    @Test func startTimesOrderAcrossFormats() {
        let parse = DefaultPreemption.StartTime.nanoseconds
        #expect(parse("1970-01-01T00:00:00Z") == 0)
        #expect(parse("1970-01-01T00:00:01.5Z") == 1_500_000_000)
        #expect(parse("2026-01-01T02:00:00+02:00") == parse("2026-01-01T00:00:00Z"))
        #expect(parse("2025-12-31T19:00:00-05:00") == parse("2026-01-01T00:00:00Z"))
        #expect(parse("2026-01-01T00:00:00") == nil)
        #expect(parse("2000-03-01T00:00:00Z") == Int64(951_868_800) * 1_000_000_000)
        #expect(parse("2026-01-01T00:00:00.000000001Z")! > parse("2026-01-01T00:00:00Z")!)
        #expect(parse("") == nil)
        #expect(parse("2026-13-01T00:00:00Z") == nil)
        #expect(parse("2026-01-01") == nil)
    }

    @Test func argsFromJSON() throws {
        #expect(try DefaultPreemptionArgs(json: nil) == .defaults)
        #expect(try DefaultPreemptionArgs(json: ["kind": "DefaultPreemptionArgs"]) == .defaults)
        let custom = try DefaultPreemptionArgs(json: [
            "minCandidateNodesPercentage": 25, "minCandidateNodesAbsolute": 0,
        ])
        #expect(custom.minCandidateNodesPercentage == 25 && custom.minCandidateNodesAbsolute == 0)
        let failures: [(JSONValue, String)] = [
            (
                ["minCandidateNodesPercentage": 101],
                "minCandidateNodesPercentage: Invalid value: 101: not in valid range [0, 100]"
            ),
            (
                ["minCandidateNodesAbsolute": -1],
                "minCandidateNodesAbsolute: Invalid value: -1: not in valid range [0, inf)"
            ),
            (
                ["minCandidateNodesPercentage": 0, "minCandidateNodesAbsolute": 0],
                "[minCandidateNodesPercentage: Invalid value: 0: cannot be zero at the same time as "
                    + "minCandidateNodesAbsolute, minCandidateNodesAbsolute: Invalid value: 0: cannot be zero at the "
                    + "same time as minCandidateNodesPercentage]"
            ),
            (
                ["minCandidateNodesPercentage": "10"],
                "minCandidateNodesPercentage: must be an integer, not string"
            ),
            (["minCandidateNodes": 10], "unknown field \"minCandidateNodes\""),
        ]
        for (json, message) in failures {
            #expect(throws: DefaultPreemptionArgs.Invalid(message: message)) {
                try DefaultPreemptionArgs(json: json)
            }
        }
    }
}
