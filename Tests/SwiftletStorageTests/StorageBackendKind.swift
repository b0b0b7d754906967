import Foundation
import SwiftletSQLite
import SwiftletStorage
import Testing

/// The backends the conformance suite runs against. Each test gets a fresh,
/// empty store; `reopen` closes and opens it again where that means anything.
enum StorageBackendKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory
    case sqlite

    var testDescription: String { rawValue }

    /// Runs `body` with a fresh store and removes it afterwards, failed or not.
    func withStore(_ body: (TestStore) async throws -> Void) async throws {
        let store = try make()
        do {
            try await body(store)
        } catch {
            await store.cleanUp()
            throw error
        }
        await store.cleanUp()
    }

    func make() throws -> TestStore {
        switch self {
        case .memory:
            return TestStore(backend: MemoryStorage(), directory: nil)
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
                "swiftlet-storage-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            return TestStore(
                backend: try SQLiteStorage(path: dir.appendingPathComponent("state.db").path),
                directory: dir)
        }
    }
}

struct TestStore {
    var backend: any StorageBackend
    var directory: URL?

    var isDurable: Bool { directory != nil }

    /// Closes the store and opens the same files again (durable backends only).
    func reopen() async throws -> TestStore {
        await backend.close()
        guard let directory else { return self }
        return TestStore(
            backend: try SQLiteStorage(path: directory.appendingPathComponent("state.db").path),
            directory: directory)
    }

    func cleanUp() async {
        await backend.close()
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }
}

extension Array where Element == UInt8 {
    init(text: String) { self = Array(text.utf8) }
}

/// Collects events from a watch until `count` arrive or `timeout` passes.
func collect(_ stream: WatchStream, count: Int, timeout: Duration = .seconds(30)) async throws
    -> [WatchEvent]
{
    try await withThrowingTaskGroup(of: [WatchEvent]?.self) { group in
        group.addTask {
            var events: [WatchEvent] = []
            for try await event in stream {
                events.append(event)
                if events.count == count { break }
            }
            return events
        }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        let first = try await group.next()!
        group.cancelAll()
        guard let events = first else {
            Issue.record("timed out waiting for \(count) watch events")
            return []
        }
        return events
    }
}
