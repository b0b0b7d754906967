import Synchronization

/// Fans committed events out to watchers, in process and without polling.
///
/// Backends call `publish` after each commit, in revision order. A recent
/// window of events stays in memory so most watches start from it; older
/// starts read the backend's history first while live events queue up, so a
/// watcher never sees a gap or a duplicate.
public final class WatchBroadcaster: Sendable {
    private struct Subscriber {
        var prefix: String
        var continuation: WatchStream.Continuation
        /// Live events that arrived while history was still being read.
        var pending: [WatchEvent]?
    }

    private struct State {
        var subscribers: [Int: Subscriber] = [:]
        var nextID = 0
        var recent: [WatchEvent] = []
        var recentStart = 0
        /// Every event after this revision is in `recent`.
        var recentCoversAfter: Revision
        var latest: Revision
        var closed = false

        var recentEvents: ArraySlice<WatchEvent> { recent[recentStart...] }
    }

    private let state: Mutex<State>
    private let recentCapacity: Int
    private let perWatcherBuffer: Int

    /// - Parameters:
    ///   - latest: the store's revision when the broadcaster starts.
    ///   - recentCapacity: how many recent events to keep for new watchers.
    ///   - perWatcherBuffer: events a watcher may fall behind before it is dropped.
    public init(latest: Revision, recentCapacity: Int = 8192, perWatcherBuffer: Int = 20_000) {
        self.state = Mutex(State(recentCoversAfter: latest, latest: latest))
        self.recentCapacity = recentCapacity
        self.perWatcherBuffer = perWatcherBuffer
    }

    /// Sets the starting revision of a broadcaster that has seen no events
    /// and no watchers yet (a backend learns it only after opening its files).
    public func reset(latest: Revision) {
        state.withLock { s in
            precondition(s.recent.isEmpty && s.subscribers.isEmpty, "reset after use")
            s.latest = latest
            s.recentCoversAfter = latest
        }
    }

    public var watcherCount: Int { state.withLock { $0.subscribers.count } }

    /// Delivers committed events (in revision order) to every matching watcher.
    public func publish(_ events: [WatchEvent]) {
        guard !events.isEmpty else { return }
        state.withLock { s in
            for event in events {
                s.recent.append(event)
                s.latest = event.revision
                for (id, var sub) in s.subscribers where event.current.key.hasPrefix(sub.prefix) {
                    if sub.pending != nil {
                        sub.pending!.append(event)
                        s.subscribers[id] = sub
                    } else if !Self.deliver(event, to: sub.continuation) {
                        s.subscribers[id] = nil
                    }
                }
            }
            let live = s.recent.count - s.recentStart
            if live > recentCapacity {
                let drop = live - recentCapacity
                s.recentCoversAfter = s.recent[s.recentStart + drop - 1].revision
                s.recentStart += drop
                // Compact the backing array once half of it is dead.
                if s.recentStart > recentCapacity {
                    s.recent.removeFirst(s.recentStart)
                    s.recentStart = 0
                }
            }
        }
    }

    /// Yields an event; a full buffer ends the watch (the client re-lists).
    private static func deliver(_ event: WatchEvent, to continuation: WatchStream.Continuation)
        -> Bool
    {
        switch continuation.yield(event) {
        case .enqueued: return true
        case .dropped:
            continuation.finish(throwing: StorageError.watcherTooSlow)
            return false
        case .terminated: return false
        @unknown default: return false
        }
    }

    /// Starts a watch of `prefix` after revision `after`.
    ///
    /// - Parameter history: reads the backend's events in `(after, upTo]` for
    ///   starts older than the in-memory window; it may throw `compacted`.
    public func subscribe(
        prefix: String, after: Revision,
        history: @escaping @Sendable (_ after: Revision, _ upTo: Revision) async throws -> [WatchEvent]
    ) -> WatchStream {
        let (stream, continuation) = WatchStream.makeStream(
            bufferingPolicy: .bufferingOldest(perWatcherBuffer))
        enum Start {
            case live
            case needsHistory(id: Int, upTo: Revision)
            case closed
        }
        let start: Start = state.withLock { s in
            if s.closed { return .closed }
            let id = s.nextID
            s.nextID += 1
            if after >= s.recentCoversAfter {
                for event in s.recentEvents
                where event.revision > after && event.current.key.hasPrefix(prefix) {
                    if !Self.deliver(event, to: continuation) { return .live }
                }
                s.subscribers[id] = Subscriber(prefix: prefix, continuation: continuation, pending: nil)
                continuation.onTermination = { [weak self] _ in self?.removeLater(id) }
                return .live
            }
            s.subscribers[id] = Subscriber(prefix: prefix, continuation: continuation, pending: [])
            continuation.onTermination = { [weak self] _ in self?.removeLater(id) }
            return .needsHistory(id: id, upTo: s.latest)
        }
        switch start {
        case .live:
            break
        case .closed:
            continuation.finish(throwing: StorageError.unavailable("the store is closed"))
        case .needsHistory(let id, let upTo):
            Task {
                do {
                    let past = try await history(after, upTo)
                    for event in past where event.current.key.hasPrefix(prefix) {
                        guard Self.deliver(event, to: continuation) else { return }
                    }
                    self.goLive(id, after: upTo)
                } catch {
                    continuation.finish(throwing: error)
                    self.remove(id)
                }
            }
        }
        return stream
    }

    private func goLive(_ id: Int, after: Revision) {
        state.withLock { s in
            guard var sub = s.subscribers[id], let pending = sub.pending else { return }
            sub.pending = nil
            for event in pending where event.revision > after {
                if !Self.deliver(event, to: sub.continuation) {
                    s.subscribers[id] = nil
                    return
                }
            }
            s.subscribers[id] = sub
        }
    }

    /// Termination handlers can run while the lock is held (a finish inside
    /// `publish`), so they must not take it themselves.
    private func removeLater(_ id: Int) {
        Task { self.remove(id) }
    }

    private func remove(_ id: Int) {
        state.withLock { _ = $0.subscribers.removeValue(forKey: id) }
    }

    /// Ends every watch; used when the store closes.
    public func close() {
        let subs = state.withLock { s -> [Subscriber] in
            s.closed = true
            defer { s.subscribers = [:] }
            return Array(s.subscribers.values)
        }
        for sub in subs { sub.continuation.finish() }
    }
}
