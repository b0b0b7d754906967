import SwiftletClient
import SwiftletTesting
import Synchronization
import Testing

@Suite("WorkQueue basics", .timeLimit(.minutes(1)))
struct WorkQueueTests {
    private func makeQueue() -> WorkQueue<String, ManualClock> {
        WorkQueue(clock: ManualClock())
    }

    @Test func addingAWaitingKeyAgainDoesNothing() async throws {
        let queue = makeQueue()
        await queue.add("a")
        await queue.add("b")
        await queue.add("a")
        #expect(await queue.len == 2)
        #expect(await queue.get() == "a")
        #expect(await queue.get() == "b")
        #expect(await queue.len == 0)
    }

    @Test func keysComeOutInTheOrderTheyWereAdded() async throws {
        let queue = makeQueue()
        let keys = (0..<50).map { "key-\($0)" }
        for key in keys { await queue.add(key) }
        var got: [String] = []
        for _ in keys { got.append(try #require(await queue.get())) }
        #expect(got == keys)
    }

    @Test func keyAddedWhileProcessingWaitsForDoneThenComesBackOnce() async throws {
        let queue = makeQueue()
        await queue.add("a")
        #expect(await queue.get() == "a")
        // Re-added twice while processing: held back, not queued.
        await queue.add("a")
        await queue.add("a")
        #expect(await queue.len == 0)
        // A second worker must not receive it while the first holds it.
        let second = Task { await queue.get() }
        #expect(await Bounded.until { await queue.idleWorkers == 1 })
        await Bounded.settle()
        #expect(await queue.idleWorkers == 1)
        await queue.done("a")
        #expect(try await Bounded.value(of: second) == "a")
        await queue.done("a")
        // Exactly once: nothing is left.
        #expect(await queue.len == 0)
        await queue.add("b")
        #expect(await queue.get() == "b")
    }

    @Test func doneForAKeyNotBeingProcessedIsIgnored() async throws {
        let queue = makeQueue()
        await queue.add("a")
        await queue.done("a")
        await queue.done("never-added")
        #expect(await queue.len == 1)
        #expect(await queue.get() == "a")
        #expect(await queue.len == 0)
    }

    @Test func addWakesAnIdleWorker() async throws {
        let queue = makeQueue()
        let worker = Task { await queue.get() }
        #expect(await Bounded.until { await queue.idleWorkers == 1 })
        await queue.add("a")
        #expect(try await Bounded.value(of: worker) == "a")
        #expect(await queue.len == 0)
    }

    @Test func concurrentWorkersNeverProcessOneKeyTwiceAtOnce() async throws {
        let queue = makeQueue()
        let tracker = ProcessingTracker()
        let keys = (0..<5).map { "key-\($0)" }
        let workers = (0..<4).map { _ in
            Task {
                while let key = await queue.get() {
                    let run = tracker.start(key)
                    // Like an event arriving mid-reconcile: the first two
                    // runs of each key re-add it while still holding it.
                    if run <= 2 {
                        tracker.added(key)
                        await queue.add(key)
                    }
                    for _ in 0..<3 { await Task.yield() }
                    tracker.finish(key)
                    await queue.done(key)
                }
            }
        }
        for round in 0..<100 {
            let key = keys[round % keys.count]
            tracker.added(key)
            await queue.add(key)
            if round % 7 == 0 { await Task.yield() }
        }
        let drain = Task { await queue.shutDownWithDrain() }
        try await Bounded.value(of: drain, timeout: .seconds(20))
        for worker in workers { try await Bounded.value(of: worker, timeout: .seconds(20)) }
        let report = tracker.report
        #expect(report.overlaps == 0)
        #expect(report.inFlight.isEmpty)
        // Every add was followed by a processing of its key.
        #expect(report.awaitingProcessing.isEmpty)
        #expect(Set(report.processed.keys) == Set(keys))
        #expect(report.processed.values.allSatisfy { $0 >= 3 })
        #expect(report.processed.values.reduce(0, +) <= 100 + 2 * keys.count)
        #expect(report.addsDuringProcessing >= 2 * keys.count)
    }
}

/// Records which keys workers hold, to catch one key processed twice at once.
private final class ProcessingTracker: Sendable {
    struct Report {
        var inFlight: Set<String> = []
        var overlaps = 0
        var processed: [String: Int] = [:]
        var awaitingProcessing: Set<String> = []
        var addsDuringProcessing = 0
    }

    private let state = Mutex(Report())

    var report: Report { state.withLock { $0 } }

    func added(_ key: String) {
        state.withLock { report in
            report.awaitingProcessing.insert(key)
            if report.inFlight.contains(key) { report.addsDuringProcessing += 1 }
        }
    }

    /// Returns how many times `key` has started, this time included.
    func start(_ key: String) -> Int {
        state.withLock { report in
            if !report.inFlight.insert(key).inserted { report.overlaps += 1 }
            report.awaitingProcessing.remove(key)
            report.processed[key, default: 0] += 1
            return report.processed[key, default: 0]
        }
    }

    func finish(_ key: String) {
        state.withLock { _ = $0.inFlight.remove(key) }
    }
}
