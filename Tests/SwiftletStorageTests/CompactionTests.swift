import Foundation
import SwiftletSQLite
import SwiftletStorage
import SwiftletTesting
import Synchronization
import Testing

@Suite("Compaction")
struct CompactionTests {
    @Test func compactorKeepsTheRetentionWindowOfHistory() async throws {
        let storage = MemoryStorage()
        let clock = ManualClock()
        let compactor = Compactor(storage: storage, interval: .seconds(60), retention: .seconds(300))
        let run = Task { try await compactor.run(clock: clock) }
        var last = Revision.zero
        // One write a minute; after each tick the compaction point must trail
        // the newest revision by at least the retention window.
        var revisionAtTick: [Revision] = []
        for minute in 0..<10 {
            try await clock.waitForSleepers(1)
            last = try await storage.create("/k/\(minute)", value: [UInt8(minute)]).modRevision
            revisionAtTick.append(last)
            clock.advance(by: .seconds(60))
        }
        try await clock.waitForSleepers(1)
        let compacted = try await storage.compactRevision()
        run.cancel()
        _ = try? await run.value
        // The tick at minute 10 compacts to what it noted at minute 5.
        #expect(compacted == revisionAtTick[4])
        #expect(compacted < last)
        // History newer than the compaction point is still watchable.
        let stream = try await storage.watch(prefix: "/k/", after: compacted)
        let events = try await collect(stream, count: 5)
        #expect(events.count == 5)
    }

    @Test func compactorRetriesAfterAFailure() async throws {
        let storage = MemoryStorage()
        let clock = ManualClock()
        let failures = FailureCounter()
        let compactor = Compactor(storage: storage, interval: .seconds(60), retention: .seconds(60))
        _ = try await storage.create("/x", value: [1])
        await storage.close()  // every call now fails
        let run = Task { try await compactor.run(clock: clock) { _ in failures.increment() } }
        for _ in 0..<3 {
            try await clock.waitForSleepers(1)
            clock.advance(by: .seconds(60))
        }
        try await clock.waitForSleepers(1)
        run.cancel()
        _ = try? await run.value
        #expect(failures.value >= 3)
    }

    @Test func sqliteCompactionReclaimsSpace() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlet-compact-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("state.db").path
        let storage = try SQLiteStorage(path: path)
        let value = [UInt8](repeating: 7, count: 4096)
        var kv = try await storage.create("/big", value: value)
        for _ in 0..<2000 { kv = try await storage.update("/big", value: value, expected: kv.modRevision) }
        func fileSize() -> Int {
            let main = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
            return main + wal
        }
        let before = fileSize()
        try await storage.compact(upTo: kv.modRevision)
        let after = fileSize()
        #expect(before > 2000 * 4096)
        #expect(after < before / 10, "before \(before) after \(after)")
        #expect(try await storage.get("/big")?.value == value)
        await storage.close()
        // The compaction point survives a restart.
        let reopened = try SQLiteStorage(path: path)
        #expect(try await reopened.compactRevision() == kv.modRevision)
        await reopened.close()
    }
}

final class FailureCounter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
