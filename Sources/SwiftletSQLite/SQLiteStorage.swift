import Foundation
import SwiftletStorage
import Synchronization

/// The embedded storage backend: one SQLite file in WAL mode, written by one
/// thread with group commit, read by a few reader threads, watched through
/// an in-process broadcaster fed at commit time.
public final class SQLiteStorage: StorageBackend {
    public struct Options: Sendable {
        /// Reader threads (each with its own connection).
        public var readers: Int = 2
        public init(readers: Int = 2) { self.readers = readers }
    }

    public let path: String
    private let writer: SQLiteWriter
    private let readers: ConnectionWorkers
    private let broadcaster: WatchBroadcaster
    private let revisions = RevisionState()

    /// Opens (or creates) the database at `path`.
    public init(path: String, options: Options = .init()) throws {
        self.path = path
        let broadcaster = WatchBroadcaster(latest: .zero)
        let revisions = self.revisions
        let writer = SQLiteWriter { events in
            guard let last = events.last else { return }
            revisions.committed(last.revision)
            broadcaster.publish(events)
        }
        let (current, compacted) = try writer.start(path: path)
        // Nothing is committed or watched yet, so the broadcaster can start here.
        broadcaster.reset(latest: current)
        revisions.opened(current: current, compacted: compacted)
        self.writer = writer
        self.broadcaster = broadcaster
        do {
            self.readers = try ConnectionWorkers(count: max(1, options.readers), name: "sqlite-reader") {
                let c = try SQLiteConnection(path: path, readOnly: true)
                try c.execute(SQLiteSchema.readerPragmas)
                return c
            }
        } catch {
            writer.stop()
            throw error
        }
    }

    private func state() throws -> RevisionState.Snapshot {
        let s = revisions.snapshot
        if s.closed { throw StorageError.unavailable("the store is closed") }
        return s
    }

    public func get(_ key: String) async throws -> KeyValue? {
        _ = try state()
        return try await readers.run { db in
            try db.withStatement(SQLiteSchema.latestRow) { stmt in
                stmt.bind(1, key)
                guard try stmt.step(), stmt.int(2) == 0 else { return nil }
                return KeyValue(
                    key: key, value: stmt.blob(3), createRevision: Revision(stmt.int(1)),
                    modRevision: Revision(stmt.int(0)))
            }
        }
    }

    public func list(_ request: ListRequest) async throws -> ListResult {
        let s = try state()
        let at = request.revision ?? s.current
        if request.revision != nil, at < s.compacted {
            throw StorageError.compacted(requested: at, compactRevision: s.compacted)
        }
        if at > s.current {
            throw StorageError.futureRevision(requested: at, currentRevision: s.current)
        }
        let start = max(request.startKey, request.prefix)
        let end = prefixRangeEnd(request.prefix)
        let limit = (request.limit ?? 0) > 0 ? request.limit! : -1
        return try await readers.run { db in
            var items: [KeyValue] = try db.withStatement(SQLiteSchema.listAtRevision) { stmt in
                stmt.bind(1, start)
                stmt.bind(2, end)
                stmt.bind(3, at.value)
                stmt.bind(4, limit < 0 ? -1 : Int64(limit + 1))
                var items: [KeyValue] = []
                while try stmt.step() {
                    items.append(
                        KeyValue(
                            key: stmt.text(0), value: stmt.blob(3), createRevision: Revision(stmt.int(2)),
                            modRevision: Revision(stmt.int(1))))
                }
                return items
            }
            var hasMore = false
            var remaining = 0
            if limit >= 0, items.count > limit {
                items.removeLast(items.count - limit)
                hasMore = true
                remaining = try db.withStatement(SQLiteSchema.countAtRevision) { count in
                    count.bind(1, start)
                    count.bind(2, end)
                    count.bind(3, at.value)
                    return try count.step() ? Int(count.int(0)) - limit : 0
                }
            }
            return ListResult(items: items, revision: at, hasMore: hasMore, remaining: remaining)
        }
    }

    public func create(_ key: String, value: [UInt8]) async throws -> KeyValue {
        _ = try state()
        return try await writer.write(.create(key: key, value: value))
    }

    public func update(_ key: String, value: [UInt8], expected: Revision) async throws -> KeyValue {
        _ = try state()
        return try await writer.write(.update(key: key, value: value, expected: expected))
    }

    public func delete(_ key: String, expected: Revision?) async throws -> KeyValue {
        _ = try state()
        return try await writer.write(.delete(key: key, expected: expected))
    }

    public func watch(prefix: String, after: Revision) async throws -> WatchStream {
        let s = try state()
        if after < s.compacted {
            throw StorageError.compacted(requested: after, compactRevision: s.compacted)
        }
        let readers = self.readers
        return broadcaster.subscribe(prefix: prefix, after: after) { after, upTo in
            try await readers.run { db in try Self.history(db, prefix: prefix, after: after, upTo: upTo) }
        }
    }

    private static func history(
        _ db: SQLiteConnection, prefix: String, after: Revision, upTo: Revision
    ) throws -> [WatchEvent] {
        try db.withStatement(SQLiteSchema.history) { stmt in
            try history(stmt, prefix: prefix, after: after, upTo: upTo)
        }
    }

    private static func history(
        _ stmt: SQLiteStatement, prefix: String, after: Revision, upTo: Revision
    ) throws -> [WatchEvent] {
        stmt.bind(1, after.value)
        stmt.bind(2, upTo.value)
        stmt.bind(3, prefix)
        stmt.bind(4, prefixRangeEnd(prefix))
        var events: [WatchEvent] = []
        while try stmt.step() {
            let key = stmt.text(1)
            let current = KeyValue(
                key: key, value: stmt.blob(5), createRevision: Revision(stmt.int(4)),
                modRevision: Revision(stmt.int(0)))
            let previousID = stmt.int(6)
            let previous: KeyValue? =
                previousID == 0
                ? nil
                : KeyValue(
                    key: key, value: stmt.blob(8), createRevision: Revision(stmt.int(7)),
                    modRevision: Revision(previousID))
            let kind: WatchEvent.Kind =
                stmt.int(3) != 0 ? .deleted : (stmt.int(2) != 0 ? .created : .updated)
            events.append(
                WatchEvent(kind: kind, current: current, previous: kind == .created ? nil : previous))
        }
        return events
    }

    public func currentRevision() async throws -> Revision {
        try state().current
    }

    public func compactRevision() async throws -> Revision {
        try state().compacted
    }

    public func compact(upTo revision: Revision) async throws {
        _ = try state()
        let reached = try await writer.compact(upTo: revision)
        revisions.compacted(reached)
    }

    public func close() async {
        guard revisions.close() else { return }
        broadcaster.close()
        writer.stop()
        readers.stop()
    }
}

/// The current and compacted revisions, shared between the writer's commit
/// callback and the readers.
final class RevisionState: Sendable {
    struct Snapshot {
        var current = Revision.zero
        var compacted = Revision.zero
        var closed = false
    }

    private let state = Mutex(Snapshot())

    var snapshot: Snapshot { state.withLock { $0 } }

    func opened(current: Revision, compacted: Revision) {
        state.withLock {
            $0.current = current
            $0.compacted = compacted
        }
    }

    func committed(_ revision: Revision) {
        state.withLock { $0.current = revision }
    }

    func compacted(_ revision: Revision) {
        state.withLock { $0.compacted = max($0.compacted, revision) }
    }

    /// Marks the store closed; false if it already was.
    func close() -> Bool {
        state.withLock { s in
            defer { s.closed = true }
            return !s.closed
        }
    }
}
