/// Pods waiting to be scheduled, in upstream's three parts:
///
/// - **active**: ready now, highest priority first, then oldest;
/// - **backoff**: failed recently, wait 1 s doubling up to 10 s per attempt;
/// - **unschedulable**: fit nowhere; wait for a cluster event that concerns
///   a plugin that refused them, or five minutes at most.
///
/// A value type driven by its owner with explicit instants, so tests move
/// time by hand.
public struct SchedulingQueue: Sendable {
    public typealias Instant = ContinuousClock.Instant

    struct Entry: Sendable {
        var pod: PodInfo
        var attempts: Int = 0
        /// When the pod first entered the queue; orders equal priorities.
        var added: Instant
        var backoffUntil: Instant?
        var refusedBy: Set<String> = []
        var unschedulableSince: Instant?
        /// The scheduling cycle in which it was last popped.
        var poppedInCycle: Int64 = 0
        var sequence: Int64 = 0
    }

    public var initialBackoff: Duration = .seconds(1)
    public var maxBackoff: Duration = .seconds(10)
    /// The longest a pod waits in the unschedulable part without an event.
    public var maxUnschedulableWait: Duration = .seconds(300)

    private var entries: [String: Entry] = [:]
    private var activeHeap = Heap()
    private var backoff: Set<String> = []
    private var unschedulable: Set<String> = []
    private var inFlight: Set<String> = []
    /// Pods updated or re-added while being scheduled: requeue at once.
    private var changedInFlight: Set<String> = []
    private var sequence: Int64 = 0
    public private(set) var schedulingCycle: Int64 = 0
    /// The cycle of the latest event that moved pods: a pod refused in an
    /// older cycle may have missed it, so it goes to backoff, not to wait.
    private var moveRequestCycle: Int64 = -1

    public init() {}

    public var activeCount: Int { activeHeap.count }
    public var backoffCount: Int { backoff.count }
    public var unschedulableCount: Int { unschedulable.count }
    public func contains(uid: String) -> Bool { entries[uid] != nil }

    /// A new pending pod.
    public mutating func add(_ pod: PodInfo, now: Instant) {
        if entries[pod.uid] != nil {
            update(pod, now: now)
            return
        }
        entries[pod.uid] = Entry(pod: pod, added: now)
        pushActive(pod.uid)
    }

    /// A pending pod changed: keep its place, but a pod that was waiting
    /// as unschedulable gets another try (its spec may fit now).
    public mutating func update(_ pod: PodInfo, now: Instant) {
        guard var entry = entries[pod.uid] else {
            add(pod, now: now)
            return
        }
        entry.pod = pod
        entries[pod.uid] = entry
        if inFlight.contains(pod.uid) {
            changedInFlight.insert(pod.uid)
        } else if unschedulable.contains(pod.uid) {
            unschedulable.remove(pod.uid)
            moveToActiveOrBackoff(pod.uid, now: now)
        } else if activeHeap.contains(pod.uid) {
            pushActive(pod.uid)
        }
    }

    /// The pod was deleted or bound elsewhere.
    public mutating func remove(uid: String) {
        entries[uid] = nil
        activeHeap.remove(uid)
        backoff.remove(uid)
        unschedulable.remove(uid)
        inFlight.remove(uid)
        changedInFlight.remove(uid)
    }

    /// The next pod to schedule, or nil when nothing is active.
    public mutating func pop() -> PodInfo? {
        while let uid = activeHeap.popFirst() {
            guard var entry = entries[uid] else { continue }
            schedulingCycle += 1
            entry.poppedInCycle = schedulingCycle
            entries[uid] = entry
            inFlight.insert(uid)
            return entry.pod
        }
        return nil
    }

    /// The pod was placed (or bound): it leaves the queue.
    public mutating func done(uid: String) {
        remove(uid: uid)
    }

    /// The pod fit nowhere; `refusedBy` names the plugins that said no.
    public mutating func requeueUnschedulable(uid: String, refusedBy: Set<String>, now: Instant) {
        guard var entry = entries[uid], inFlight.remove(uid) != nil else { return }
        entry.attempts += 1
        entry.refusedBy = refusedBy
        entry.backoffUntil = now + backoffDuration(attempts: entry.attempts)
        entries[uid] = entry
        if changedInFlight.remove(uid) != nil || moveRequestCycle >= entry.poppedInCycle {
            // Something changed while it was being scheduled: try again soon.
            moveToActiveOrBackoff(uid, now: now)
        } else {
            entry.unschedulableSince = now
            entries[uid] = entry
            unschedulable.insert(uid)
        }
    }

    /// Scheduling or binding failed for a reason that is not the pod's:
    /// try again after backoff.
    public mutating func requeueAfterError(uid: String, now: Instant) {
        guard var entry = entries[uid] else { return }
        inFlight.remove(uid)
        changedInFlight.remove(uid)
        entry.attempts += 1
        entry.backoffUntil = now + backoffDuration(attempts: entry.attempts)
        entries[uid] = entry
        activeHeap.remove(uid)
        unschedulable.remove(uid)
        backoff.insert(uid)
    }

    /// Moves pods refused by a plugin this event concerns out of waiting.
    public mutating func onClusterEvent(_ event: ClusterEvent, now: Instant) {
        moveRequestCycle = schedulingCycle
        let concerned = event.concernedPlugins
        for uid in unschedulable {
            guard let entry = entries[uid] else { continue }
            if entry.refusedBy.isEmpty || !entry.refusedBy.isDisjoint(with: concerned) {
                unschedulable.remove(uid)
                moveToActiveOrBackoff(uid, now: now)
            }
        }
    }

    /// Moves pods whose backoff is over to active, and pods that waited as
    /// unschedulable too long to active or backoff. Call about every second.
    public mutating func flush(now: Instant) {
        for uid in backoff {
            guard let entry = entries[uid] else {
                backoff.remove(uid)
                continue
            }
            if (entry.backoffUntil ?? now) <= now {
                backoff.remove(uid)
                pushActive(uid)
            }
        }
        for uid in unschedulable {
            guard let since = entries[uid]?.unschedulableSince else { continue }
            if now - since >= maxUnschedulableWait {
                unschedulable.remove(uid)
                moveToActiveOrBackoff(uid, now: now)
            }
        }
    }

    func backoffDuration(attempts: Int) -> Duration {
        var duration = initialBackoff
        for _ in 1..<max(attempts, 1) {
            duration *= 2
            if duration >= maxBackoff { return maxBackoff }
        }
        return min(duration, maxBackoff)
    }

    private mutating func moveToActiveOrBackoff(_ uid: String, now: Instant) {
        guard let entry = entries[uid] else { return }
        if let until = entry.backoffUntil, until > now {
            backoff.insert(uid)
        } else {
            pushActive(uid)
        }
    }

    private mutating func pushActive(_ uid: String) {
        sequence += 1
        activeHeap.push(uid, sequence: sequence, priority: entries[uid].map { (Int64($0.pod.priority), $0.added) })
    }
}
