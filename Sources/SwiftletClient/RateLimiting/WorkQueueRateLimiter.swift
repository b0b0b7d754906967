/// Decides how long a work queue key waits before it is retried
/// (client-go's `TypedRateLimiter`).
///
/// Implementations are shared between the queue and its workers, so they are
/// `Sendable` and keep their state behind a lock.
public protocol WorkQueueRateLimiter<Key>: Sendable {
    associatedtype Key: Hashable & Sendable

    /// How long `key` should wait now; counts one more failure for it.
    func when(_ key: Key) -> Duration
    /// Stops tracking `key` (it succeeded or was given up on).
    func forget(_ key: Key)
    /// How many failures `key` has had since it was last forgotten.
    func numRequeues(_ key: Key) -> Int
}
