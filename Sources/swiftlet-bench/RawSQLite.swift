import CSQLite
import Foundation

/// The anchor: the same inserts straight into SQLite with the same
/// durability (WAL, synchronous=FULL), one transaction each.
enum RawSQLite {
    static func insertsPerSecond(count: Int, valueSize: Int, directory: URL, name: String) throws -> Double {
        let path = directory.appendingPathComponent(name).path
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK, let db else { throw CocoaError(.fileWriteUnknown) }
        defer { sqlite3_close(db) }
        sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", nil, nil, nil)
        sqlite3_exec(
            db,
            "CREATE TABLE kv (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, value BLOB NOT NULL); CREATE INDEX kv_name ON kv(name, id);",
            nil, nil, nil)
        var stmt: OpaquePointer?
        sqlite3_prepare_v2(db, "INSERT INTO kv (name, value) VALUES (?, ?)", -1, &stmt, nil)
        defer { sqlite3_finalize(stmt) }
        let value = [UInt8](repeating: UInt8(ascii: "x"), count: valueSize)
        let transient = unsafeBitCast(Int(-1), to: sqlite3_destructor_type.self)
        let start = ContinuousClock.now
        for i in 0..<count {
            sqlite3_exec(db, "BEGIN", nil, nil, nil)
            sqlite3_reset(stmt)
            sqlite3_bind_text(stmt, 1, "/registry/core/configmaps/bench/raw-\(i)", -1, transient)
            value.withUnsafeBytes { _ = sqlite3_bind_blob(stmt, 2, $0.baseAddress, Int32($0.count), transient) }
            sqlite3_step(stmt)
            sqlite3_exec(db, "COMMIT", nil, nil, nil)
        }
        return Double(count) / seconds(ContinuousClock.now - start)
    }
}
