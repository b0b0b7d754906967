import Foundation
import SwiftletStorage

/// Wraps a storage backend to record each operation's latency by resource.
struct InstrumentedStorage: StorageBackend {
    let base: any StorageBackend
    let metrics: APIMetrics

    /// `/registry/apps/deployments/ns/name` -> `deployments`.
    private static func resource(of key: String) -> String {
        let parts = key.split(separator: "/", maxSplits: 3)
        return parts.count >= 3 ? String(parts[2]) : ""
    }

    private func timed<T>(_ operation: String, _ key: String, _ body: () async throws -> T) async rethrows -> T {
        let start = ContinuousClock.now
        defer {
            let d = ContinuousClock.now - start
            let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            metrics.storage(operation: operation, resource: Self.resource(of: key), seconds: seconds)
        }
        return try await body()
    }

    func get(_ key: String) async throws -> KeyValue? { try await timed("get", key) { try await base.get(key) } }
    func list(_ request: ListRequest) async throws -> ListResult {
        try await timed("list", request.prefix) { try await base.list(request) }
    }
    func create(_ key: String, value: [UInt8]) async throws -> KeyValue {
        try await timed("create", key) { try await base.create(key, value: value) }
    }
    func update(_ key: String, value: [UInt8], expected: Revision) async throws -> KeyValue {
        try await timed("update", key) { try await base.update(key, value: value, expected: expected) }
    }
    func delete(_ key: String, expected: Revision?) async throws -> KeyValue {
        try await timed("delete", key) { try await base.delete(key, expected: expected) }
    }
    func watch(prefix: String, after: Revision) async throws -> WatchStream {
        try await base.watch(prefix: prefix, after: after)
    }
    func currentRevision() async throws -> Revision { try await base.currentRevision() }
    func compactRevision() async throws -> Revision { try await base.compactRevision() }
    func compact(upTo revision: Revision) async throws { try await base.compact(upTo: revision) }
    func close() async { await base.close() }
}
