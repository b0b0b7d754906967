import Synchronization

/// Tells long-running requests (watches) that the server is shutting down,
/// so graceful shutdown does not wait out their 30-60 minute lifetimes.
final class ShutdownSignal: Sendable {
    private struct State {
        var triggered = false
        var next = 0
        var listeners: [Int: AsyncStream<Void>.Continuation] = [:]
    }

    private let state = Mutex(State())

    /// Whether shutdown has begun.
    var isTriggered: Bool { state.withLock { $0.triggered } }

    /// A stream that finishes when shutdown begins (at once if it already has).
    func listen() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self)
        let id: Int? = state.withLock { s in
            if s.triggered { return nil }
            let id = s.next
            s.next += 1
            s.listeners[id] = continuation
            return id
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.listeners.removeValue(forKey: id) }
        }
        return stream
    }

    func trigger() {
        let listeners = state.withLock { s -> [AsyncStream<Void>.Continuation] in
            s.triggered = true
            defer { s.listeners = [:] }
            return Array(s.listeners.values)
        }
        for l in listeners { l.finish() }
    }
}
