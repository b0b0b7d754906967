import SwiftletAPI
import SwiftletModels
import Testing

@testable import SwiftletScheduler

@Suite struct NodeNameTests {
    static let nodes = ["n1", "n2", "n3"].map { Fixture.node($0) }

    struct Case: Sendable, CustomTestStringConvertible {
        var requested: String?
        var node: String
        var fits: Bool
        var testDescription: String { "\(requested ?? "<none>") on \(node)" }
    }

    @Test(arguments: [
        Case(requested: nil, node: "n1", fits: true),
        Case(requested: "", node: "n1", fits: true),
        Case(requested: "n1", node: "n1", fits: true),
        Case(requested: "n1", node: "n2", fits: false),
        Case(requested: "ghost", node: "n1", fits: false),
    ])
    func filterAcceptsOnlyTheNamedNode(_ c: Case) {
        let pod = PodInfo(Fixture.pod("p", nodeName: c.requested))
        let node = NodeInfo(Fixture.node(c.node))
        let status = NodePlugins.filter(NodeName(), pod: pod, node: node)
        if c.fits {
            #expect(status.code == .success || status.code == .skip)
        } else {
            #expect(status == .unresolvable("node(s) didn't match the requested node name"))
        }
    }

    @Test func preFilterSkipsPodsThatNameNoNode() {
        var state = CycleState()
        let status = NodeName().preFilter(
            pod: PodInfo(Fixture.pod("p")), snapshot: Snapshot(nodes: Self.nodes.map(NodeInfo.init)), state: &state)
        #expect(status == .skip)
    }

    @Test func readsTheSpecNotTheAssumedNode() {
        // Assumed on n1 by the cache, but the spec asks for n2.
        let pod = PodInfo(Fixture.pod("p", nodeName: "n2"), nodeName: "n1")
        #expect(NodeName().filter(pod: pod, node: NodeInfo(Fixture.node("n1")), state: CycleState()).isRejection)
        #expect(NodeName().filter(pod: pod, node: NodeInfo(Fixture.node("n2")), state: CycleState()).isSuccess)
    }

    @Test func podGoesToItsNamedNode() {
        var harness = NodePlugins.harness(Self.nodes)
        #expect(harness.nodeFor(Fixture.pod("pinned", nodeName: "n3")) == "n3")
    }

    @Test func podNamingAMissingNodeFitsNowhere() {
        var harness = NodePlugins.harness(Self.nodes)
        #expect(
            harness.failureFor(Fixture.pod("lost", nodeName: "ghost"))
                == "0/3 nodes are available: 3 node(s) didn't match the requested node name.")
    }
}
