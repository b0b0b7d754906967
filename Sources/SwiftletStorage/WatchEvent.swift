/// One change to one key.
public struct WatchEvent: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case created
        case updated
        case deleted
    }

    public var kind: Kind
    /// The new value; for deletes the last value, with modRevision set to the
    /// deletion's revision.
    public var current: KeyValue
    /// The value before this change, when the store still has it.
    public var previous: KeyValue?

    public init(kind: Kind, current: KeyValue, previous: KeyValue?) {
        self.kind = kind
        self.current = current
        self.previous = previous
    }

    public var revision: Revision { current.modRevision }
}

/// The events of one watch. Ends with an error if the watcher falls too far
/// behind or the store closes; cancelling the consuming task stops it.
public typealias WatchStream = AsyncThrowingStream<WatchEvent, any Error>
