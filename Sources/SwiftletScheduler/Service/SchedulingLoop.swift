import SwiftletAPI
import SwiftletModels

/// The scheduler's state and its one-pod-at-a-time decisions: the cache,
/// the queue and a placer per profile. An actor so informer events and
/// scheduling cycles take turns; each cycle is pure CPU work over a
/// snapshot, and everything that talks to the API happens outside it.
actor SchedulingLoop {
    typealias Instant = ContinuousClock.Instant

    /// What a cycle decided, for the service to carry out through the API.
    enum Outcome: Sendable {
        case bind(PodInfo, node: String)
        case unschedulable(PodInfo, message: String, nomination: Nomination?)
    }

    /// Preemption's decision: evict these pods so the pod fits on the node.
    struct Nomination: Sendable {
        var nodeName: String
        var victims: [PodRef]
    }

    private var cache = SchedulerCache()
    private var queue = SchedulingQueue()
    private var placers: [String: PodPlacer]
    private let clock = ContinuousClock()
    private var waiter: CheckedContinuation<Void, Never>?

    init(profiles: [SchedulerProfile]) {
        placers = Dictionary(profiles.map { ($0.schedulerName, PodPlacer(profile: $0)) }) { first, _ in first }
    }

    func isOurs(_ pod: CoreV1.Pod) -> Bool {
        placers[pod.spec?.schedulerName ?? "default-scheduler"] != nil
    }

    // MARK: Informer events

    func apply(_ event: SchedulerInformerEvent) {
        let now = clock.now
        switch event {
        case .podUpserted(let pod, let old):
            applyPod(pod, old: old, now: now)
        case .podDeleted(let pod):
            let uid = pod.metadata?.uid ?? ""
            queue.remove(uid: uid)
            if pod.spec?.nodeName?.isEmpty == false || cache.isAssumed(uid: uid) {
                cache.removePod(uid: uid)
                queue.onClusterEvent(.assignedPodDeleted, now: now)
            }
        case .nodeUpserted(let node):
            if cache.upsertNode(node) { queue.onClusterEvent(.nodeChanged, now: now) }
        case .nodeDeleted(let name):
            cache.removeNode(named: name)
        case .namespaceUpserted(let name, let labels):
            cache.setNamespace(name, labels: labels)
            queue.onClusterEvent(.namespaceChanged, now: now)
        case .namespaceDeleted(let name):
            cache.setNamespace(name, labels: nil)
        case .claimUpserted(let key, let readWriteOncePod):
            cache.setClaim(key, readWriteOncePod: readWriteOncePod)
            queue.onClusterEvent(.claimChanged, now: now)
        case .claimDeleted(let key):
            cache.setClaim(key, readWriteOncePod: false)
            queue.onClusterEvent(.claimChanged, now: now)
        case .budgetUpserted(let budget):
            cache.upsertDisruptionBudget(budget)
        case .budgetDeleted(let namespace, let name):
            cache.removeDisruptionBudget(namespace: namespace, name: name)
        }
        wakeIfActive()
    }

    private func applyPod(_ pod: CoreV1.Pod, old: CoreV1.Pod?, now: Instant) {
        let uid = pod.metadata?.uid ?? ""
        if let nodeName = pod.spec?.nodeName, !nodeName.isEmpty {
            queue.remove(uid: uid)
            let finished = pod.status?.phase == "Succeeded" || pod.status?.phase == "Failed"
            cache.upsertBoundPod(pod)
            if finished {
                queue.onClusterEvent(.assignedPodDeleted, now: now)
            } else if old == nil || old?.spec?.nodeName != nodeName || old?.metadata?.labels != pod.metadata?.labels {
                queue.onClusterEvent(.assignedPodChanged, now: now)
            }
            return
        }
        // A pending pod. One we assumed is on its way to being bound: the
        // informer has not caught up yet.
        guard isOurs(pod), !cache.isAssumed(uid: uid) else { return }
        if pod.metadata?.deletionTimestamp != nil {
            queue.remove(uid: uid)
            return
        }
        let phase = pod.status?.phase
        if phase == "Succeeded" || phase == "Failed" { return }
        queue.add(PodInfo(pod), now: now)
    }

    // MARK: Scheduling

    /// Waits for a pod to be ready, places it, and says what to do.
    func nextOutcome() async -> Outcome? {
        while !Task.isCancelled {
            if let pod = queue.pop() {
                if let outcome = schedule(pod) { return outcome }
                continue
            }
            await withTaskCancellationHandler {
                await withCheckedContinuation { waiter = $0 }
            } onCancel: {
                Task { await self.wake() }
            }
        }
        return nil
    }

    private func schedule(_ pod: PodInfo) -> Outcome? {
        guard var placer = placers[pod.schedulerName] else {
            queue.done(uid: pod.uid)
            return nil
        }
        let now = clock.now
        let decision = placer.place(pod, in: cache.snapshot)
        placers[pod.schedulerName] = placer
        switch decision {
        case .node(let nodeName, _, _):
            cache.assume(pod, on: nodeName)
            queue.done(uid: pod.uid)
            return .bind(pod, node: nodeName)
        case .unschedulable(var failure):
            var nomination: Nomination?
            if let preemption = placer.profile.postFilter, failure.numAllNodes > 0 {
                switch preemption.postFilter(
                    pod: pod, snapshot: cache.snapshot, profile: placer.profile, failure: failure)
                {
                case .nominate(let nodeName, let victims):
                    nomination = Nomination(nodeName: nodeName, victims: victims)
                case .none(let message):
                    failure.postFilterMessage = message
                }
            }
            queue.requeueUnschedulable(uid: pod.uid, refusedBy: failure.rejectingPlugins, now: now)
            return .unschedulable(pod, message: failure.message, nomination: nomination)
        case .error:
            queue.requeueAfterError(uid: pod.uid, now: now)
            return nil
        }
    }

    /// The API refused the binding: give the room back and retry later.
    func bindingFailed(_ pod: PodInfo, podStillExists: Bool) {
        cache.forget(uid: pod.uid)
        let now = clock.now
        if podStillExists {
            queue.add(pod, now: now)
            queue.requeueAfterError(uid: pod.uid, now: now)
        }
        queue.onClusterEvent(.assignedPodDeleted, now: now)
    }

    /// Moves pods whose backoff ran out; called about once a second.
    func flush() {
        queue.flush(now: clock.now)
        wakeIfActive()
    }

    private func wakeIfActive() {
        if queue.activeCount > 0 { wake() }
    }

    private func wake() {
        waiter?.resume()
        waiter = nil
    }
}

/// What the informers tell the scheduling loop, in the order they saw it.
enum SchedulerInformerEvent: Sendable {
    case podUpserted(CoreV1.Pod, old: CoreV1.Pod?)
    case podDeleted(CoreV1.Pod)
    case nodeUpserted(CoreV1.Node)
    case nodeDeleted(String)
    case namespaceUpserted(String, labels: [String: String])
    case namespaceDeleted(String)
    case claimUpserted(String, readWriteOncePod: Bool)
    case claimDeleted(String)
    case budgetUpserted(DisruptionBudget)
    case budgetDeleted(namespace: String, name: String)
}
