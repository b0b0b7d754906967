/// Asks every limiter and obeys the strictest (client-go's
/// `MaxOfRateLimiter`). Every limiter counts each `when` call.
public final class MaxOfRateLimiter<Key: Hashable & Sendable>: WorkQueueRateLimiter {
    public let limiters: [any WorkQueueRateLimiter<Key>]

    public init(_ limiters: [any WorkQueueRateLimiter<Key>]) {
        self.limiters = limiters
    }

    public convenience init(_ limiters: any WorkQueueRateLimiter<Key>...) {
        self.init(limiters)
    }

    public func when(_ key: Key) -> Duration {
        limiters.reduce(.zero) { longest, limiter in max(longest, limiter.when(key)) }
    }

    public func forget(_ key: Key) {
        for limiter in limiters { limiter.forget(key) }
    }

    public func numRequeues(_ key: Key) -> Int {
        limiters.reduce(0) { most, limiter in max(most, limiter.numRequeues(key)) }
    }
}
