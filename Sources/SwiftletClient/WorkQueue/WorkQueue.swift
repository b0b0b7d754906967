/// A controller's work queue, with client-go's semantics (`workqueue.Typed`,
/// its delaying and rate-limiting layers) as one actor.
///
/// Three sets make it safe for many workers:
/// - `queue`: the order in which keys are handed out; every key in it is
///   dirty and none is being processed;
/// - `dirty`: keys that need processing, so adding a key twice is a no-op;
/// - `processing`: keys handed out by `get()` and not yet `done(_:)`. A key
///   added while it is processed waits in `dirty` and is queued again by
///   `done(_:)`, so no key is ever processed by two workers at once.
///
/// After a shutdown new keys are ignored, keys already queued are still
/// handed out (as upstream), and `get()` returns nil once the queue is empty.
/// Delayed and rate-limited adds sleep on the injected clock.
public actor WorkQueue<Key: Hashable & Sendable, C: Clock> where C.Duration == Duration {
    let clock: C
    let rateLimiter: any WorkQueueRateLimiter<Key>

    var queue = KeyFIFO<Key>()
    var dirty: Set<Key> = []
    var processing: Set<Key> = []

    var shuttingDown = false
    /// Whether a `shutDownWithDrain()` is waiting for `processing` to empty.
    var drain = false

    var getWaiters: [(id: Int, continuation: CheckedContinuation<Key?, Never>)] = []
    var drainWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
    var nextWaiterID = 0

    /// Delayed adds: when each waiting key becomes ready, and the same in
    /// deadline order (entries whose key has since become ready earlier are
    /// stale and skipped).
    var waiting: [Key: C.Instant] = [:]
    var deadlines = DeadlineHeap<C.Instant, Key>()
    var timer: DelayTimer?
    var timerGeneration = 0

    public init(clock: C, rateLimiter: some WorkQueueRateLimiter<Key>) {
        self.clock = clock
        self.rateLimiter = rateLimiter
    }

    /// A queue whose rate-limited adds use `DefaultControllerRateLimiter`.
    public init(clock: C) {
        self.init(clock: clock, rateLimiter: DefaultControllerRateLimiter<Key>(clock: clock))
    }

    deinit {
        timer?.task.cancel()
    }

    /// How many keys wait to be handed out (not counting keys being processed
    /// or delayed). For information only.
    public var len: Int { queue.count }

    public var isShuttingDown: Bool { shuttingDown }

    /// How many `get()` callers are suspended waiting for a key. For
    /// information (and tests) only.
    public var idleWorkers: Int { getWaiters.count }

    /// Marks `key` as needing processing. Does nothing if it already waits,
    /// and defers it until `done(_:)` if it is being processed.
    public func add(_ key: Key) {
        guard !shuttingDown, !dirty.contains(key) else { return }
        dirty.insert(key)
        guard !processing.contains(key) else { return }
        queue.append(key)
        handOutToWaiters()
    }

    /// Waits for a key and marks it as being processed; the caller must call
    /// `done(_:)` with it. Returns nil once the queue is shut down and empty,
    /// or when the calling task is cancelled.
    public func get() async -> Key? {
        if Task.isCancelled { return nil }
        if let key = takeNext() { return key }
        if shuttingDown { return nil }
        let id = makeWaiterID()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Key?, Never>) in
                if Task.isCancelled {
                    continuation.resume(returning: nil)
                } else {
                    getWaiters.append((id, continuation))
                }
            }
        } onCancel: {
            Task { await self.cancelGet(id) }
        }
    }

    /// Ends processing of `key`; if it was added meanwhile, queues it again.
    /// Calling it for a key that is not being processed does nothing.
    public func done(_ key: Key) {
        guard processing.remove(key) != nil else { return }
        if dirty.contains(key) {
            queue.append(key)
            handOutToWaiters()
        }
        if processing.isEmpty { resumeDrainWaiters() }
    }

    /// Moves the next queued key to `processing`.
    func takeNext() -> Key? {
        guard let key = queue.popFirst() else { return nil }
        dirty.remove(key)
        processing.insert(key)
        return key
    }

    /// Gives queued keys to suspended `get()` callers, oldest caller first.
    func handOutToWaiters() {
        while !getWaiters.isEmpty, let key = takeNext() {
            getWaiters.removeFirst().continuation.resume(returning: key)
        }
    }

    func makeWaiterID() -> Int {
        defer { nextWaiterID += 1 }
        return nextWaiterID
    }

    private func cancelGet(_ id: Int) {
        guard let index = getWaiters.firstIndex(where: { $0.id == id }) else { return }
        getWaiters.remove(at: index).continuation.resume(returning: nil)
    }
}
