import Synchronization

/// Per-key exponential backoff: `baseDelay * 2^failures`, capped at
/// `maxDelay` (client-go's `ItemExponentialFailureRateLimiter`).
public final class ItemExponentialFailureRateLimiter<Key: Hashable & Sendable>: WorkQueueRateLimiter {
    public let baseDelay: Duration
    public let maxDelay: Duration
    private let failures = Mutex<[Key: Int]>([:])

    /// The defaults are the ones client-go's default controller limiter uses.
    public init(baseDelay: Duration = .milliseconds(5), maxDelay: Duration = .seconds(1000)) {
        precondition(baseDelay >= .zero && maxDelay >= .zero, "delays must not be negative")
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    public func when(_ key: Key) -> Duration {
        let exponent = failures.withLock { failures -> Int in
            let previous = failures[key, default: 0]
            failures[key] = previous + 1
            return previous
        }
        return backoff(exponent: exponent)
    }

    public func forget(_ key: Key) {
        _ = failures.withLock { $0.removeValue(forKey: key) }
    }

    public func numRequeues(_ key: Key) -> Int {
        failures.withLock { $0[key, default: 0] }
    }

    /// `baseDelay * 2^exponent`, doubling exactly and stopping at the cap so
    /// that no failure count can overflow.
    private func backoff(exponent: Int) -> Duration {
        guard baseDelay > .zero else { return .zero }
        var delay = baseDelay
        for _ in 0..<exponent {
            if delay >= maxDelay / 2 { return maxDelay }
            delay = delay * 2
        }
        return min(delay, maxDelay)
    }
}
