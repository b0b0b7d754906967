import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletModels
import SwiftletScheduler
import SwiftletTesting
import Testing

/// Placement rules end to end through the API: the service reads nodes and
/// pods from an in-process server and binds there.
@Suite("Scheduler placement through the API", .timeLimit(.minutes(2)))
struct SchedulerIntegrationTests {
    typealias Cluster = SchedulerServiceTests.Cluster

    func condition(_ cluster: Cluster, _ pod: String) async throws -> CoreV1.PodCondition? {
        try await cluster.pods.get(pod).status?.conditions?.first { $0.type == "PodScheduled" }
    }

    @Test func antiAffinityKeepsOnePodPerHostAndTheNextWaits() async throws {
        let cluster = try await Cluster.start()
        for name in ["h1", "h2", "h3"] { _ = try await cluster.nodes.create(Fixture.node(name)) }
        let antiAffinity: JSONObject = [
            "affinity": [
                "podAntiAffinity": [
                    "requiredDuringSchedulingIgnoredDuringExecution": [
                        ["labelSelector": ["matchLabels": ["app": "db"]], "topologyKey": "kubernetes.io/hostname"]
                    ]
                ]
            ]
        ]
        for i in 0..<4 {
            _ = try await cluster.pods.create(Fixture.pod("db-\(i)", labels: ["app": "db"], spec: antiAffinity))
        }
        #expect(
            try await eventually {
                let bound = try await cluster.pods.list().items.compactMap { $0.spec?.nodeName }
                return Set(bound) == ["h1", "h2", "h3"] && bound.count == 3
            })
        let waiting = try await cluster.pods.list().items.first { $0.spec?.nodeName == nil }
        let name = try #require(waiting?.metadata?.name)
        #expect(
            try await eventually {
                try await condition(cluster, name)?.message
                    == "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. "
                    + "preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."
            })
        try await cluster.stop()
    }

    @Test func podAffinityFollowsItsPeerIntoTheZone() async throws {
        let cluster = try await Cluster.start()
        for (name, zone) in [("a1", "a"), ("a2", "a"), ("b1", "b"), ("b2", "b")] {
            _ = try await cluster.nodes.create(Fixture.node(name, labels: ["topology.kubernetes.io/zone": zone]))
        }
        _ = try await cluster.pods.create(Fixture.pod("cache", labels: ["app": "cache"], nodeName: "b2"))
        let affinity: JSONObject = [
            "affinity": [
                "podAffinity": [
                    "requiredDuringSchedulingIgnoredDuringExecution": [
                        [
                            "labelSelector": ["matchLabels": ["app": "cache"]],
                            "topologyKey": "topology.kubernetes.io/zone",
                        ]
                    ]
                ]
            ]
        ]
        for i in 0..<4 { _ = try await cluster.pods.create(Fixture.pod("web-\(i)", spec: affinity)) }
        #expect(
            try await eventually {
                let web = try await cluster.pods.list(ListOptions(labelSelector: "app!=cache")).items
                return web.count == 4 && web.allSatisfy { ["b1", "b2"].contains($0.spec?.nodeName ?? "") }
            })
        try await cluster.stop()
    }

    @Test func topologySpreadBalancesZones() async throws {
        let cluster = try await Cluster.start()
        for (name, zone) in [("a1", "a"), ("a2", "a"), ("a3", "a"), ("b1", "b"), ("c1", "c")] {
            _ = try await cluster.nodes.create(Fixture.node(name, labels: ["topology.kubernetes.io/zone": zone]))
        }
        let spread: JSONObject = [
            "topologySpreadConstraints": [
                [
                    "maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "DoNotSchedule",
                    "labelSelector": ["matchLabels": ["app": "web"]],
                ]
            ]
        ]
        for i in 0..<6 {
            _ = try await cluster.pods.create(Fixture.pod("web-\(i)", labels: ["app": "web"], spec: spread))
        }
        #expect(
            try await eventually {
                try await cluster.pods.list().items.allSatisfy { $0.spec?.nodeName != nil }
            })
        let zones = try await cluster.pods.list().items.compactMap { $0.spec?.nodeName?.prefix(1) }.map(String.init)
        #expect(Dictionary(grouping: zones, by: { $0 }).mapValues(\.count) == ["a": 2, "b": 2, "c": 2])
        try await cluster.stop()
    }

    @Test func taintsKeepPodsAwayUnlessTolerated() async throws {
        let cluster = try await Cluster.start()
        _ = try await cluster.nodes.create(Fixture.node("gpu", taints: [Fixture.taint("dedicated", "gpu")]))
        _ = try await cluster.pods.create(Fixture.pod("plain"))
        #expect(
            try await eventually {
                try await condition(cluster, "plain")?.message?.hasPrefix(
                    "0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}.") == true
            })
        _ = try await cluster.pods.create(
            Fixture.pod(
                "trainer",
                spec: [
                    "tolerations": [["key": "dedicated", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"]]
                ]
            ))
        #expect(try await eventually { try await cluster.nodeName(of: "trainer") == "gpu" })
        #expect(try await cluster.nodeName(of: "plain") == nil)
        // Removing the taint lets the waiting pod in.
        _ = try await cluster.nodes.patch("gpu", .merge(["spec": ["taints": .null]]))
        #expect(try await eventually { try await cluster.nodeName(of: "plain") == "gpu" })
        try await cluster.stop()
    }

    @Test func onlyTheLeaseHolderSchedulesAndAnotherTakesOver() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient(qps: 1000, burst: 2000)
        func election(_ identity: String) -> LeaderElector.Configuration {
            var configuration = LeaderElector.Configuration(leaseName: "kube-scheduler", identity: identity)
            // Short enough for a quick hand-over, long enough that a loaded
            // machine does not make the holder miss its renewals.
            configuration.leaseDuration = .seconds(6)
            configuration.renewDeadline = .seconds(4)
            configuration.retryPeriod = .milliseconds(200)
            return configuration
        }
        let first = Task { try await SchedulerService(client: client, leaderElection: election("first")).run() }
        let leases = client.resource(CoordinationV1.Lease.self, namespace: "kube-system")
        #expect(try await eventually { (try? await leases.get("kube-scheduler"))?.spec?.holderIdentity == "first" })
        let second = Task { try await SchedulerService(client: client, leaderElection: election("second")).run() }
        let pods = client.resource(CoreV1.Pod.self, namespace: "default")
        _ = try await client.resource(CoreV1.Node.self).create(Fixture.node("n1"))
        _ = try await pods.create(Fixture.pod("one"))
        #expect(try await eventually { try await pods.get("one").spec?.nodeName == "n1" })
        #expect(try await leases.get("kube-scheduler").spec?.holderIdentity == "first")
        first.cancel()
        _ = try? await first.value
        #expect(try await eventually { try await leases.get("kube-scheduler").spec?.holderIdentity == "second" })
        _ = try await pods.create(Fixture.pod("two"))
        #expect(try await eventually { try await pods.get("two").spec?.nodeName == "n1" })
        second.cancel()
        _ = try? await second.value
        try await client.shutdown()
        await server.stop()
    }
}
