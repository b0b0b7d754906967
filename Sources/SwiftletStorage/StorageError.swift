/// Why a storage operation did not happen. Every case leaves the store unchanged.
public enum StorageError: Error, Sendable, Equatable {
    /// create found the key already present.
    case keyExists(key: String)
    /// get, update or delete found no such key.
    case keyNotFound(key: String)
    /// update or delete expected another revision (compare-and-swap failed).
    case conflict(key: String, currentRevision: Revision)
    /// the requested revision was compacted away.
    case compacted(requested: Revision, compactRevision: Revision)
    /// the requested revision is newer than anything written.
    case futureRevision(requested: Revision, currentRevision: Revision)
    /// a watcher could not keep up and was dropped; it must re-list.
    case watcherTooSlow
    /// the backend is closed or failed.
    case unavailable(String)
}
