import SwiftletAPI
import SwiftletModels
import Testing

@testable import SwiftletScheduler

/// Runs PreScore then Score of one plugin for a pod over nodes (with
/// `existing` pods already placed), as the placer would: node name to score.
func resourceScores(
    _ plugin: some PreScorePlugin & ScorePlugin, pod: CoreV1.Pod, nodes: [CoreV1.Node],
    existing: [CoreV1.Pod] = []
) -> [String: Int64] {
    var infos = nodes.map(NodeInfo.init)
    for placed in existing {
        let info = PodInfo(placed)
        if let index = infos.firstIndex(where: { $0.name == info.nodeName }) { infos[index].add(info) }
    }
    let podInfo = PodInfo(pod)
    var state = CycleState()
    _ = plugin.preScore(pod: podInfo, nodes: infos, snapshot: Snapshot(nodes: infos), state: &state)
    return Dictionary(uniqueKeysWithValues: infos.map { ($0.name, plugin.score(pod: podInfo, node: $0, state: state)) })
}

private func fitArgs(_ json: JSONValue) throws -> NodeResourcesFit {
    try NodeResourcesFit(args: NodeResourcesFitArgs(json: json))
}

private func profile(_ plugins: any SchedulerPlugin...) -> SchedulerProfile {
    SchedulerProfile(schedulerName: "default-scheduler", plugins: plugins)
}

/// A pod with an init container and/or pod overhead, as written in YAML.
private func podWithInit(_ name: String, cpu: String, initCPU: String? = nil, overheadCPU: String? = nil)
    -> CoreV1.Pod
{
    var spec: JSONObject = [:]
    if let initCPU {
        spec["initContainers"] = [
            ["name": "init", "image": "busybox", "resources": ["requests": ["cpu": .string(initCPU)]]]
        ]
    }
    if let overheadCPU { spec["overhead"] = ["cpu": .string(overheadCPU)] }
    return Fixture.pod(name, cpu: cpu, spec: spec)
}

@Suite struct NodeResourcesFitFilterTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var nodes: [CoreV1.Node]
        var existing: [CoreV1.Pod] = []
        var plugin = NodeResourcesFit()
        var pod: CoreV1.Pod
        /// The node the pod lands on, or the failure message.
        var expected: Expected
        var testDescription: String { name }
    }

    enum Expected: Sendable, Equatable {
        case node(String)
        case failure(String)
    }

    static let cases: [Case] = [
        Case(
            name: "cpu short on one node, no pod slot on the other",
            nodes: [Fixture.node("small", cpu: "1"), Fixture.node("full", pods: "1")],
            existing: [Fixture.pod("filler", nodeName: "full")],
            pod: Fixture.pod("p", cpu: "2"),
            expected: .failure("0/2 nodes are available: 1 Insufficient cpu, 1 Too many pods.")),
        Case(
            name: "memory",
            nodes: [Fixture.node("n", memory: "1Gi")],
            pod: Fixture.pod("p", memory: "2Gi"),
            expected: .failure("0/1 nodes are available: 1 Insufficient memory.")),
        Case(
            name: "ephemeral storage counts what placed pods request",
            nodes: [Fixture.node("a", ephemeralStorage: "10Gi"), Fixture.node("b")],
            existing: [Fixture.pod("logs", requests: ["ephemeral-storage": "8Gi"], nodeName: "a")],
            pod: Fixture.pod("p", requests: ["ephemeral-storage": "4Gi"]),
            expected: .failure("0/2 nodes are available: 2 Insufficient ephemeral-storage.")),
        Case(
            name: "every missing resource is reported at once",
            nodes: [Fixture.node("n", cpu: "4", memory: "8Gi", pods: "0")],
            pod: Fixture.pod("p", cpu: "8", memory: "16Gi", requests: ["example.com/gpu": "1"]),
            expected: .failure(
                "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient example.com/gpu, 1 Insufficient memory, 1 Too many pods."
            )),
        Case(
            name: "a pod requesting nothing still needs a pod slot",
            nodes: [Fixture.node("n", pods: "1")],
            existing: [Fixture.pod("filler", nodeName: "n")],
            pod: Fixture.pod("p"),
            expected: .failure("0/1 nodes are available: 1 Too many pods.")),
        Case(
            name: "a pod requesting nothing fits a node whose cpu is overcommitted",
            nodes: [Fixture.node("n", cpu: "1")],
            existing: [Fixture.pod("hog", cpu: "3", nodeName: "n")],
            pod: Fixture.pod("p"),
            expected: .node("n")),
        Case(
            name: "placed pods' requests are subtracted",
            nodes: [Fixture.node("n", cpu: "4")],
            existing: [Fixture.pod("a", cpu: "3", nodeName: "n")],
            pod: Fixture.pod("p", cpu: "2"),
            expected: .failure("0/1 nodes are available: 1 Insufficient cpu.")),
        Case(
            name: "a request that exactly fills the node fits",
            nodes: [Fixture.node("n", cpu: "4", memory: "8Gi")],
            existing: [Fixture.pod("a", cpu: "3", memory: "6Gi", nodeName: "n")],
            pod: Fixture.pod("p", cpu: "1", memory: "2Gi"),
            expected: .node("n")),
        Case(
            name: "an init container larger than the containers counts",
            nodes: [Fixture.node("n", cpu: "2")],
            pod: podWithInit("p", cpu: "1", initCPU: "3"),
            expected: .failure("0/1 nodes are available: 1 Insufficient cpu.")),
        Case(
            name: "an init container smaller than the containers does not",
            nodes: [Fixture.node("n", cpu: "2")],
            pod: podWithInit("p", cpu: "2", initCPU: "1"),
            expected: .node("n")),
        Case(
            name: "pod overhead is added to the requests",
            nodes: [Fixture.node("n", cpu: "2")],
            pod: podWithInit("p", cpu: "1500m", overheadCPU: "1"),
            expected: .failure("0/1 nodes are available: 1 Insufficient cpu.")),
        Case(
            name: "the same pod without overhead fits",
            nodes: [Fixture.node("n", cpu: "2")],
            pod: podWithInit("p", cpu: "1500m"),
            expected: .node("n")),
        Case(
            name: "extended resource: only the node with a free one",
            nodes: [
                Fixture.node("none"), Fixture.node("busy", extra: ["example.com/gpu": "1"]),
                Fixture.node("free", extra: ["example.com/gpu": "2"]),
            ],
            existing: [Fixture.pod("trainer", requests: ["example.com/gpu": "1"], nodeName: "busy")],
            pod: Fixture.pod("p", requests: ["example.com/gpu": "1"]),
            expected: .node("free")),
        Case(
            name: "extended resource missing everywhere",
            nodes: [Fixture.node("none"), Fixture.node("busy", extra: ["example.com/gpu": "1"])],
            existing: [Fixture.pod("trainer", requests: ["example.com/gpu": "1"], nodeName: "busy")],
            pod: Fixture.pod("p", requests: ["example.com/gpu": "1"]),
            expected: .failure("0/2 nodes are available: 2 Insufficient example.com/gpu.")),
        Case(
            name: "hugepages are checked like extended resources",
            nodes: [Fixture.node("n", extra: ["hugepages-2Mi": "64Mi"])],
            pod: Fixture.pod("p", requests: ["hugepages-2Mi": "128Mi"]),
            expected: .failure("0/1 nodes are available: 1 Insufficient hugepages-2Mi.")),
        Case(
            name: "ignoredResources skips an extended resource",
            nodes: [Fixture.node("none")],
            plugin: try! fitArgs(["ignoredResources": ["example.com/gpu"]]),
            pod: Fixture.pod("p", requests: ["example.com/gpu": "1"]),
            expected: .node("none")),
        Case(
            name: "ignoredResourceGroups skips a whole domain",
            nodes: [Fixture.node("none")],
            plugin: try! fitArgs(["ignoredResourceGroups": ["example.com"]]),
            pod: Fixture.pod("p", requests: ["example.com/gpu": "1", "example.com/fpga": "2", "other.io/nic": "1"]),
            expected: .failure("0/1 nodes are available: 1 Insufficient other.io/nic.")),
        Case(
            name: "ignoredResources does not apply to native resources",
            nodes: [Fixture.node("n")],
            plugin: try! fitArgs(["ignoredResources": ["hugepages-2Mi"]]),
            pod: Fixture.pod("p", requests: ["hugepages-2Mi": "2Mi"]),
            expected: .failure("0/1 nodes are available: 1 Insufficient hugepages-2Mi.")),
    ]

    @Test(arguments: cases)
    func placement(_ c: Case) {
        var harness = PlacementHarness(nodes: c.nodes, existing: c.existing, profile: profile(c.plugin))
        switch harness.schedule(c.pod) {
        case .node(let name, _, _): #expect(Expected.node(name) == c.expected)
        case .unschedulable(let failure): #expect(Expected.failure(failure.message) == c.expected)
        case .error(let message): Issue.record("error: \(message)")
        }
    }

    @Test func insufficientResourcesAreUnschedulableNotUnresolvable() {
        // v1.32 says Unschedulable even when the request exceeds the whole
        // node: preemption decides for itself whether evicting helps.
        let plugin = NodeResourcesFit()
        let pod = PodInfo(Fixture.pod("p", cpu: "8"))
        let node = NodeInfo(Fixture.node("n", cpu: "4"))
        var state = CycleState()
        #expect(plugin.preFilter(pod: pod, snapshot: Snapshot(nodes: [node]), state: &state) == .success)
        #expect(
            plugin.filter(pod: pod, node: node, state: state)
                == PluginStatus(.unschedulable, reasons: ["Insufficient cpu"]))
        #expect(plugin.insufficientResources(for: pod, on: node) == ["Insufficient cpu"])
        #expect(plugin.insufficientResources(for: PodInfo(Fixture.pod("q", cpu: "4")), on: node).isEmpty)
    }

    @Test func reasonsComeInUpstreamOrder() {
        let plugin = NodeResourcesFit()
        let pod = PodInfo(
            Fixture.pod(
                "p", cpu: "8", memory: "16Gi",
                requests: ["ephemeral-storage": "1Gi", "example.com/b": "1", "example.com/a": "1"]))
        let node = NodeInfo(Fixture.node("n", pods: "0"))
        #expect(
            plugin.insufficientResources(for: pod, on: node) == [
                "Too many pods", "Insufficient cpu", "Insufficient memory", "Insufficient ephemeral-storage",
                "Insufficient example.com/a", "Insufficient example.com/b",
            ])
    }
}

@Suite struct NodeResourcesFitScoreTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var plugin: NodeResourcesFit
        var pod: CoreV1.Pod
        /// Pods already on the node `n` (4 cpu, 8Gi unless `node` says otherwise).
        var existing: [CoreV1.Pod] = []
        var node = Fixture.node("n", cpu: "4", memory: "8Gi")
        var expected: Int64
        var testDescription: String { name }
    }

    static let leastAllocated = NodeResourcesFit()
    static let mostAllocated = try! fitArgs(["scoringStrategy": ["type": "MostAllocated"]])
    static func ratio(_ shape: [(Int64, Int64)], resources: JSONValue? = nil) -> NodeResourcesFit {
        var strategy: JSONObject = [
            "type": "RequestedToCapacityRatio",
            "requestedToCapacityRatio": [
                "shape": .array(shape.map { ["utilization": .int($0.0), "score": .int($0.1)] })
            ],
        ]
        if let resources { strategy["resources"] = resources }
        return try! fitArgs(["scoringStrategy": .object(strategy)])
    }
    static let oneCPUTwoGi = Fixture.pod("p", cpu: "1", memory: "2Gi")
    static let halfFull = [Fixture.pod("a", cpu: "1", memory: "2Gi", nodeName: "n")]

    // Each expected number worked out by hand from upstream's formulas.
    static let cases: [Case] = [
        // (4000-1000)*100/4000 = 75 for cpu, likewise 75 for memory.
        Case(name: "LeastAllocated, empty node", plugin: leastAllocated, pod: oneCPUTwoGi, expected: 75),
        // 2000 of 4000 and 4Gi of 8Gi taken with the pod: 50 each.
        Case(
            name: "LeastAllocated, half full", plugin: leastAllocated, pod: oneCPUTwoGi, existing: halfFull,
            expected: 50),
        // cpu 75 weighs 3, memory (8-1)*100/8 = 87: (225 + 87) / 4 = 78.
        Case(
            name: "LeastAllocated, weighted",
            plugin: try! fitArgs([
                "scoringStrategy": [
                    "type": "LeastAllocated",
                    "resources": [["name": "cpu", "weight": 3], ["name": "memory", "weight": 1]],
                ]
            ]),
            pod: Fixture.pod("p", cpu: "1", memory: "1Gi"), expected: 78),
        // An empty pod counts as 100m / 200Mi: 3900*100/4000 = 97, 7992*100/8192 = 97.
        Case(
            name: "LeastAllocated, empty pod uses default requests", plugin: leastAllocated, pod: Fixture.pod("p"),
            expected: 97),
        Case(
            name: "LeastAllocated, over capacity scores 0",
            plugin: leastAllocated, pod: Fixture.pod("p", cpu: "1", memory: "2Gi"),
            existing: [Fixture.pod("hog", cpu: "6", memory: "6Gi", nodeName: "n")], expected: 0),
        // 3000*100/4000 = 75, 1Gi*100/8Gi = 12: (75 + 12) / 2 = 43.
        Case(
            name: "MostAllocated, empty node", plugin: mostAllocated, pod: Fixture.pod("p", cpu: "3", memory: "1Gi"),
            expected: 43),
        Case(
            name: "MostAllocated, half full", plugin: mostAllocated, pod: oneCPUTwoGi, existing: halfFull, expected: 50),
        // Over capacity counts as full: cpu 100, memory (6+2)/8 = 100.
        Case(
            name: "MostAllocated, over capacity counts as full",
            plugin: mostAllocated, pod: Fixture.pod("p", cpu: "1", memory: "2Gi"),
            existing: [Fixture.pod("hog", cpu: "6", memory: "6Gi", nodeName: "n")], expected: 100),
        // Score = utilization on the line (0,0)-(100,100).
        Case(name: "ratio bin packing, empty", plugin: ratio([(0, 0), (100, 10)]), pod: oneCPUTwoGi, expected: 25),
        Case(
            name: "ratio bin packing, half full", plugin: ratio([(0, 0), (100, 10)]), pod: oneCPUTwoGi,
            existing: halfFull, expected: 50),
        // Score = 100 - utilization.
        Case(name: "ratio spreading, empty", plugin: ratio([(0, 10), (100, 0)]), pod: oneCPUTwoGi, expected: 75),
        // A peak at 50%: 25% -> 0 + 100*25/50 = 50; 50% -> 100; 75% -> 100 - 100*25/50 = 50.
        Case(name: "ratio peak, below", plugin: ratio([(0, 0), (50, 10), (100, 0)]), pod: oneCPUTwoGi, expected: 50),
        Case(
            name: "ratio peak, at", plugin: ratio([(0, 0), (50, 10), (100, 0)]), pod: oneCPUTwoGi,
            existing: halfFull, expected: 100),
        Case(
            name: "ratio peak, above", plugin: ratio([(0, 0), (50, 10), (100, 0)]), pod: oneCPUTwoGi,
            existing: [Fixture.pod("a", cpu: "2", memory: "4Gi", nodeName: "n")], expected: 50),
        // Flat before the first point and after the last.
        Case(name: "ratio flat ends, before", plugin: ratio([(30, 2), (60, 8)]), pod: oneCPUTwoGi, expected: 20),
        Case(
            name: "ratio flat ends, after", plugin: ratio([(30, 2), (60, 8)]), pod: oneCPUTwoGi,
            existing: [Fixture.pod("a", cpu: "2", memory: "4Gi", nodeName: "n")], expected: 80),
        // cpu 25 weighs 1, memory 50 weighs 2: 125 / 3 = 41.67, rounded to 42.
        Case(
            name: "ratio rounds the weighted average",
            plugin: ratio(
                [(0, 0), (100, 10)], resources: [["name": "cpu", "weight": 1], ["name": "memory", "weight": 2]]),
            pod: Fixture.pod("p", cpu: "1", memory: "4Gi"), expected: 42),
        // memory 1Mi of 8Gi is 0% -> score 0, left out of the average: cpu 50 alone.
        Case(
            name: "ratio leaves zero scores out of the average", plugin: ratio([(0, 0), (100, 10)]),
            pod: Fixture.pod("p", cpu: "2", memory: "1Mi"), expected: 50),
        // The gpu is left out for a pod that does not request one: (75 + 75) / 2.
        Case(
            name: "extended resource not requested is left out",
            plugin: try! fitArgs([
                "scoringStrategy": [
                    "type": "LeastAllocated",
                    "resources": [["name": "cpu"], ["name": "memory"], ["name": "example.com/gpu"]],
                ]
            ]),
            pod: oneCPUTwoGi, node: Fixture.node("n", extra: ["example.com/gpu": "4"]), expected: 75),
        // With 2 of 4 gpus: (75 + 75 + 50) / 3 = 66.
        Case(
            name: "extended resource requested is scored",
            plugin: try! fitArgs([
                "scoringStrategy": [
                    "type": "LeastAllocated",
                    "resources": [["name": "cpu"], ["name": "memory"], ["name": "example.com/gpu"]],
                ]
            ]),
            pod: Fixture.pod("p", cpu: "1", memory: "2Gi", requests: ["example.com/gpu": "2"]),
            node: Fixture.node("n", extra: ["example.com/gpu": "4"]), expected: 66),
    ]

    @Test(arguments: cases)
    func score(_ c: Case) {
        let scores = resourceScores(c.plugin, pod: c.pod, nodes: [c.node], existing: c.existing)
        #expect(scores["n"] == c.expected)
    }

    @Test func scoreWithoutPreScoreComputesTheSame() {
        let plugin = NodeResourcesFit()
        let score = plugin.score(
            pod: PodInfo(Self.oneCPUTwoGi), node: NodeInfo(Fixture.node("n", cpu: "4", memory: "8Gi")),
            state: CycleState())
        #expect(score == 75)
    }

    struct Preference: Sendable, CustomTestStringConvertible {
        var name: String
        var plugin: NodeResourcesFit
        var expected: String
        var testDescription: String { name }
    }

    static let preferences: [Preference] = [
        Preference(name: "LeastAllocated prefers the emptier node", plugin: leastAllocated, expected: "empty"),
        Preference(name: "MostAllocated prefers the fuller node", plugin: mostAllocated, expected: "busy"),
        Preference(
            name: "ratio bin packing prefers the fuller node", plugin: ratio([(0, 0), (100, 10)]), expected: "busy"),
        Preference(
            name: "ratio spreading prefers the emptier node", plugin: ratio([(0, 10), (100, 0)]), expected: "empty"),
    ]

    @Test(arguments: preferences)
    func preference(_ p: Preference) {
        for order in [["busy", "empty"], ["empty", "busy"]] {
            var harness = PlacementHarness(
                nodes: order.map { Fixture.node($0) },
                existing: [Fixture.pod("a", cpu: "2", memory: "4Gi", nodeName: "busy")],
                profile: profile(p.plugin))
            #expect(harness.nodeFor(Fixture.pod("p", cpu: "1", memory: "1Gi")) == p.expected)
        }
    }

    @Test func leastAllocatedSpreadsAndMostAllocatedPacks() {
        let nodes = ["a", "b", "c"].map { Fixture.node($0, cpu: "4", memory: "8Gi") }
        var spread = PlacementHarness(nodes: nodes, profile: profile(Self.leastAllocated))
        var packed = PlacementHarness(nodes: nodes, profile: profile(Self.mostAllocated))
        var spreadNodes: Set<String> = []
        var packedNodes: [String: Int] = [:]
        for i in 0..<6 {
            let pod = Fixture.pod("p\(i)", cpu: "500m", memory: "1Gi")
            spreadNodes.insert(spread.nodeFor(pod) ?? "-")
            packedNodes[packed.nodeFor(pod) ?? "-", default: 0] += 1
        }
        #expect(spreadNodes == ["a", "b", "c"])
        #expect(packedNodes.count == 1 && packedNodes.values.first == 6)
    }
}

@Suite struct NodeResourcesFitArgsTests {
    @Test func emptyArgsGetUpstreamDefaults() throws {
        let args = try NodeResourcesFitArgs(json: [
            "apiVersion": "kubescheduler.config.k8s.io/v1", "kind": "NodeResourcesFitArgs",
        ])
        #expect(args == NodeResourcesFitArgs())
        #expect(args.scoringStrategy.type == .leastAllocated)
        #expect(
            args.scoringStrategy.resources == [
                ResourceWeight(name: "cpu", weight: 1), ResourceWeight(name: "memory", weight: 1),
            ])
    }

    @Test func readsEveryOption() throws {
        let args = try NodeResourcesFitArgs(json: [
            "ignoredResources": ["example.com/foo"],
            "ignoredResourceGroups": ["example.org"],
            "scoringStrategy": [
                "type": "RequestedToCapacityRatio",
                "resources": [["name": "cpu", "weight": 3], ["name": "example.com/gpu"]],
                "requestedToCapacityRatio": [
                    "shape": [["utilization": 0, "score": 0], ["utilization": 100, "score": 10]]
                ],
            ],
        ])
        #expect(args.ignoredResources == ["example.com/foo"])
        #expect(args.ignoredResourceGroups == ["example.org"])
        #expect(args.scoringStrategy.type == .requestedToCapacityRatio)
        #expect(
            args.scoringStrategy.resources == [
                ResourceWeight(name: "cpu", weight: 3), ResourceWeight(name: "example.com/gpu", weight: 1),
            ])
        #expect(
            args.scoringStrategy.shape == [
                UtilizationShapePoint(utilization: 0, score: 0), UtilizationShapePoint(utilization: 100, score: 10),
            ])
    }

    @Test func strategyWithoutResourcesScoresCPUAndMemory() throws {
        let args = try NodeResourcesFitArgs(json: ["scoringStrategy": ["type": "MostAllocated"]])
        #expect(args.scoringStrategy == ScoringStrategy(type: .mostAllocated, resources: ResourceWeight.defaults))
    }

    struct Invalid: Sendable, CustomTestStringConvertible {
        var name: String
        var json: JSONValue
        var message: String
        var testDescription: String { name }
    }

    static let invalid: [Invalid] = [
        Invalid(
            name: "unknown strategy", json: ["scoringStrategy": ["type": "Random"]],
            message:
                #"scoringStrategy.type: Unsupported value: "Random": supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio""#
        ),
        Invalid(
            name: "strategy without type", json: ["scoringStrategy": ["resources": [["name": "cpu"]]]],
            message:
                #"scoringStrategy.type: Unsupported value: "": supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio""#
        ),
        Invalid(
            name: "weight too large",
            json: ["scoringStrategy": ["type": "LeastAllocated", "resources": [["name": "cpu", "weight": 101]]]],
            message:
                "scoringStrategy.resources[0].weight: Invalid value: 101: resource weight of cpu not in valid range (0, 100]"
        ),
        Invalid(
            name: "shape not ascending",
            json: [
                "scoringStrategy": [
                    "type": "RequestedToCapacityRatio",
                    "requestedToCapacityRatio": [
                        "shape": [["utilization": 50, "score": 1], ["utilization": 50, "score": 2]]
                    ],
                ]
            ],
            message:
                "scoringStrategy.shape[1].utilization: Invalid value: 50: values must be sorted in increasing order"),
        Invalid(
            name: "shape score out of range",
            json: [
                "scoringStrategy": [
                    "type": "RequestedToCapacityRatio",
                    "requestedToCapacityRatio": ["shape": [["utilization": 10, "score": 11]]],
                ]
            ],
            message: "scoringStrategy.shape[0].score: Invalid value: 11: not in valid range [0, 10]"),
        Invalid(
            name: "empty shape",
            json: ["scoringStrategy": ["type": "RequestedToCapacityRatio", "requestedToCapacityRatio": ["shape": []]]],
            message: "scoringStrategy.shape: Required value: at least one point must be specified"),
        Invalid(
            name: "ratio without its shape",
            json: ["scoringStrategy": ["type": "RequestedToCapacityRatio"]],
            message:
                "scoringStrategy.requestedToCapacityRatio: Required value: must be specified when type is RequestedToCapacityRatio"
        ),
        Invalid(
            name: "group with a slash", json: ["ignoredResourceGroups": ["example.com/gpu"]],
            message:
                #"ignoredResourceGroups[0]: Invalid value: "example.com/gpu": resource group name can't contain '/'"#),
        Invalid(
            name: "several problems at once",
            json: [
                "ignoredResourceGroups": ["a/b"],
                "scoringStrategy": ["type": "MostAllocated", "resources": [["name": "memory", "weight": -1]]],
            ],
            message:
                #"[ignoredResourceGroups[0]: Invalid value: "a/b": resource group name can't contain '/', scoringStrategy.resources[0].weight: Invalid value: -1: resource weight of memory not in valid range (0, 100]]"#
        ),
        Invalid(
            name: "weight of the wrong JSON type",
            json: ["scoringStrategy": ["type": "LeastAllocated", "resources": [["name": "cpu", "weight": "high"]]]],
            message: #"scoringStrategy.resources[0].weight: Invalid value: "high": must be an integer"#),
    ]

    @Test(arguments: invalid)
    func rejects(_ c: Invalid) {
        #expect(throws: NodeResourcesArgsError.self) { try NodeResourcesFitArgs(json: c.json) }
        do {
            _ = try NodeResourcesFitArgs(json: c.json)
        } catch let error as NodeResourcesArgsError {
            #expect(error.message == c.message)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func pluginRejectsInvalidArgsBuiltInCode() {
        let args = NodeResourcesFitArgs(scoringStrategy: ScoringStrategy(type: .requestedToCapacityRatio))
        #expect(throws: NodeResourcesArgsError.self) { try NodeResourcesFit(args: args) }
    }
}
