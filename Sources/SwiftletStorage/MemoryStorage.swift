/// A complete storage backend in memory, for tests and for components that
/// need a real store without a disk. It keeps the whole history until
/// compacted, exactly like the durable backends.
public actor MemoryStorage: StorageBackend {
    private struct Entry {
        var event: WatchEvent
    }

    /// Every write in revision order (history for lists at a revision and watches).
    private var log: [Entry] = []
    /// The latest value of every live key.
    private var current: [String: KeyValue] = [:]
    private var revision = Revision.zero
    private var compacted = Revision.zero
    private var closed = false
    private let broadcaster = WatchBroadcaster(latest: .zero)

    public init() {}

    private func checkOpen() throws {
        if closed { throw StorageError.unavailable("the store is closed") }
    }

    public func get(_ key: String) async throws -> KeyValue? {
        try checkOpen()
        return current[key]
    }

    public func list(_ request: ListRequest) async throws -> ListResult {
        try checkOpen()
        let at = request.revision ?? revision
        if at < compacted, request.revision != nil {
            throw StorageError.compacted(requested: at, compactRevision: compacted)
        }
        if at > revision { throw StorageError.futureRevision(requested: at, currentRevision: revision) }
        let state: [String: KeyValue]
        if at == revision {
            state = current
        } else {
            var replayed: [String: KeyValue] = [:]
            for entry in log where entry.event.revision <= at {
                switch entry.event.kind {
                case .created, .updated: replayed[entry.event.current.key] = entry.event.current
                case .deleted: replayed[entry.event.current.key] = nil
                }
            }
            state = replayed
        }
        let start = max(request.startKey, request.prefix)
        let keys = state.keys.filter { $0.hasPrefix(request.prefix) && $0 >= start }.sorted()
        let limit = (request.limit ?? 0) > 0 ? request.limit! : keys.count
        let page = keys.prefix(limit).map { state[$0]! }
        return ListResult(
            items: page, revision: at, hasMore: keys.count > limit, remaining: max(0, keys.count - limit))
    }

    private func commit(_ kind: WatchEvent.Kind, _ kv: KeyValue, previous: KeyValue?) -> KeyValue {
        let event = WatchEvent(kind: kind, current: kv, previous: previous)
        log.append(Entry(event: event))
        broadcaster.publish([event])
        return kv
    }

    public func create(_ key: String, value: [UInt8]) async throws -> KeyValue {
        try checkOpen()
        if current[key] != nil { throw StorageError.keyExists(key: key) }
        revision = revision.next
        let kv = KeyValue(key: key, value: value, createRevision: revision, modRevision: revision)
        current[key] = kv
        return commit(.created, kv, previous: nil)
    }

    public func update(_ key: String, value: [UInt8], expected: Revision) async throws -> KeyValue {
        try checkOpen()
        guard let old = current[key] else { throw StorageError.keyNotFound(key: key) }
        guard old.modRevision == expected else {
            throw StorageError.conflict(key: key, currentRevision: old.modRevision)
        }
        revision = revision.next
        let kv = KeyValue(
            key: key, value: value, createRevision: old.createRevision, modRevision: revision)
        current[key] = kv
        return commit(.updated, kv, previous: old)
    }

    public func delete(_ key: String, expected: Revision?) async throws -> KeyValue {
        try checkOpen()
        guard let old = current[key] else { throw StorageError.keyNotFound(key: key) }
        if let expected, old.modRevision != expected {
            throw StorageError.conflict(key: key, currentRevision: old.modRevision)
        }
        revision = revision.next
        var tombstone = old
        tombstone.modRevision = revision
        current[key] = nil
        return commit(.deleted, tombstone, previous: old)
    }

    public func watch(prefix: String, after: Revision) async throws -> WatchStream {
        try checkOpen()
        if after < compacted {
            throw StorageError.compacted(requested: after, compactRevision: compacted)
        }
        let history = log.filter { $0.event.revision > after }.map(\.event)
        return broadcaster.subscribe(prefix: prefix, after: after) { _, upTo in
            history.filter { $0.revision <= upTo }
        }
    }

    public func currentRevision() async throws -> Revision {
        try checkOpen()
        return revision
    }

    public func compactRevision() async throws -> Revision {
        try checkOpen()
        return compacted
    }

    public func compact(upTo target: Revision) async throws {
        try checkOpen()
        guard target > compacted else { return }
        let upTo = min(target, revision)
        // Keep each key's latest write at or before the compaction point, so
        // lists at later revisions still see keys written long ago.
        var latestAtOrBefore: [String: Revision] = [:]
        for entry in log where entry.event.revision <= upTo {
            latestAtOrBefore[entry.event.current.key] = entry.event.revision
        }
        log.removeAll { entry in
            let e = entry.event
            guard e.revision <= upTo else { return false }
            return e.kind == .deleted || latestAtOrBefore[e.current.key] != e.revision
        }
        compacted = upTo
    }

    public func close() async {
        closed = true
        broadcaster.close()
    }
}
