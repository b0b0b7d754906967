/// The database layout: one log table whose row id is the revision (every
/// write appends a row), as DESIGN.md describes.
enum SQLiteSchema {
    /// Settings for the writing connection. WAL lets readers run during
    /// writes; synchronous=FULL makes an acknowledged commit survive power
    /// loss; incremental auto-vacuum lets compaction give space back.
    static let writerPragmas = """
        PRAGMA auto_vacuum = INCREMENTAL;
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = FULL;
        PRAGMA wal_autocheckpoint = 4000;
        PRAGMA foreign_keys = OFF;
        """

    static let readerPragmas = """
        PRAGMA query_only = ON;
        PRAGMA cache_size = -8000;
        """

    static let tables = """
        CREATE TABLE IF NOT EXISTS kv (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            created INTEGER NOT NULL,
            deleted INTEGER NOT NULL,
            create_revision INTEGER NOT NULL,
            prev_revision INTEGER NOT NULL,
            value BLOB NOT NULL
        );
        CREATE INDEX IF NOT EXISTS kv_name_id ON kv (name, id);
        CREATE UNIQUE INDEX IF NOT EXISTS kv_name_prev_revision ON kv (name, prev_revision);
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
        """

    static let latestRow = """
        SELECT id, create_revision, deleted, value FROM kv WHERE name = ? ORDER BY id DESC LIMIT 1
        """

    static let insertRow = """
        INSERT INTO kv (id, name, created, deleted, create_revision, prev_revision, value)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """

    /// The newest row of each key in [start, end) at or before a revision,
    /// skipping keys whose newest row is a tombstone. It walks the
    /// (name, id) index in key order and stops at the limit, so a page
    /// costs its own size, not the size of the whole range.
    static let listAtRevision = """
        SELECT kv.name, kv.id, kv.create_revision, kv.value FROM kv
        WHERE kv.name >= ?1 AND kv.name < ?2 AND kv.deleted = 0
          AND kv.id = (SELECT MAX(newest.id) FROM kv AS newest WHERE newest.name = kv.name AND newest.id <= ?3)
        ORDER BY kv.name LIMIT ?4
        """

    static let countAtRevision = """
        SELECT COUNT(*) FROM kv
        JOIN (SELECT MAX(id) AS mid FROM kv WHERE name >= ? AND name < ? AND id <= ? GROUP BY name) m
          ON kv.id = m.mid
        WHERE kv.deleted = 0
        """

    static let history = """
        SELECT kv.id, kv.name, kv.created, kv.deleted, kv.create_revision, kv.value,
               p.id, p.create_revision, p.value
        FROM kv LEFT JOIN kv p ON p.id = kv.prev_revision
        WHERE kv.id > ? AND kv.id <= ? AND kv.name >= ? AND kv.name < ?
        ORDER BY kv.id
        """

    /// Rows left by an earlier compaction (at or before ?1, each its key's
    /// newest then) that a row in this range (?1, ?2] supersedes. Without
    /// this, dropping a tombstone in the range would bring back the value
    /// it deleted. One join per key in the range, through (name, id).
    static let compactEarlierRows = """
        DELETE FROM kv WHERE id IN (
            SELECT old.id FROM (SELECT name, MIN(id) AS first FROM kv WHERE id > ?1 AND id <= ?2 GROUP BY name) AS t
            JOIN kv AS old ON old.name = t.name AND old.id < t.first AND old.id <= ?1)
        """

    /// Rows at or before the compaction point that a newer row (also at or
    /// before it) supersedes, and tombstones: history nobody may ask for.
    static let compactRange = """
        DELETE FROM kv WHERE id > ? AND id <= ? AND (deleted = 1 OR EXISTS (
            SELECT 1 FROM kv AS newer WHERE newer.name = kv.name AND newer.id > kv.id AND newer.id <= ?))
        """

    static let currentRevision =
        "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'kv'), 0)"
    static let readCompactRevision =
        "SELECT COALESCE((SELECT value FROM meta WHERE key = 'compact_revision'), 0)"
    static let writeCompactRevision =
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('compact_revision', ?)"
}
