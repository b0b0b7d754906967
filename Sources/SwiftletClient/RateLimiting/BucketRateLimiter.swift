import Synchronization

/// One token bucket shared by all keys: an overall retry rate, whatever the
/// key (client-go's `BucketRateLimiter`). Tokens refill with the injected
/// clock's time.
public final class BucketRateLimiter<Key: Hashable & Sendable>: WorkQueueRateLimiter {
    private let elapsed: ElapsedTime
    private let bucket: Mutex<TokenBucketState>

    /// The defaults (10 qps, burst 100) are client-go's default controller
    /// limiter's.
    public init<C: Clock>(qps: Double = 10, burst: Int = 100, clock: C) where C.Duration == Duration {
        elapsed = ElapsedTime(clock: clock)
        bucket = Mutex(TokenBucketState(qps: qps, burst: burst))
    }

    public convenience init(qps: Double = 10, burst: Int = 100) {
        self.init(qps: qps, burst: burst, clock: ContinuousClock())
    }

    public func when(_ key: Key) -> Duration {
        let now = elapsed.read()
        return bucket.withLock { $0.reserve(at: now) }
    }

    public func forget(_ key: Key) {}

    public func numRequeues(_ key: Key) -> Int { 0 }
}
