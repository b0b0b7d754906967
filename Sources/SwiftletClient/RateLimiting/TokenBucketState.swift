/// The arithmetic of a token bucket (the model of Go's `x/time/rate.Limiter`
/// that client-go uses), kept exact by tracking time instead of fractional
/// tokens: `fullAt` is the moment the bucket will be full again, measured
/// from the owner's origin instant. Tokens may go negative: a reservation
/// that overdraws the bucket is told how long to wait.
struct TokenBucketState: Sendable {
    /// Time to earn one token (1 / qps).
    let interval: Duration
    let burst: Int
    private var fullAt: Duration = .zero

    init(qps: Double, burst: Int) {
        precondition(qps > 0 && qps.isFinite, "qps must be positive")
        precondition(burst >= 1, "burst must be at least 1")
        interval = .nanoseconds(Int64((1e9 / qps).rounded()))
        self.burst = burst
    }

    /// Takes a token at `now` whatever the level; returns how long the taker
    /// must wait before using it (zero when the bucket held one).
    mutating func reserve(at now: Duration) -> Duration {
        fullAt = max(fullAt, now) + interval
        return max(.zero, fullAt - now - interval * burst)
    }

    /// Takes a token only if one is available at `now`.
    mutating func tryTake(at now: Duration) -> Bool {
        let next = max(fullAt, now) + interval
        guard next - now <= interval * burst else { return false }
        fullAt = next
        return true
    }

    /// Gives back a token reserved but not used (its waiter was cancelled).
    mutating func giveBack() {
        fullAt = fullAt - interval
    }
}

/// Reads time elapsed since creation from any clock measured in `Duration`,
/// so limiters need no clock type parameter.
struct ElapsedTime: Sendable {
    let read: @Sendable () -> Duration

    init<C: Clock>(clock: C) where C.Duration == Duration {
        let origin = clock.now
        read = { origin.duration(to: clock.now) }
    }
}
