import SwiftletAPI
import SwiftletModels
import Testing

@testable import SwiftletScheduler

private typealias N = NodePlugins

@Suite struct NodeAffinityTests {
    static let worker = NodeInfo(
        Fixture.node("worker-1", labels: ["zone": "us-east-1a", "gpu-count": "4", "disk": "ssd"]))

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var terms: [JSONValue]
        var matches: Bool
        var testDescription: String { name }

        init(_ name: String, _ terms: [JSONValue], _ matches: Bool) {
            self.name = name
            self.terms = terms
            self.matches = matches
        }

        /// One term with these expressions.
        init(_ name: String, expressions: [JSONValue], _ matches: Bool) {
            self.init(name, [N.term(expressions: expressions)], matches)
        }

        /// One term with these fields.
        init(_ name: String, fields: [JSONValue], _ matches: Bool) {
            self.init(name, [N.term(fields: fields)], matches)
        }
    }

    @Test(arguments: [
        Case("In, value listed", expressions: [N.requirement("zone", "In", ["us-east-1a", "us-east-1b"])], true),
        Case("In, value not listed", expressions: [N.requirement("zone", "In", ["eu-west-1a"])], false),
        Case("In, label missing", expressions: [N.requirement("rack", "In", ["r1"])], false),
        Case("NotIn, value not listed", expressions: [N.requirement("zone", "NotIn", ["eu-west-1a"])], true),
        Case("NotIn, value listed", expressions: [N.requirement("zone", "NotIn", ["us-east-1a"])], false),
        Case("NotIn, label missing", expressions: [N.requirement("rack", "NotIn", ["r1"])], true),
        Case("Exists, present", expressions: [N.requirement("disk", "Exists")], true),
        Case("Exists, missing", expressions: [N.requirement("rack", "Exists")], false),
        Case("DoesNotExist, missing", expressions: [N.requirement("rack", "DoesNotExist")], true),
        Case("DoesNotExist, present", expressions: [N.requirement("disk", "DoesNotExist")], false),
        Case("Gt, larger", expressions: [N.requirement("gpu-count", "Gt", ["2"])], true),
        Case("Gt, equal", expressions: [N.requirement("gpu-count", "Gt", ["4"])], false),
        Case("Lt, smaller", expressions: [N.requirement("gpu-count", "Lt", ["5"])], true),
        Case("Lt, equal", expressions: [N.requirement("gpu-count", "Lt", ["4"])], false),
        Case("Gt, label not an integer", expressions: [N.requirement("disk", "Gt", ["1"])], false),
        Case("Gt, bound not an integer", expressions: [N.requirement("gpu-count", "Gt", ["two"])], false),
        Case("Gt, label missing", expressions: [N.requirement("rack", "Gt", ["1"])], false),
        Case("Gt, two bounds", expressions: [N.requirement("gpu-count", "Gt", ["1", "2"])], false),
        Case("In without values does not parse", expressions: [N.requirement("zone", "In")], false),
        Case("NotIn without values does not parse", expressions: [N.requirement("rack", "NotIn")], false),
        Case("Exists with values does not parse", expressions: [N.requirement("disk", "Exists", ["ssd"])], false),
        Case("unknown operator", expressions: [N.requirement("zone", "Like", ["us"])], false),
        Case(
            "expressions are ANDed, all hold",
            expressions: [N.requirement("zone", "In", ["us-east-1a"]), N.requirement("disk", "Exists")], true),
        Case(
            "expressions are ANDed, one fails",
            expressions: [N.requirement("zone", "In", ["us-east-1a"]), N.requirement("gpu-count", "Gt", ["8"])],
            false),
        Case("metadata.name In, this node", fields: [N.requirement("metadata.name", "In", ["worker-1"])], true),
        Case("metadata.name In, other node", fields: [N.requirement("metadata.name", "In", ["worker-2"])], false),
        Case("metadata.name NotIn, other node", fields: [N.requirement("metadata.name", "NotIn", ["worker-2"])], true),
        Case("metadata.name NotIn, this node", fields: [N.requirement("metadata.name", "NotIn", ["worker-1"])], false),
        Case(
            "metadata.name In needs exactly one value",
            fields: [N.requirement("metadata.name", "In", ["worker-1", "worker-2"])], false),
        Case("metadata.name Exists is not a field operator", fields: [N.requirement("metadata.name", "Exists")], false),
        Case(
            "fields and expressions are ANDed",
            [
                N.term(
                    expressions: [N.requirement("zone", "In", ["eu-west-1a"])],
                    fields: [N.requirement("metadata.name", "In", ["worker-1"])])
            ], false),
        Case(
            "terms are ORed",
            [
                N.term(expressions: [N.requirement("zone", "In", ["eu-west-1a"])]),
                N.term(expressions: [N.requirement("disk", "In", ["ssd"])]),
            ], true),
        Case(
            "a malformed term does not spoil the others",
            [
                N.term(expressions: [N.requirement("zone", "In")]),
                N.term(expressions: [N.requirement("disk", "Exists")]),
            ],
            true),
        Case("an empty term matches nothing", [N.term()], false),
        Case("no terms match nothing", [], false),
    ])
    func requiredAffinity(_ c: Case) {
        let pod = PodInfo(Fixture.pod("p", spec: ["affinity": N.nodeAffinity(required: c.terms)]))
        let status = N.filter(NodeAffinity(), pod: pod, node: Self.worker)
        #expect(status == (c.matches ? .success : .unresolvable("node(s) didn't match Pod's node affinity/selector")))
    }

    @Test func nodeSelectorAndAffinityMustBothHold() {
        let affinity = N.nodeAffinity(required: [N.term(expressions: [N.requirement("zone", "In", ["us-east-1a"])])])
        let both = PodInfo(Fixture.pod("p", spec: ["nodeSelector": ["disk": "ssd"], "affinity": affinity]))
        let wrongSelector = PodInfo(Fixture.pod("p", spec: ["nodeSelector": ["disk": "hdd"], "affinity": affinity]))
        let selectorOnly = PodInfo(Fixture.pod("p", spec: ["nodeSelector": ["disk": "ssd", "gpu-count": "4"]]))
        let missingLabel = PodInfo(Fixture.pod("p", spec: ["nodeSelector": ["rack": ""]]))
        #expect(N.filter(NodeAffinity(), pod: both, node: Self.worker) == .success)
        #expect(N.filter(NodeAffinity(), pod: wrongSelector, node: Self.worker).isRejection)
        #expect(N.filter(NodeAffinity(), pod: selectorOnly, node: Self.worker) == .success)
        #expect(N.filter(NodeAffinity(), pod: missingLabel, node: Self.worker).isRejection)
    }

    @Test func podWithoutNodeConstraintsSkipsFilter() {
        var state = CycleState()
        let status = NodeAffinity().preFilter(
            pod: PodInfo(Fixture.pod("p")), snapshot: Snapshot(nodes: [Self.worker]), state: &state)
        #expect(status == .skip)
    }

    @Test func termsPinningNoCommonNodeConflict() {
        let pinned = N.term(fields: [
            N.requirement("metadata.name", "In", ["n1"]), N.requirement("metadata.name", "In", ["n2"]),
        ])
        var harness = N.harness(["n1", "n2", "n3"].map { Fixture.node($0) })
        let pod = Fixture.pod("p", spec: ["affinity": N.nodeAffinity(required: [pinned])])
        #expect(harness.failureFor(pod) == "0/3 nodes are available: pod affinity terms conflict.")
        // One term pinned to n3 leaves a node possible.
        let alsoN3 = N.term(fields: [N.requirement("metadata.name", "In", ["n3"])])
        let second = Fixture.pod("q", spec: ["affinity": N.nodeAffinity(required: [pinned, alsoN3])])
        #expect(harness.nodeFor(second) == "n3")
    }

    @Test func requiredAffinityPlacesAndExplains() {
        var harness = N.harness([
            Fixture.node("a1", labels: ["zone": "a"]), Fixture.node("b1", labels: ["zone": "b"]),
            Fixture.node("c1", labels: ["zone": "c"]),
        ])
        let inB = N.nodeAffinity(required: [N.term(expressions: [N.requirement("zone", "In", ["b"])])])
        #expect(harness.nodeFor(Fixture.pod("p", spec: ["affinity": inB])) == "b1")
        let inD = N.nodeAffinity(required: [N.term(expressions: [N.requirement("zone", "In", ["d"])])])
        #expect(
            harness.failureFor(Fixture.pod("q", spec: ["affinity": inD]))
                == "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.")
    }

    static let zonedNodes = [
        Fixture.node("a1", labels: ["zone": "a", "disk": "ssd"]),
        Fixture.node("b1", labels: ["zone": "b", "disk": "ssd"]),
        Fixture.node("c1", labels: ["zone": "c"]),
    ]

    static let preferences = N.nodeAffinity(preferred: [
        (weight: 10, term: N.term(expressions: [N.requirement("zone", "In", ["b"])])),
        (weight: 50, term: N.term(expressions: [N.requirement("disk", "In", ["ssd"])])),
        (weight: 0, term: N.term(expressions: [N.requirement("zone", "In", ["c"])])),
        (weight: 90, term: N.term()),
    ])

    @Test func preferredTermsScoreTheirWeightsNormalized() {
        let pod = PodInfo(Fixture.pod("p", spec: ["affinity": Self.preferences]))
        // Raw 50, 60, 0: the weight-0 and empty terms never count.
        #expect(N.scores(NodeAffinity(), pod: pod, nodes: Self.zonedNodes.map(NodeInfo.init)) == [83, 100, 0])
    }

    @Test func preferredAffinitySteersPlacement() {
        var harness = N.harness(Self.zonedNodes)
        for i in 0..<3 { #expect(harness.nodeFor(Fixture.pod("p\(i)", spec: ["affinity": Self.preferences])) == "b1") }
    }

    @Test func podWithoutPreferencesSkipsScore() {
        #expect(
            N.scores(NodeAffinity(), pod: PodInfo(Fixture.pod("p")), nodes: Self.zonedNodes.map(NodeInfo.init)) == nil)
    }

    // MARK: addedAffinity

    static let addedArgs: JSONValue = [
        "apiVersion": "kubescheduler.config.k8s.io/v1", "kind": "NodeAffinityArgs",
        "addedAffinity": [
            "requiredDuringSchedulingIgnoredDuringExecution": [
                "nodeSelectorTerms": [["matchExpressions": [["key": "disk", "operator": "Exists"]]]]
            ],
            "preferredDuringSchedulingIgnoredDuringExecution": [
                [
                    "weight": 5,
                    "preference": ["matchExpressions": [["key": "zone", "operator": "In", "values": ["a"]]]],
                ]
            ],
        ],
    ]

    @Test func addedAffinityRefusesWithItsOwnReason() throws {
        let plugin = try NodeAffinity(args: NodeAffinityArgs(json: Self.addedArgs))
        var harness = N.harness(Self.zonedNodes, nodeAffinity: plugin)
        let inB = N.nodeAffinity(required: [N.term(expressions: [N.requirement("zone", "In", ["c"])])])
        #expect(
            harness.failureFor(Fixture.pod("p", spec: ["affinity": inB]))
                == "0/3 nodes are available: 1 node(s) didn't match scheduler-enforced node affinity, "
                + "2 node(s) didn't match Pod's node affinity/selector.")
    }

    @Test func addedPreferenceAddsToTheScore() throws {
        let plugin = try NodeAffinity(args: NodeAffinityArgs(json: Self.addedArgs))
        let nodes = Self.zonedNodes.map(NodeInfo.init)
        // A pod without preferences is still scored by the added terms.
        #expect(N.scores(plugin, pod: PodInfo(Fixture.pod("p")), nodes: nodes) == [100, 0, 0])
        let pod = PodInfo(Fixture.pod("q", spec: ["affinity": Self.preferences]))
        #expect(N.scores(plugin, pod: pod, nodes: nodes) == [91, 100, 0])  // 55, 60, 0
        var harness = N.harness(Self.zonedNodes, nodeAffinity: plugin)
        #expect(harness.nodeFor(Fixture.pod("r")) == "a1")
    }

    @Test func addedAffinityAppliesToPodsWithoutConstraints() throws {
        let plugin = try NodeAffinity(args: NodeAffinityArgs(json: Self.addedArgs))
        let pod = PodInfo(Fixture.pod("p"))
        #expect(
            N.filter(plugin, pod: pod, node: NodeInfo(Self.zonedNodes[2])) == .unresolvable(NodeAffinity.reasonEnforced)
        )
        #expect(N.filter(plugin, pod: pod, node: NodeInfo(Self.zonedNodes[0])) == .success)
    }

    @Test func argsWithoutAddedAffinityChangeNothing() throws {
        let plugin = try NodeAffinity(args: NodeAffinityArgs(json: ["kind": "NodeAffinityArgs"]))
        var state = CycleState()
        #expect(plugin.preFilter(pod: PodInfo(Fixture.pod("p")), snapshot: Snapshot(), state: &state) == .skip)
    }

    @Test func malformedArgsAreRejected() {
        let badBound: JSONValue = [
            "addedAffinity": [
                "requiredDuringSchedulingIgnoredDuringExecution": [
                    "nodeSelectorTerms": [["matchExpressions": [["key": "cores", "operator": "Gt", "values": ["x"]]]]]
                ]
            ]
        ]
        let error = #expect(throws: NodeAffinityArgs.Invalid.self) { try NodeAffinityArgs(json: badBound) }
        let path = "addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
        #expect(error?.problems.count == 1)
        #expect(error?.problems.first?.hasPrefix(path + ".matchExpressions[0]") == true)
        let badField: JSONValue = [
            "addedAffinity": [
                "preferredDuringSchedulingIgnoredDuringExecution": [
                    ["weight": 1, "preference": ["matchFields": [["key": "metadata.name", "operator": "Exists"]]]]
                ]
            ]
        ]
        #expect(throws: NodeAffinityArgs.Invalid.self) { try NodeAffinityArgs(json: badField) }
        #expect(throws: NodeAffinityArgs.Invalid.self) { try NodeAffinityArgs(json: "oops") }
        #expect(throws: NodeAffinityArgs.Invalid.self) { try NodeAffinityArgs(json: ["addedAffinity": 3]) }
        let bad = NodeAffinityArgs(addedAffinity: CoreV1.NodeAffinity(json: badBound["addedAffinity"]!))
        #expect(throws: NodeAffinityArgs.Invalid.self) { try NodeAffinity(args: bad) }
    }
}
