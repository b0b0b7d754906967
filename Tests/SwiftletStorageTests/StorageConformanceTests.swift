import SwiftletStorage
import Testing

/// The contract every storage backend must keep. Each test runs once per
/// backend in `StorageBackendKind`.
@Suite("Storage conformance")
struct StorageConformanceTests {
    @Test(arguments: StorageBackendKind.allCases)
    func revisionsIncreaseOnEveryWrite(kind: StorageBackendKind) async throws {
        try await kind.withStore { store in
            let s = store.backend
            #expect(try await s.currentRevision() == .zero)
            let a = try await s.create("/a", value: Array(text: "1"))
            let b = try await s.create("/b", value: Array(text: "2"))
            let a2 = try await s.update("/a", value: Array(text: "3"), expected: a.modRevision)
            let d = try await s.delete("/b", expected: nil)
            #expect(a.modRevision < b.modRevision)
            #expect(b.modRevision < a2.modRevision)
            #expect(a2.modRevision < d.modRevision)
            #expect(a2.createRevision == a.createRevision)
            #expect(d.value == Array(text: "2"))
            #expect(try await s.currentRevision() == d.modRevision)
            #expect(try await s.get("/a")?.value == Array(text: "3"))
            #expect(try await s.get("/b") == nil)
        }
    }

    @Test(arguments: StorageBackendKind.allCases)
    func createOfExistingKeyFails(kind: StorageBackendKind) async throws {
        try await kind.withStore { store in
            _ = try await store.backend.create("/x", value: [1])
            await #expect(throws: StorageError.keyExists(key: "/x")) {
                _ = try await store.backend.create("/x", value: [2])
            }
            #expect(try await store.backend.get("/x")?.value == [1])
        }
    }

    @Test(arguments: StorageBackendKind.allCases)
    func compareAndSwapConflicts(kind: StorageBackendKind) async throws {
        try await kind.withStore { store in
            let s = store.backend
            let v1 = try await s.create("/k", value: [1])
            let v2 = try await s.update("/k", value: [2], expected: v1.modRevision)
            await #expect(throws: StorageError.conflict(key: "/k", currentRevision: v2.modRevision)) {
                _ = try await s.update("/k", value: [3], expected: v1.modRevision)
            }
            await #expect(throws: StorageError.conflict(key: "/k", currentRevision: v2.modRevision)) {
                _ = try await s.delete("/k", expected: v1.modRevision)
            }
            await #expect(throws: StorageError.keyNotFound(key: "/missing")) {
                _ = try await s.update("/missing", value: [3], expected: v1.modRevision)
            }
            #expect(try await s.get("/k")?.value == [2])
            // A deleted key can be created again, with a new create revision.
            let gone = try await s.delete("/k", expected: v2.modRevision)
            let again = try await s.create("/k", value: [4])
            #expect(again.createRevision > gone.modRevision)
        }
    }

    @Test(arguments: StorageBackendKind.allCases)
    func concurrentWritersEachGetTheirOwnRevision(kind: StorageBackendKind) async throws {
        try await kind.withStore { store in
            let s = store.backend
            let revisions = try await withThrowingTaskGroup(of: Revision.self) { group in
                for i in 0..<200 {
                    group.addTask { try await s.create("/c/\(i)", value: [UInt8(i % 256)]).modRevision }
                }
                return try await group.reduce(into: [Revision]()) { $0.append($1) }
            }
            #expect(Set(revisions).count == 200)
            #expect(try await s.list(ListRequest(prefix: "/c/")).items.count == 200)
            // Exactly one of many racing updates with the same expectation wins.
            let base = try await s.get("/c/0")!.modRevision
            let wins = await withTaskGroup(of: Bool.self) { group in
                for i in 0..<20 {
                    group.addTask { (try? await s.update("/c/0", value: [UInt8(i)], expected: base)) != nil }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(wins == 1)
        }
    }

    @Test(arguments: StorageBackendKind.allCases)
    func listsByPrefixInKeyOrder(kind: StorageBackendKind) async throws {
        try await kind.withStore { store in
            let s = store.backend
            for key in ["/p/ns1/b", "/p/ns1/a", "/p/ns10/a", "/p/ns2/a", "/q/a"] {
                _ = try await s.create(key, value: Array(text: key))
            }
            let all = try await s.list(ListRequest(prefix: "/p/"))
            #expect(all.items.map(\.key) == ["/p/ns1/a", "/p/ns1/b", "/p/ns10/a", "/p/ns2/a"])
            let ns1 = try await s.list(ListRequest(prefix: "/p/ns1/"))
            #expect(ns1.items.map(\.key) == ["/p/ns1/a", "/p/ns1/b"])
            #expect(ns1.hasMore == false)
        }
    }

    @Test(arguments: StorageBackendKind.allCases)
    func paginationIsConsistentAtOneRevision(kind: StorageBackendKind) async throws {
        try await kind.withStore { store in
            let s = store.backend
            for i in 0..<10 { _ = try await s.create("/pg/\(i)", value: [UInt8(i)]) }
            let first = try await s.list(ListRequest(prefix: "/pg/", limit: 4))
            #expect(first.items.count == 4)
            #expect(first.hasMore)
            #expect(first.remaining == 6)
            // Writes after the first page do not show up in later pages.
            _ = try await s.delete("/pg/5", expected: nil)
            _ = try await s.create("/pg/55", value: [55])
            _ = try await s.update("/pg/6", value: [66], expected: try await s.get("/pg/6")!.modRevision)
            var keys = first.items.map(\.key)
            var next = first
            while next.hasMore {
                next = try await s.list(
                    ListRequest(
                        prefix: "/pg/", startKey: next.items.last!.key + "\u{0}", limit: 4,
                        revision: first.revision))
                #expect(next.revision == first.revision)
                keys += next.items.map(\.key)
                if let six = next.items.first(where: { $0.key == "/pg/6" }) { #expect(six.value == [6]) }
            }
            #expect(keys == (0..<10).map { "/pg/\($0)" })
            // The latest list sees the new state.
            let latest = try await s.list(ListRequest(prefix: "/pg/"))
            #expect(latest.items.map(\.key).contains("/pg/55"))
            #expect(!latest.items.map(\.key).contains("/pg/5"))
        }
    }

    @Test(arguments: StorageBackendKind.allCases)
    func watchFromRevisionReplaysHistoryThenLiveInOrder(kind: StorageBackendKind) async throws {
        try await kind.withStore { store in
            let s = store.backend
            let a = try await s.create("/w/a", value: [1])
            _ = try await s.create("/other/x", value: [9])
            let a2 = try await s.update("/w/a", value: [2], expected: a.modRevision)
            let stream = try await s.watch(prefix: "/w/", after: a.modRevision - 0)
            // Live writes while the watch is catching up.
            let writer = Task {
                for i in 0..<50 { _ = try await s.create("/w/live\(i)", value: [UInt8(i)]) }
                _ = try await s.delete("/w/a", expected: nil)
            }
            let events = try await collect(stream, count: 52)
            try await writer.value
            #expect(events.count == 52)
            #expect(events.first?.kind == .updated)
            #expect(events.first?.current.modRevision == a2.modRevision)
            #expect(events.first?.previous?.value == [1])
            #expect(events.last?.kind == .deleted)
            #expect(events.last?.current.value == [2])
            let revs = events.map(\.revision)
            #expect(revs == revs.sorted())
            #expect(Set(revs).count == revs.count)
            #expect(events.allSatisfy { $0.current.key.hasPrefix("/w/") })
        }
    }

    @Test(arguments: StorageBackendKind.allCases)
    func watchFromOldRevisionAfterCompactionIsTooOld(kind: StorageBackendKind) async throws {
        try await kind.withStore { store in
            let s = store.backend
            let first = try await s.create("/k/a", value: [1])
            var last = first
            for i in 0..<20 {
                last = try await s.update("/k/a", value: [UInt8(i)], expected: last.modRevision)
            }
            _ = try await s.create("/k/b", value: [7])
            try await s.compact(upTo: last.modRevision)
            #expect(try await s.compactRevision() == last.modRevision)
            await #expect(
                throws: StorageError.compacted(
                    requested: first.modRevision, compactRevision: last.modRevision)
            ) {
                _ = try await s.watch(prefix: "/k/", after: first.modRevision)
            }
            await #expect(
                throws: StorageError.compacted(
                    requested: first.modRevision, compactRevision: last.modRevision)
            ) {
                _ = try await s.list(ListRequest(prefix: "/k/", revision: first.modRevision))
            }
            // The latest values survive compaction; so does a list at the compaction point.
            #expect(try await s.get("/k/a")?.value == [19])
            let atCompaction = try await s.list(ListRequest(prefix: "/k/", revision: last.modRevision))
            #expect(atCompaction.items.map(\.key) == ["/k/a"])
            let stream = try await s.watch(prefix: "/k/", after: last.modRevision)
            let events = try await collect(stream, count: 1)
            #expect(events.first?.current.key == "/k/b")
        }
    }

    /// A key deleted after one compaction and compacted again stays deleted:
    /// dropping its tombstone must take the older value with it.
    @Test(arguments: StorageBackendKind.allCases)
    func compactingATombstoneNeverBringsTheOldValueBack(kind: StorageBackendKind) async throws {
        try await kind.withStore { store in
            let s = store.backend
            let gone = try await s.create("/k/gone", value: [1])
            let kept = try await s.create("/k/kept", value: [2])
            try await s.compact(upTo: kept.modRevision)
            _ = try await s.delete("/k/gone", expected: gone.modRevision)
            let later = try await s.update("/k/kept", value: [3], expected: kept.modRevision)
            try await s.compact(upTo: later.modRevision)
            #expect(try await s.get("/k/gone") == nil)
            #expect(try await s.list(ListRequest(prefix: "/k/")).items.map(\.key) == ["/k/kept"])
            #expect(try await s.get("/k/kept")?.value == [3])
            // The key can be created again, from nothing.
            let again = try await s.create("/k/gone", value: [4])
            #expect(again.createRevision == again.modRevision)
        }
    }

    @Test(arguments: StorageBackendKind.allCases)
    func restartKeepsEveryAcknowledgedWrite(kind: StorageBackendKind) async throws {
        var store = try kind.make()
        guard store.isDurable else {  // nothing to restart in memory
            await store.cleanUp()
            return
        }
        var acknowledged: [String: [UInt8]] = [:]
        for i in 0..<100 {
            _ = try await store.backend.create("/r/\(i)", value: [UInt8(i)])
            acknowledged["/r/\(i)"] = [UInt8(i)]
        }
        let deleted = try await store.backend.delete("/r/7", expected: nil)
        acknowledged["/r/7"] = nil
        let before = try await store.backend.currentRevision()
        store = try await store.reopen()
        #expect(try await store.backend.currentRevision() == before)
        let items = try await store.backend.list(ListRequest(prefix: "/r/")).items
        #expect(Dictionary(uniqueKeysWithValues: items.map { ($0.key, $0.value) }) == acknowledged)
        // History survives too: a watch from before the delete replays it.
        let stream = try await store.backend.watch(prefix: "/r/", after: deleted.modRevision - 1)
        let events = try await collect(stream, count: 1)
        #expect(events.first?.kind == .deleted)
        #expect(events.first?.current.key == "/r/7")
        // And new writes continue the revision sequence.
        let next = try await store.backend.create("/r/new", value: [1])
        #expect(next.modRevision == before.next)
        await store.cleanUp()
    }
}

extension Revision {
    static func - (lhs: Revision, rhs: Int64) -> Revision { Revision(lhs.value - rhs) }
}
