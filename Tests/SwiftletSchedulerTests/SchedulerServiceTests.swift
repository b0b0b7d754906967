import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletModels
import SwiftletScheduler
import SwiftletTesting
import Testing

/// The scheduler service against an in-process API server: everything it
/// does, it does through the API.
@Suite("Scheduler service", .timeLimit(.minutes(2)))
struct SchedulerServiceTests {
    struct Cluster {
        let server: TestAPIServer
        let client: KubernetesClient
        let run: Task<Void, any Error>
        var pods: TypedResource<CoreV1.Pod> { client.resource(CoreV1.Pod.self, namespace: "default") }
        var nodes: TypedResource<CoreV1.Node> { client.resource(CoreV1.Node.self) }

        static func start(configuration: SchedulerConfiguration = SchedulerConfiguration()) async throws -> Cluster {
            let server = try await TestAPIServer.start()
            let client = try server.kubernetesClient(qps: 1000, burst: 2000)
            let scheduler = SchedulerService(client: client, configuration: configuration)
            return Cluster(server: server, client: client, run: Task { try await scheduler.run() })
        }

        func stop() async throws {
            run.cancel()
            _ = try? await run.value
            try await client.shutdown()
            await server.stop()
        }

        func nodeName(of pod: String) async throws -> String? {
            try await pods.get(pod).spec?.nodeName
        }

        func events(about pod: String) async throws -> [CoreV1.Event] {
            try await client.resource(CoreV1.Event.self, namespace: "default").list(
                ListOptions(fieldSelector: "involvedObject.name=\(pod)")
            ).items
        }
    }

    @Test func bindsPendingPodsSpreadingThemAndRecordsScheduledEvents() async throws {
        let cluster = try await Cluster.start()
        for name in ["a", "b", "c"] { _ = try await cluster.nodes.create(Fixture.node(name)) }
        for i in 0..<6 { _ = try await cluster.pods.create(Fixture.pod("p\(i)", cpu: "1", memory: "1Gi")) }
        #expect(
            try await eventually {
                try await cluster.pods.list().items.allSatisfy { $0.spec?.nodeName != nil }
            })
        // LeastAllocated and balanced allocation spread identical pods evenly.
        let placed = try await cluster.pods.list().items.compactMap { $0.spec?.nodeName }
        #expect(Dictionary(grouping: placed, by: { $0 }).mapValues(\.count) == ["a": 2, "b": 2, "c": 2])
        let p0 = try await cluster.pods.get("p0")
        let scheduled = p0.status?.conditions?.first { $0.type == "PodScheduled" }
        #expect(scheduled?.status == "True")
        #expect(
            try await eventually {
                try await cluster.events(about: "p0").contains {
                    $0.reason == "Scheduled"
                        && $0.message == "Successfully assigned default/p0 to \(p0.spec?.nodeName ?? "")"
                }
            })
        try await cluster.stop()
    }

    @Test func anUnschedulablePodSaysWhyAndLandsWhenANodeFits() async throws {
        let cluster = try await Cluster.start()
        _ = try await cluster.nodes.create(Fixture.node("small", cpu: "2"))
        _ = try await cluster.pods.create(Fixture.pod("big", cpu: "8"))
        let expected =
            "0/1 nodes are available: 1 Insufficient cpu. "
            + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."
        #expect(
            try await eventually {
                let condition = try await cluster.pods.get("big").status?.conditions?.first {
                    $0.type == "PodScheduled"
                }
                return condition?.status == "False" && condition?.reason == "Unschedulable"
                    && condition?.message == expected
            })
        #expect(
            try await eventually {
                try await cluster.events(about: "big").contains {
                    $0.reason == "FailedScheduling" && $0.type == "Warning" && $0.message == expected
                }
            })
        // A node that fits arrives: the waiting pod is moved back and bound.
        _ = try await cluster.nodes.create(Fixture.node("large", cpu: "16"))
        #expect(try await eventually { try await cluster.nodeName(of: "big") == "large" })
        try await cluster.stop()
    }

    @Test func podsOfOtherSchedulersAreLeftAlone() async throws {
        let cluster = try await Cluster.start()
        _ = try await cluster.nodes.create(Fixture.node("a"))
        _ = try await cluster.pods.create(Fixture.pod("theirs", schedulerName: "other-scheduler"))
        _ = try await cluster.pods.create(Fixture.pod("ours"))
        #expect(try await eventually { try await cluster.nodeName(of: "ours") == "a" })
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await cluster.nodeName(of: "theirs") == nil)
        try await cluster.stop()
    }

    @Test func aHigherPriorityPodPreemptsALowerOne() async throws {
        let cluster = try await Cluster.start()
        let classes = cluster.client.resource(SchedulingV1.PriorityClass.self)
        var high = SchedulingV1.PriorityClass()
        high.json[path: ["metadata"]] = ["name": "high"]
        high.json[path: ["value"]] = 1000
        _ = try await classes.create(high)
        _ = try await cluster.nodes.create(Fixture.node("only", cpu: "2"))
        _ = try await cluster.pods.create(Fixture.pod("low", cpu: "2"))
        #expect(try await eventually { try await cluster.nodeName(of: "low") == "only" })
        _ = try await cluster.pods.create(
            Fixture.pod("urgent", cpu: "2", spec: ["priorityClassName": "high"]))
        // Priority admission resolved the class to its number.
        #expect(try await cluster.pods.get("urgent").spec?.priority == 1000)
        // The victim is told why and deleted gracefully (or is already gone);
        // the preemptor is nominated to the node meanwhile.
        #expect(
            try await eventually {
                guard let low = try? await cluster.pods.get("low") else { return true }
                return low.metadata?.deletionTimestamp != nil
                    && low.status?.conditions?.contains {
                        $0.type == "DisruptionTarget" && $0.reason == "PreemptionByScheduler"
                    } == true
            })
        #expect(
            try await eventually {
                let urgent = try await cluster.pods.get("urgent")
                return urgent.status?.nominatedNodeName == "only" || urgent.spec?.nodeName == "only"
            })
        // The node confirms the victim is gone (what its agent does), and the
        // preemptor lands.
        _ = try? await cluster.pods.delete("low", options: DeleteOptions(gracePeriodSeconds: 0))
        #expect(try await eventually { try await cluster.nodeName(of: "urgent") == "only" })
        #expect(try await cluster.events(about: "low").contains { $0.reason == "Preempted" })
        try await cluster.stop()
    }

    @Test func priorityClassesResolveOnCreateAsUpstreamAdmissionDoes() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let classes = client.resource(SchedulingV1.PriorityClass.self)
        // The two system classes exist from the start.
        #expect(try await classes.get("system-node-critical").value == 2_000_001_000)
        #expect(try await classes.get("system-cluster-critical").value == 2_000_000_000)
        let pods = client.resource(CoreV1.Pod.self, namespace: "default")
        let critical = try await pods.create(
            Fixture.pod("critical", spec: ["priorityClassName": "system-cluster-critical"]))
        #expect(critical.spec?.priority == 2_000_000_000)
        #expect(critical.spec?.preemptionPolicy == "PreemptLowerPriority")
        let plain = try await pods.create(Fixture.pod("plain"))
        #expect(plain.spec?.priority == 0)
        await #expect(
            throws: KubernetesError.forbidden(
                "pods \"ghost\" is forbidden: no PriorityClass with name nosuch was found")
        ) {
            _ = try await pods.create(Fixture.pod("ghost", spec: ["priorityClassName": "nosuch"]))
        }
        // A global default class applies to pods that name none.
        var fallback = SchedulingV1.PriorityClass()
        fallback.json[path: ["metadata"]] = ["name": "fallback"]
        fallback.json[path: ["value"]] = 50
        fallback.json[path: ["globalDefault"]] = true
        _ = try await classes.create(fallback)
        let defaulted = try await pods.create(Fixture.pod("defaulted"))
        #expect(defaulted.spec?.priority == 50 && defaulted.spec?.priorityClassName == "fallback")
        try await client.shutdown()
        await server.stop()
    }

    @Test func aConfigurationFileShapesTheProfiles() async throws {
        let yaml = """
            apiVersion: kubescheduler.config.k8s.io/v1
            kind: KubeSchedulerConfiguration
            profiles:
            - schedulerName: default-scheduler
            - schedulerName: packer
              plugins:
                score:
                  disabled:
                  - name: NodeResourcesBalancedAllocation
              pluginConfig:
              - name: NodeResourcesFit
                args:
                  scoringStrategy:
                    type: MostAllocated
            """
        let configuration = try SchedulerConfiguration(text: yaml)
        #expect(configuration.profiles.map(\.schedulerName) == ["default-scheduler", "packer"])
        let cluster = try await Cluster.start(configuration: configuration)
        _ = try await cluster.nodes.create(Fixture.node("a"))
        _ = try await cluster.nodes.create(Fixture.node("b"))
        _ = try await cluster.pods.create(Fixture.pod("first", cpu: "1", schedulerName: "packer"))
        #expect(try await eventually { try await cluster.nodeName(of: "first") != nil })
        let first = try #require(try await cluster.nodeName(of: "first"))
        // MostAllocated packs the next pods onto the same node.
        for i in 0..<2 { _ = try await cluster.pods.create(Fixture.pod("next\(i)", cpu: "1", schedulerName: "packer")) }
        #expect(
            try await eventually {
                let next0 = try await cluster.nodeName(of: "next0")
                let next1 = try await cluster.nodeName(of: "next1")
                return next0 == first && next1 == first
            })
        try await cluster.stop()
    }

    @Test func badConfigurationFilesAreRefusedWithTheReason() {
        #expect(throws: SchedulerConfigurationError.self) {
            try SchedulerConfiguration(text: "apiVersion: v1\nkind: Pod\n")
        }
        let unknown = """
            apiVersion: kubescheduler.config.k8s.io/v1
            kind: KubeSchedulerConfiguration
            profiles:
            - plugins:
                filter:
                  enabled:
                  - name: NoSuchPlugin
            """
        #expect {
            try SchedulerConfiguration(text: unknown)
        } throws: { error in
            "\(error)".contains("plugin \"NoSuchPlugin\" does not exist")
        }
    }
}
