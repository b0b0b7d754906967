import CSQLite
import Dispatch
import Foundation
import SwiftletStorage
import Synchronization

/// The single writer. Requests queue up while a commit is in flight and the
/// next commit takes all of them in one transaction, so concurrent clients
/// share one fsync (group commit) while each write keeps its own revision.
final class SQLiteWriter: Sendable {
    enum Operation: Sendable {
        case create(key: String, value: [UInt8])
        case update(key: String, value: [UInt8], expected: Revision)
        case delete(key: String, expected: Revision?)
    }

    private enum Request: Sendable {
        case write(Operation, CheckedContinuation<KeyValue, any Error>)
        case compact(Revision, CheckedContinuation<Revision, any Error>)
        case stop
    }

    /// Most writes one transaction carries, to bound commit latency.
    static let maxBatch = 512
    /// Rows one compaction transaction looks at, so writes are not held up long.
    static let compactChunk: Int64 = 20_000

    private let queue = Mutex<[Request]>([])
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    /// Called on the writer thread after each commit, in revision order.
    private let onCommit: @Sendable ([WatchEvent]) -> Void

    init(onCommit: @escaping @Sendable ([WatchEvent]) -> Void) {
        self.onCommit = onCommit
    }

    /// Opens the database on a new writer thread; returns the current and
    /// compacted revisions found on disk.
    func start(path: String) throws -> (current: Revision, compacted: Revision) {
        let opened = Mutex<Result<(Revision, Revision), any Error>?>(nil)
        let ready = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            let connection: SQLiteConnection
            var revision: Revision
            do {
                connection = try SQLiteConnection(path: path, readOnly: false)
                try connection.execute(SQLiteSchema.writerPragmas)
                try connection.execute(SQLiteSchema.tables)
                revision = Revision(try connection.scalarInt(SQLiteSchema.currentRevision) ?? 0)
                let compacted = Revision(try connection.scalarInt(SQLiteSchema.readCompactRevision) ?? 0)
                opened.withLock { $0 = .success((revision, compacted)) }
                ready.signal()
            } catch {
                opened.withLock { $0 = .failure(error) }
                ready.signal()
                return
            }
            self.loop(connection, revision: &revision)
            self.stopped.signal()
        }
        thread.name = "sqlite-writer"
        thread.start()
        ready.wait()
        return try opened.withLock { $0! }.get()
    }

    func write(_ operation: Operation) async throws -> KeyValue {
        try await withCheckedThrowingContinuation { continuation in
            enqueue(.write(operation, continuation))
        }
    }

    /// Returns the compaction point reached (never past the current revision).
    func compact(upTo revision: Revision) async throws -> Revision {
        try await withCheckedThrowingContinuation { continuation in
            enqueue(.compact(revision, continuation))
        }
    }

    /// Finishes queued work, closes the connection and ends the thread.
    func stop() {
        enqueue(.stop)
        stopped.wait()
    }

    private func enqueue(_ request: Request) {
        queue.withLock { $0.append(request) }
        wake.signal()
    }

    private func takeBatch() -> [Request] {
        queue.withLock { q in
            let n = min(q.count, Self.maxBatch)
            let batch = Array(q.prefix(n))
            q.removeFirst(n)
            return batch
        }
    }

    private func loop(_ db: SQLiteConnection, revision: inout Revision) {
        while true {
            wake.wait()
            let batch = takeBatch()
            if batch.isEmpty { continue }
            var writes: [(Operation, CheckedContinuation<KeyValue, any Error>)] = []
            var shouldStop = false
            for request in batch {
                switch request {
                case .write(let op, let c): writes.append((op, c))
                case .compact(let target, let c):
                    commitWrites(&writes, db, revision: &revision)
                    let upTo = min(target, revision)
                    c.resume(
                        with: Result {
                            try compact(db, upTo: upTo)
                            return upTo
                        })
                case .stop: shouldStop = true
                }
            }
            commitWrites(&writes, db, revision: &revision)
            if shouldStop {
                for request in queue.withLock({ q in
                    defer { q = [] }
                    return q
                }) {
                    switch request {
                    case .write(_, let c): c.resume(throwing: StorageError.unavailable("the store is closed"))
                    case .compact(_, let c):
                        c.resume(throwing: StorageError.unavailable("the store is closed"))
                    case .stop: break
                    }
                }
                try? db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                return
            }
        }
    }

    /// Applies a batch in one transaction. A write whose precondition fails
    /// is answered with its error and the rest still commit.
    private func commitWrites(
        _ writes: inout [(Operation, CheckedContinuation<KeyValue, any Error>)], _ db: SQLiteConnection,
        revision: inout Revision
    ) {
        guard !writes.isEmpty else { return }
        defer { writes.removeAll() }
        let start = revision
        var results: [Result<WatchEvent, any Error>] = []
        results.reserveCapacity(writes.count)
        do {
            try db.execute("BEGIN IMMEDIATE")
            for (op, _) in writes {
                results.append(Result { try apply(op, db, revision: &revision) })
            }
            try db.execute("COMMIT")
        } catch {
            try? db.execute("ROLLBACK")
            revision = start
            for (_, c) in writes {
                c.resume(throwing: StorageError.unavailable("commit failed: \(error)"))
            }
            return
        }
        onCommit(results.compactMap { try? $0.get() })
        for ((_, c), result) in zip(writes, results) {
            c.resume(with: result.map(\.current))
        }
    }

    private func apply(_ op: Operation, _ db: SQLiteConnection, revision: inout Revision) throws
        -> WatchEvent
    {
        switch op {
        case .create(let key, let value):
            if let old = try latest(key, db), !old.deleted {
                throw StorageError.keyExists(key: key)
            }
            let prev = try latest(key, db)?.id ?? 0
            let next = revision.next
            try insert(
                db, id: next, key: key, created: true, deleted: false, createRevision: next, prev: prev,
                value: value)
            revision = next
            let kv = KeyValue(key: key, value: value, createRevision: next, modRevision: next)
            return WatchEvent(kind: .created, current: kv, previous: nil)
        case .update(let key, let value, let expected):
            guard let old = try latest(key, db), !old.deleted else {
                throw StorageError.keyNotFound(key: key)
            }
            guard old.id == expected.value else {
                throw StorageError.conflict(key: key, currentRevision: Revision(old.id))
            }
            let next = revision.next
            try insert(
                db, id: next, key: key, created: false, deleted: false,
                createRevision: Revision(old.createRevision), prev: old.id, value: value)
            revision = next
            let kv = KeyValue(
                key: key, value: value, createRevision: Revision(old.createRevision), modRevision: next)
            return WatchEvent(kind: .updated, current: kv, previous: old.keyValue(key))
        case .delete(let key, let expected):
            guard let old = try latest(key, db), !old.deleted else {
                throw StorageError.keyNotFound(key: key)
            }
            if let expected, old.id != expected.value {
                throw StorageError.conflict(key: key, currentRevision: Revision(old.id))
            }
            let next = revision.next
            try insert(
                db, id: next, key: key, created: false, deleted: true,
                createRevision: Revision(old.createRevision), prev: old.id, value: old.value)
            revision = next
            var tombstone = old.keyValue(key)
            tombstone.modRevision = next
            return WatchEvent(kind: .deleted, current: tombstone, previous: old.keyValue(key))
        }
    }

    private struct Row {
        var id: Int64
        var createRevision: Int64
        var deleted: Bool
        var value: [UInt8]

        func keyValue(_ key: String) -> KeyValue {
            KeyValue(
                key: key, value: value, createRevision: Revision(createRevision), modRevision: Revision(id))
        }
    }

    private func latest(_ key: String, _ db: SQLiteConnection) throws -> Row? {
        try db.withStatement(SQLiteSchema.latestRow) { stmt in
            stmt.bind(1, key)
            guard try stmt.step() else { return nil }
            return Row(
                id: stmt.int(0), createRevision: stmt.int(1), deleted: stmt.int(2) != 0, value: stmt.blob(3)
            )
        }
    }

    private func insert(
        _ db: SQLiteConnection, id: Revision, key: String, created: Bool, deleted: Bool,
        createRevision: Revision,
        prev: Int64, value: [UInt8]
    ) throws {
        try db.withStatement(SQLiteSchema.insertRow) { stmt in
            stmt.bind(1, id.value)
            stmt.bind(2, key)
            stmt.bind(3, created ? 1 : 0)
            stmt.bind(4, deleted ? 1 : 0)
            stmt.bind(5, createRevision.value)
            stmt.bind(6, prev)
            stmt.bind(7, value)
            try stmt.run()
        }
    }

    /// Deletes superseded history up to `target` in chunks, records the new
    /// compaction point, then returns space to the file system.
    private func compact(_ db: SQLiteConnection, upTo target: Revision) throws {
        let done = Revision(try db.scalarInt(SQLiteSchema.readCompactRevision) ?? 0)
        guard target > done else { return }
        var low = done.value
        while low < target.value {
            let high = min(low + Self.compactChunk, target.value)
            try db.execute("BEGIN IMMEDIATE")
            do {
                try db.withStatement(SQLiteSchema.compactEarlierRows) { stmt in
                    stmt.bind(1, low)
                    stmt.bind(2, high)
                    try stmt.run()
                }
                try db.withStatement(SQLiteSchema.compactRange) { stmt in
                    stmt.bind(1, low)
                    stmt.bind(2, high)
                    stmt.bind(3, target.value)
                    try stmt.run()
                }
                try db.withStatement(SQLiteSchema.writeCompactRevision) { stmt in
                    stmt.bind(1, high)
                    try stmt.run()
                }
                try db.execute("COMMIT")
            } catch {
                try? db.execute("ROLLBACK")
                throw error
            }
            low = high
        }
        // Free pages go back to the file system first (into the WAL), then
        // the checkpoint writes them through and truncates the WAL.
        try db.execute("PRAGMA incremental_vacuum")
        try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }
}
