/// client-go's `DefaultControllerRateLimiter`: per-key exponential backoff
/// (5 ms doubling to 1000 s) and an overall bucket (10 qps, burst 100); a key
/// waits for the longer of the two.
public final class DefaultControllerRateLimiter<Key: Hashable & Sendable>: WorkQueueRateLimiter {
    private let limiter: MaxOfRateLimiter<Key>

    public init<C: Clock>(clock: C) where C.Duration == Duration {
        limiter = MaxOfRateLimiter(
            ItemExponentialFailureRateLimiter<Key>(baseDelay: .milliseconds(5), maxDelay: .seconds(1000)),
            BucketRateLimiter<Key>(qps: 10, burst: 100, clock: clock)
        )
    }

    public convenience init() {
        self.init(clock: ContinuousClock())
    }

    public func when(_ key: Key) -> Duration { limiter.when(key) }
    public func forget(_ key: Key) { limiter.forget(key) }
    public func numRequeues(_ key: Key) -> Int { limiter.numRequeues(key) }
}
