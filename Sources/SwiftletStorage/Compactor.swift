/// Keeps history bounded: every `interval` it notes the current revision,
/// and compacts up to the revision it noted `retention` ago, so at least
/// that much history stays answerable for watches and paginated lists.
///
/// A failed compaction is retried on the next tick; it never stops the loop.
public struct Compactor: Sendable {
    public let storage: any StorageBackend
    public let interval: Duration
    public let retention: Duration

    public init(storage: any StorageBackend, interval: Duration = .seconds(60), retention: Duration = .seconds(300)) {
        self.storage = storage
        self.interval = interval
        self.retention = retention
    }

    /// Runs until cancelled. `clock` is injectable so tests need not wait.
    public func run<C: Clock>(clock: C, onError: @Sendable (any Error) -> Void = { _ in }) async throws
    where C.Duration == Duration {
        var marks: [(at: C.Instant, revision: Revision)] = []
        while !Task.isCancelled {
            let now = clock.now
            do {
                marks.append((now, try await storage.currentRevision()))
                // The newest mark at least `retention` old is safe to compact to.
                if let index = marks.lastIndex(where: { $0.at.advanced(by: retention) <= now }) {
                    let target = marks[index].revision
                    marks.removeFirst(index)
                    if target > (try await storage.compactRevision()) {
                        try await storage.compact(upTo: target)
                    }
                }
            } catch {
                onError(error)
            }
            try await clock.sleep(for: interval)
        }
    }
}
