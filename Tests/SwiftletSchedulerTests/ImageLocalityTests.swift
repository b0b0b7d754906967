import SwiftletAPI
import SwiftletModels
import Testing

@testable import SwiftletScheduler

private let mb: Int64 = 1024 * 1024

@Suite struct ImageLocalityTests {
    @Test(arguments: [
        ("nginx", "nginx:latest"),
        ("nginx:1.25", "nginx:1.25"),
        ("docker.io/library/nginx", "docker.io/library/nginx:latest"),
        ("registry:5000/team/app", "registry:5000/team/app:latest"),
        ("registry:5000/team/app:v2", "registry:5000/team/app:v2"),
        ("nginx@sha256:0123abcd", "nginx@sha256:0123abcd"),
    ])
    func normalizedImageName(_ spec: String, _ expected: String) {
        #expect(ImageLocality.normalizedImageName(spec) == expected)
    }

    /// A pod whose containers (init containers first) use these images.
    static func pod(_ name: String, images: [String], initImages: [String] = []) -> PodInfo {
        let containers = images.enumerated().map { i, image -> JSONValue in
            ["name": .string("c\(i)"), "image": .string(image)]
        }
        let initContainers = initImages.enumerated().map { i, image -> JSONValue in
            ["name": .string("init\(i)"), "image": .string(image)]
        }
        var spec: JSONObject = ["containers": .array(containers)]
        if !initContainers.isEmpty { spec["initContainers"] = .array(initContainers) }
        return PodInfo(Fixture.pod(name, spec: spec))
    }

    static func node(_ name: String, _ images: [(names: [String], sizeBytes: Int64)] = []) -> NodeInfo {
        NodeInfo(Fixture.node(name, images: images))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var images: [String]
        var initImages: [String] = []
        var nodes: [NodeInfo]
        var scores: [Int64]?
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(
            name: "500 MiB on one node of three: spread 1/3",
            images: ["registry.local/app:1"],
            nodes: [node("n1"), node("n2", [(["registry.local/app:1"], 500 * mb)]), node("n3")],
            scores: [0, 14, 0]),
        Case(
            name: "300 MiB on two nodes of three: spread 2/3",
            images: ["registry.local/app:1"],
            nodes: [
                node("n1", [(["registry.local/app:1"], 300 * mb)]), node("n2", [(["registry.local/app:1"], 300 * mb)]),
                node("n3"),
            ], scores: [18, 18, 0]),
        Case(
            name: "below 23 MiB counts for nothing", images: ["busybox:1"],
            nodes: [node("n1", [(["busybox:1"], 5 * mb)]), node("n2", [(["busybox:1"], 5 * mb)])], scores: [0, 0]),
        Case(
            name: "above the per-container maximum scores 100", images: ["cuda:12"],
            nodes: [node("n1", [(["cuda:12"], 4000 * mb)])], scores: [100]),
        Case(
            name: "the maximum grows with the containers", images: ["app:1", "sidecar:1"],
            nodes: [node("n1", [(["app:1"], 800 * mb)])], scores: [39]),
        Case(
            name: "init containers count", images: ["app:1"], initImages: ["tools:1"],
            nodes: [node("n1", [(["tools:1"], 800 * mb)]), node("n2", [(["app:1"], 800 * mb)])],
            scores: [19, 19]),
        Case(
            name: "any of a node's names for the image matches", images: ["nginx"],
            nodes: [node("n1", [(["docker.io/library/nginx:latest", "nginx:latest"], 500 * mb)])], scores: [48]),
        Case(
            name: "a short name does not match a fully qualified one", images: ["nginx:1.25"],
            nodes: [node("n1", [(["docker.io/library/nginx:1.25"], 500 * mb)])], scores: nil),
        Case(
            name: "no node holds the image: skip", images: ["app:1"], nodes: [node("n1"), node("n2")], scores: nil),
    ])
    func score(_ c: Case) {
        let pod = Self.pod("p", images: c.images, initImages: c.initImages)
        #expect(NodePlugins.scores(ImageLocality(), pod: pod, nodes: c.nodes) == c.scores)
    }

    @Test func spreadUsesEveryNodeOfTheSnapshotNotJustTheFeasibleOnes() {
        let nodes = [
            Self.node("n1", [(["app:1"], 500 * mb)]), Self.node("n2", [(["app:1"], 500 * mb)]), Self.node("n3"),
        ]
        var state = CycleState()
        let pod = Self.pod("p", images: ["app:1"])
        let plugin = ImageLocality()
        _ = plugin.preScore(pod: pod, nodes: [nodes[0]], snapshot: Snapshot(nodes: nodes), state: &state)
        // 500 MiB * 2/3 = 333 MiB: (333 - 23) / 977.
        #expect(plugin.score(pod: pod, node: nodes[0], state: state) == 31)
    }

    @Test func podGoesWhereItsImageIs() {
        var harness = NodePlugins.harness([
            Fixture.node("n1", images: [(["registry.local/other:1"], 900 * mb)]),
            Fixture.node("n2", images: [(["registry.local/app:1", "registry.local/app@sha256:feed"], 600 * mb)]),
            Fixture.node("n3"),
        ])
        #expect(harness.nodeFor(Fixture.pod("p", image: "registry.local/app:1")) == "n2")
        #expect(harness.nodeFor(Fixture.pod("q", image: "registry.local/other:1")) == "n1")
    }
}
