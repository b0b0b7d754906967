import SwiftletAPI
import SwiftletModels
import Testing

@testable import SwiftletScheduler

@Suite struct NodeResourcesBalancedAllocationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var plugin = NodeResourcesBalancedAllocation()
        var pod: CoreV1.Pod
        /// Pods already on the node `n`.
        var existing: [CoreV1.Pod] = []
        var node = Fixture.node("n", cpu: "4", memory: "8Gi")
        var expected: Int64
        var testDescription: String { name }
    }

    static let withGPU = try! NodeResourcesBalancedAllocation(
        args: NodeResourcesBalancedAllocationArgs(json: [
            "resources": [["name": "cpu"], ["name": "memory"], ["name": "example.com/gpu"]]
        ]))

    // Each expected number worked out by hand from upstream's formula.
    static let cases: [Case] = [
        // cpu 1/4 = 0.25, memory 1/8 = 0.125: std 0.0625, (1 - 0.0625) * 100 = 93.75 -> 93.
        Case(name: "uneven use", pod: Fixture.pod("p", cpu: "1", memory: "1Gi"), expected: 93),
        // With the pod: cpu 2/4 and memory 4/8, perfectly even.
        Case(
            name: "even use", pod: Fixture.pod("p", cpu: "1", memory: "1Gi"),
            existing: [Fixture.pod("a", cpu: "1", memory: "3Gi", nodeName: "n")], expected: 100),
        // cpu 7/4 is capped at 1; memory 1/8: std (1 - 0.125) / 2 = 0.4375 -> 56 (18 without the cap).
        Case(
            name: "fractions are capped at 1", pod: Fixture.pod("p", cpu: "1", memory: "1Gi"),
            existing: [Fixture.pod("hog", cpu: "6", nodeName: "n")], expected: 56),
        // Three fractions 0.25, 0.25, 0.5: mean 1/3, variance 1/72, std 0.1179 -> 88.
        Case(
            name: "three resources use the full standard deviation", plugin: withGPU,
            pod: Fixture.pod("p", cpu: "1", memory: "2Gi", requests: ["example.com/gpu": "2"]),
            node: Fixture.node("n", extra: ["example.com/gpu": "4"]), expected: 88),
        // The pod asks for no gpu: only cpu 0.25 and memory 0.125 count.
        Case(
            name: "an extended resource the pod does not request is left out", plugin: withGPU,
            pod: Fixture.pod("p", cpu: "1", memory: "1Gi"), node: Fixture.node("n", extra: ["example.com/gpu": "4"]),
            expected: 93),
        // Real requests, not defaults: an empty pod sees only what is placed (1/4 vs 1/8).
        Case(
            name: "an empty pod is scored on what is already placed", pod: Fixture.pod("p"),
            existing: [Fixture.pod("a", cpu: "1", memory: "1Gi", nodeName: "n")], expected: 93),
        Case(name: "an empty pod on an empty node", pod: Fixture.pod("p"), expected: 100),
    ]

    @Test(arguments: cases)
    func score(_ c: Case) {
        let scores = resourceScores(c.plugin, pod: c.pod, nodes: [c.node], existing: c.existing)
        #expect(scores["n"] == c.expected)
    }

    @Test func prefersTheNodeWhereCPUAndMemoryStayClosest() {
        // With a 1 cpu / 2Gi pod: "cpu-heavy" ends at 3/4 cpu and 3/8 memory
        // (score 81), "even" at 2/4 and 4/8 (score 100).
        for order in [["cpu-heavy", "even"], ["even", "cpu-heavy"]] {
            var harness = PlacementHarness(
                nodes: order.map { Fixture.node($0, cpu: "4", memory: "8Gi") },
                existing: [
                    Fixture.pod("a", cpu: "2", memory: "1Gi", nodeName: "cpu-heavy"),
                    Fixture.pod("b", cpu: "1", memory: "2Gi", nodeName: "even"),
                ],
                profile: SchedulerProfile(
                    schedulerName: "default-scheduler", plugins: [NodeResourcesBalancedAllocation()]))
            #expect(harness.nodeFor(Fixture.pod("p", cpu: "1", memory: "2Gi")) == "even")
        }
        let scores = resourceScores(
            NodeResourcesBalancedAllocation(), pod: Fixture.pod("p", cpu: "1", memory: "2Gi"),
            nodes: [Fixture.node("cpu-heavy"), Fixture.node("even")],
            existing: [
                Fixture.pod("a", cpu: "2", memory: "1Gi", nodeName: "cpu-heavy"),
                Fixture.pod("b", cpu: "1", memory: "2Gi", nodeName: "even"),
            ])
        #expect(scores == ["cpu-heavy": 81, "even": 100])
    }

    @Test func argsDefaultToCPUAndMemory() throws {
        let args = try NodeResourcesBalancedAllocationArgs(json: [:])
        #expect(args.resources == ResourceWeight.defaults)
        let explicit = try NodeResourcesBalancedAllocationArgs(json: ["resources": [["name": "cpu", "weight": 0]]])
        #expect(explicit.resources == [ResourceWeight(name: "cpu", weight: 1)])
    }

    @Test(arguments: [
        (
            ["resources": [["name": "cpu", "weight": 2]]] as JSONValue,
            "resources[0].weight: Invalid value: 2: must be 1"
        ),
        (
            ["resources": [["name": "cpu"], ["name": "cpu"]]] as JSONValue,
            #"resources[1].name: Duplicate value: "cpu""#
        ),
    ])
    func argsRejects(json: JSONValue, message: String) {
        do {
            _ = try NodeResourcesBalancedAllocationArgs(json: json)
            Issue.record("accepted \(json)")
        } catch let error as NodeResourcesArgsError {
            #expect(error.message == message)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
