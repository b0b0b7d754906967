import Foundation
import Logging
import ServiceLifecycle
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels

/// The scheduler as a long-running service: informers feed the scheduling
/// loop; the loop decides; this service carries the decisions out through
/// the API (bindings, pod conditions, preemption, events). Only the leader
/// of `kube-system/kube-scheduler` schedules; every copy keeps its cache warm.
public final class SchedulerService: Service, Sendable {
    let client: KubernetesClient
    let configuration: SchedulerConfiguration
    let leaderElection: LeaderElector.Configuration?
    let logger: Logger
    let events: EventRecorder
    /// Bindings (and failure reports) in flight at once.
    let maxConcurrentWrites: Int

    public init(
        client: KubernetesClient, configuration: SchedulerConfiguration = SchedulerConfiguration(),
        leaderElection: LeaderElector.Configuration? = nil, maxConcurrentWrites: Int = 32,
        logger: Logger = Logger(label: "swiftlet.scheduler")
    ) {
        self.client = client
        self.configuration = configuration
        self.leaderElection = leaderElection
        self.maxConcurrentWrites = maxConcurrentWrites
        self.logger = logger
        self.events = EventRecorder(client: client, component: "default-scheduler")
    }

    public func run() async throws {
        let loop = SchedulingLoop(profiles: configuration.profiles)
        let informers = SharedInformerFactory(client: client)
        let (stream, sink) = AsyncStream.makeStream(of: SchedulerInformerEvent.self)
        let sources = Self.register(informers: informers, sink: sink)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await informers.run() }
            group.addTask {
                for await event in stream { await loop.apply(event) }
            }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: .seconds(1))
                    await loop.flush()
                }
            }
            group.addTask {
                for source in sources { await source.waitForSync() }
                self.logger.info("scheduler caches synced")
                let schedule: @Sendable () async throws -> Void = { await self.scheduleUntilCancelled(loop) }
                if let leaderElection = self.leaderElection {
                    try await LeaderElector(client: self.client, configuration: leaderElection).run(lead: schedule)
                } else {
                    try await schedule()
                }
            }
            try await group.next()
            group.cancelAll()
        }
        sink.finish()
    }

    /// Takes decisions from the loop and carries them out, a bounded number
    /// at a time so a burst of pods does not open thousands of requests.
    func scheduleUntilCancelled(_ loop: SchedulingLoop) async {
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            while let outcome = await loop.nextOutcome() {
                if running >= maxConcurrentWrites {
                    await group.next()
                    running -= 1
                }
                running += 1
                group.addTask { await self.carryOut(outcome, loop: loop) }
            }
            group.cancelAll()
        }
    }

    func carryOut(_ outcome: SchedulingLoop.Outcome, loop: SchedulingLoop) async {
        switch outcome {
        case .bind(let pod, let nodeName):
            do {
                try await client.resource(CoreV1.Pod.self, namespace: pod.namespace).bind(pod.name, toNode: nodeName)
                await events.record(
                    pod.pod, reason: "Scheduled",
                    message: "Successfully assigned \(pod.namespace)/\(pod.name) to \(nodeName)", action: "Binding")
            } catch {
                let gone = (error as? KubernetesError)?.isNotFound ?? false
                logger.warning("binding \(pod.namespace)/\(pod.name) to \(nodeName) failed: \(error)")
                await loop.bindingFailed(pod, podStillExists: !gone)
            }
        case .unschedulable(let pod, let message, let nomination):
            await reportUnschedulable(pod, message: message)
            if let nomination { await preempt(for: pod, nomination) }
        }
    }

    /// Sets `PodScheduled=False` with the reasons (unless it already says
    /// so) and records a FailedScheduling event, as upstream does.
    func reportUnschedulable(_ pod: PodInfo, message: String) async {
        let current = pod.pod.status?.conditions?.first { $0.type == "PodScheduled" }
        if current?.status != "False" || current?.reason != "Unschedulable" || current?.message != message {
            let condition: JSONValue = [
                "type": "PodScheduled", "status": "False", "reason": "Unschedulable", "message": .string(message),
                "lastProbeTime": .null, "lastTransitionTime": .string(Timestamp.rfc3339(Date())),
            ]
            _ = try? await client.resource(CoreV1.Pod.self, namespace: pod.namespace).patchStatus(
                pod.name, .strategic(["status": ["conditions": [condition]]]))
        }
        await events.record(pod.pod, type: .warning, reason: "FailedScheduling", message: message, action: "Scheduling")
    }

    /// Nominates the node on the preemptor and deletes the victims; the
    /// preemptor is scheduled again when they are gone.
    func preempt(for pod: PodInfo, _ nomination: SchedulingLoop.Nomination) async {
        let pods = client.resource(CoreV1.Pod.self, namespace: pod.namespace)
        _ = try? await pods.patchStatus(
            pod.name, .merge(["status": ["nominatedNodeName": .string(nomination.nodeName)]]))
        for victim in nomination.victims {
            let victims = client.resource(CoreV1.Pod.self, namespace: victim.namespace)
            let condition: JSONValue = [
                "type": "DisruptionTarget", "status": "True", "reason": "PreemptionByScheduler",
                "message": .string("default-scheduler: preempting to accommodate a higher priority pod"),
                "lastTransitionTime": .string(Timestamp.rfc3339(Date())),
            ]
            _ = try? await victims.patchStatus(victim.name, .strategic(["status": ["conditions": [condition]]]))
            do {
                _ = try await victims.delete(victim.name, options: DeleteOptions(preconditionUID: victim.uid))
                var victimObject = CoreV1.Pod()
                victimObject.json[path: ["metadata"]] = [
                    "name": .string(victim.name), "namespace": .string(victim.namespace), "uid": .string(victim.uid),
                ]
                await events.record(
                    victimObject, reason: "Preempted",
                    message: "Preempted by pod \(pod.uid) on node \(nomination.nodeName)", action: "Preempting")
            } catch {
                logger.warning("preempting \(victim.namespace)/\(victim.name) failed: \(error)")
            }
        }
    }

    /// The informers the scheduler reads, each turning changes into loop events.
    static func register(
        informers: SharedInformerFactory, sink: AsyncStream<SchedulerInformerEvent>.Continuation
    ) -> [any SharedInformer] {
        let pods = informers.informer(for: CoreV1.Pod.self)
        pods.addHandler(
            EventHandler(
                onAdd: { sink.yield(.podUpserted($0, old: nil)) },
                onUpdate: { old, new in sink.yield(.podUpserted(new, old: old)) },
                onDelete: { sink.yield(.podDeleted($0)) }))
        let nodes = informers.informer(for: CoreV1.Node.self)
        nodes.addHandler(
            EventHandler(
                onAdd: { sink.yield(.nodeUpserted($0)) },
                onUpdate: { _, new in sink.yield(.nodeUpserted(new)) },
                onDelete: { sink.yield(.nodeDeleted($0.metadata?.name ?? "")) }))
        let namespaces = informers.informer(for: CoreV1.Namespace.self)
        namespaces.addHandler(
            EventHandler(
                onAdd: { sink.yield(.namespaceUpserted($0.metadata?.name ?? "", labels: $0.metadata?.labels ?? [:])) },
                onUpdate: { old, new in
                    if old.metadata?.labels != new.metadata?.labels {
                        sink.yield(.namespaceUpserted(new.metadata?.name ?? "", labels: new.metadata?.labels ?? [:]))
                    }
                },
                onDelete: { sink.yield(.namespaceDeleted($0.metadata?.name ?? "")) }))
        let claims = informers.informer(for: CoreV1.PersistentVolumeClaim.self)
        @Sendable func claimKey(_ claim: CoreV1.PersistentVolumeClaim) -> String {
            "\(claim.metadata?.namespace ?? "")/\(claim.metadata?.name ?? "")"
        }
        @Sendable func isReadWriteOncePod(_ claim: CoreV1.PersistentVolumeClaim) -> Bool {
            claim.spec?.accessModes?.contains("ReadWriteOncePod") ?? false
        }
        claims.addHandler(
            EventHandler(
                onAdd: { sink.yield(.claimUpserted(claimKey($0), readWriteOncePod: isReadWriteOncePod($0))) },
                onUpdate: { _, new in
                    sink.yield(.claimUpserted(claimKey(new), readWriteOncePod: isReadWriteOncePod(new)))
                },
                onDelete: { sink.yield(.claimDeleted(claimKey($0))) }))
        let budgets = informers.informer(for: PolicyV1.PodDisruptionBudget.self)
        @Sendable func budget(_ pdb: PolicyV1.PodDisruptionBudget) -> DisruptionBudget {
            DisruptionBudget(
                namespace: pdb.metadata?.namespace ?? "", name: pdb.metadata?.name ?? "",
                selector: pdb.spec?.selector.map { (try? LabelSelector(json: $0.json)) ?? .nothing } ?? .nothing,
                disruptionsAllowed: Int64(pdb.status?.disruptionsAllowed ?? 0),
                disruptedPods: Set((pdb.status?.disruptedPods ?? [:]).keys))
        }
        budgets.addHandler(
            EventHandler(
                onAdd: { sink.yield(.budgetUpserted(budget($0))) },
                onUpdate: { _, new in sink.yield(.budgetUpserted(budget(new))) },
                onDelete: {
                    sink.yield(.budgetDeleted(namespace: $0.metadata?.namespace ?? "", name: $0.metadata?.name ?? ""))
                }))
        return [pods, nodes, namespaces, claims, budgets]
    }
}
