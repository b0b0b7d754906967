import SwiftletAPI
import SwiftletModels
import Testing

@testable import SwiftletScheduler

@Suite struct NodePortsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var used: JSONValue
        var wanted: JSONValue
        var conflict: Bool
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(
            name: "same wildcard port", used: NodePlugins.port(80), wanted: NodePlugins.port(80), conflict: true),
        Case(
            name: "wildcard used, specific wanted", used: NodePlugins.port(80, ip: "0.0.0.0"),
            wanted: NodePlugins.port(80, ip: "127.0.0.1"), conflict: true),
        Case(
            name: "specific used, wildcard wanted", used: NodePlugins.port(80, ip: "10.0.0.1"),
            wanted: NodePlugins.port(80), conflict: true),
        Case(
            name: "same specific address", used: NodePlugins.port(80, ip: "10.0.0.1"),
            wanted: NodePlugins.port(80, ip: "10.0.0.1"), conflict: true),
        Case(
            name: "different specific addresses", used: NodePlugins.port(80, ip: "10.0.0.1"),
            wanted: NodePlugins.port(80, ip: "10.0.0.2"), conflict: false),
        Case(
            name: "UDP beside TCP", used: NodePlugins.port(53, protocol: "UDP"),
            wanted: NodePlugins.port(53, protocol: "TCP"), conflict: false),
        Case(
            name: "protocol defaults to TCP", used: NodePlugins.port(53, protocol: "TCP"),
            wanted: NodePlugins.port(53), conflict: true),
        Case(
            name: "SCTP twice", used: NodePlugins.port(9000, protocol: "SCTP"),
            wanted: NodePlugins.port(9000, ip: "10.0.0.1", protocol: "SCTP"), conflict: true),
        Case(name: "other port", used: NodePlugins.port(80), wanted: NodePlugins.port(8080), conflict: false),
        Case(
            name: "container port without host port", used: NodePlugins.port(nil), wanted: NodePlugins.port(nil),
            conflict: false),
    ])
    func hostPortConflicts(_ c: Case) {
        var node = NodeInfo(Fixture.node("n1"))
        node.add(PodInfo(Fixture.pod("web", ports: [c.used], nodeName: "n1")))
        let pod = PodInfo(Fixture.pod("p", ports: [c.wanted]))
        let status = NodePlugins.filter(NodePorts(), pod: pod, node: node)
        if c.conflict {
            #expect(status == .unschedulable("node(s) didn't have free ports for the requested pod ports"))
        } else {
            #expect(status.code == .success || status.code == .skip)
        }
    }

    @Test func podWithoutHostPortsSkips() {
        var state = CycleState()
        let pod = PodInfo(Fixture.pod("p", ports: [NodePlugins.port(nil)]))
        #expect(NodePorts().preFilter(pod: pod, snapshot: Snapshot(), state: &state) == .skip)
    }

    @Test func anyWantedPortClashing() {
        var node = NodeInfo(Fixture.node("n1"))
        node.add(PodInfo(Fixture.pod("dns", ports: [NodePlugins.port(53, protocol: "UDP")], nodeName: "n1")))
        let pod = PodInfo(
            Fixture.pod("p", ports: [NodePlugins.port(80), NodePlugins.port(53, ip: "10.0.0.5", protocol: "UDP")]))
        #expect(NodePlugins.filter(NodePorts(), pod: pod, node: node).code == .unschedulable)
    }

    @Test func hostPortSpreadsPodsAndThenRunsOut() {
        var harness = NodePlugins.harness([Fixture.node("n1"), Fixture.node("n2")])
        let first = harness.nodeFor(Fixture.pod("ingress-0", ports: [NodePlugins.port(443)]))
        let second = harness.nodeFor(Fixture.pod("ingress-1", ports: [NodePlugins.port(443)]))
        #expect(first != nil && second != nil && first != second)
        // The same port over another protocol is still free.
        #expect(harness.nodeFor(Fixture.pod("local", ports: [NodePlugins.port(443, protocol: "UDP")])) != nil)
        #expect(
            harness.failureFor(Fixture.pod("ingress-2", ports: [NodePlugins.port(443)]))
                == "0/2 nodes are available: 2 node(s) didn't have free ports for the requested pod ports.")
    }
}
