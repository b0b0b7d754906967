import Synchronization

/// Client-side request rate limiting: `qps` requests a second on average,
/// with bursts of up to `burst` (client-go's `flowcontrol` token bucket,
/// whose client defaults are QPS 5 / burst 10). The bucket starts full.
public final class TokenBucket<C: Clock>: Sendable where C.Duration == Duration {
    public let qps: Double
    public let burst: Int
    private let clock: C
    private let origin: C.Instant
    private let state: Mutex<TokenBucketState>

    public init(qps: Double, burst: Int, clock: C) {
        self.qps = qps
        self.burst = burst
        self.clock = clock
        origin = clock.now
        state = Mutex(TokenBucketState(qps: qps, burst: burst))
    }

    /// Takes a token, sleeping on the clock until it is earned. If the
    /// waiting task is cancelled the token is given back and
    /// `CancellationError` is thrown.
    public func wait() async throws {
        try Task.checkCancellation()
        let now = origin.duration(to: clock.now)
        let delay = state.withLock { $0.reserve(at: now) }
        guard delay > .zero else { return }
        do {
            try await clock.sleep(until: origin.advanced(by: now + delay), tolerance: nil)
        } catch {
            state.withLock { $0.giveBack() }
            throw error
        }
    }

    /// Takes a token if one is available now.
    public func tryAccept() -> Bool {
        let now = origin.duration(to: clock.now)
        return state.withLock { $0.tryTake(at: now) }
    }
}

extension TokenBucket where C == ContinuousClock {
    public convenience init(qps: Double, burst: Int) {
        self.init(qps: qps, burst: burst, clock: ContinuousClock())
    }
}
