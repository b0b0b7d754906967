import SwiftletStorage

/// Merges a storage watch with the timers a watch response needs (bookmark
/// ticks and the end of its lifetime) into one sequence the writer drains.
enum WatchSession {
    enum Item: Sendable {
        case event(WatchEvent)
        case bookmark
        case timeout
    }

    /// Events a watch response may hold for a slow client.
    static let maxBuffered = 10_000

    /// - Parameter shutdown: finishes when the server shuts down; the watch then ends cleanly.
    static func merge(
        _ events: WatchStream, bookmarkEvery: Duration?, endAfter: Duration, shutdown: AsyncStream<Void>
    ) -> AsyncThrowingStream<Item, any Error> {
        AsyncThrowingStream(bufferingPolicy: .bufferingOldest(maxBuffered)) { continuation in
            let pump = Task {
                do {
                    for try await event in events {
                        // A client that does not read is dropped rather than
                        // letting its backlog grow without bound.
                        if case .dropped = continuation.yield(.event(event)) {
                            continuation.finish(throwing: StorageError.watcherTooSlow)
                            return
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            let ticker = Task {
                guard let bookmarkEvery else { return }
                while !Task.isCancelled {
                    try await Task.sleep(for: bookmarkEvery)
                    continuation.yield(.bookmark)
                }
            }
            let deadline = Task {
                try await Task.sleep(for: endAfter)
                continuation.yield(.timeout)
                continuation.finish()
            }
            let stopping = Task {
                for await _ in shutdown {}
                guard !Task.isCancelled else { return }
                continuation.yield(.timeout)
                continuation.finish()
            }
            continuation.onTermination = { _ in
                pump.cancel()
                ticker.cancel()
                deadline.cancel()
                stopping.cancel()
            }
        }
    }
}
