extension WorkQueue {
    /// Adds `key` after the delay the rate limiter gives it (one more
    /// failure for the key).
    public func addRateLimited(_ key: Key) {
        addAfter(key, delay: rateLimiter.when(key))
    }

    /// Tells the rate limiter to stop tracking `key` (call it once a key is
    /// handled successfully); it does not remove the key from the queue.
    public nonisolated func forget(_ key: Key) {
        rateLimiter.forget(key)
    }

    /// How many times `key` has been rate-limited since it was last forgotten.
    public nonisolated func numRequeues(_ key: Key) -> Int {
        rateLimiter.numRequeues(key)
    }
}

extension WorkQueue where C == ContinuousClock {
    public init(rateLimiter: some WorkQueueRateLimiter<Key>) {
        self.init(clock: ContinuousClock(), rateLimiter: rateLimiter)
    }

    public init() {
        self.init(clock: ContinuousClock())
    }
}
