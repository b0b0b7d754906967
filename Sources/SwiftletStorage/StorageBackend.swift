/// An etcd-shaped, revisioned key-value store: the only place durable state
/// lives. Keys are `/`-separated paths; lists and watches work on prefixes.
///
/// Backends must pass the conformance suite in the storage tests.
public protocol StorageBackend: Sendable {
    /// The latest value of a key, or nil.
    func get(_ key: String) async throws -> KeyValue?

    /// Keys under a prefix, in key order, as of one revision.
    func list(_ request: ListRequest) async throws -> ListResult

    /// Creates a key that must not exist; throws `keyExists` otherwise.
    func create(_ key: String, value: [UInt8]) async throws -> KeyValue

    /// Replaces a key's value if its modRevision is still `expected`.
    func update(_ key: String, value: [UInt8], expected: Revision) async throws -> KeyValue

    /// Deletes a key, if `expected` is given only at that modRevision.
    /// Returns the last value, with modRevision set to the deletion's revision.
    func delete(_ key: String, expected: Revision?) async throws -> KeyValue

    /// Events under a prefix with revisions after `after`, in order, with no
    /// gaps: first the history, then live. Throws `compacted` if `after` is
    /// older than the compaction point.
    func watch(prefix: String, after: Revision) async throws -> WatchStream

    /// The revision of the last write.
    func currentRevision() async throws -> Revision

    /// The oldest revision still answerable (lists and watches before it fail).
    func compactRevision() async throws -> Revision

    /// Forgets history up to `revision` (the latest value of each key stays).
    func compact(upTo revision: Revision) async throws

    /// Closes the store; later calls throw `unavailable`.
    func close() async
}

public struct ListRequest: Sendable {
    public var prefix: String
    /// Start at this key (inclusive); empty starts at the prefix.
    public var startKey: String
    /// At most this many items; nil or 0 for all.
    public var limit: Int?
    /// Serve as of this revision; nil for the latest.
    public var revision: Revision?

    public init(prefix: String, startKey: String = "", limit: Int? = nil, revision: Revision? = nil) {
        self.prefix = prefix
        self.startKey = startKey
        self.limit = limit
        self.revision = revision
    }
}

public struct ListResult: Sendable {
    public var items: [KeyValue]
    /// The revision the list reflects.
    public var revision: Revision
    /// More keys follow the last item.
    public var hasMore: Bool
    /// How many keys follow the last item (when known).
    public var remaining: Int

    public init(items: [KeyValue], revision: Revision, hasMore: Bool, remaining: Int) {
        self.items = items
        self.revision = revision
        self.hasMore = hasMore
        self.remaining = remaining
    }
}

/// The end of a key range that covers every key starting with `prefix`.
public func prefixRangeEnd(_ prefix: String) -> String {
    var bytes = Array(prefix.utf8)
    while let last = bytes.last {
        if last < 0xFF {
            bytes[bytes.count - 1] = last + 1
            return String(decoding: bytes, as: UTF8.self)
        }
        bytes.removeLast()
    }
    return "\u{10FFFF}"
}
