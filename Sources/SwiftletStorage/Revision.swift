/// A point in the store's history. Every write gets the next revision; the
/// API server publishes it as `resourceVersion`.
public struct Revision: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var value: Int64

    public init(_ value: Int64) { self.value = value }

    public static let zero = Revision(0)
    public static func < (lhs: Revision, rhs: Revision) -> Bool { lhs.value < rhs.value }
    public var description: String { String(value) }
    public var next: Revision { Revision(value + 1) }
}

/// One stored key at one revision.
public struct KeyValue: Sendable, Equatable {
    public var key: String
    public var value: [UInt8]
    /// The revision that created this key (its first write since it last did not exist).
    public var createRevision: Revision
    /// The revision of the last write to this key.
    public var modRevision: Revision

    public init(key: String, value: [UInt8], createRevision: Revision, modRevision: Revision) {
        self.key = key
        self.value = value
        self.createRevision = createRevision
        self.modRevision = modRevision
    }
}
