import SwiftletClient
import SwiftletTesting
import Testing

@Suite("WorkQueue shutdown and cancellation", .timeLimit(.minutes(1)))
struct WorkQueueShutdownTests {
    private func makeQueue() -> WorkQueue<String, ManualClock> {
        WorkQueue(clock: ManualClock())
    }

    @Test func shutDownWakesIdleWorkersWithNil() async throws {
        let queue = makeQueue()
        let workers = (0..<3).map { _ in Task { await queue.get() } }
        #expect(await Bounded.until { await queue.idleWorkers == 3 })
        await queue.shutDown()
        for worker in workers {
            #expect(try await Bounded.value(of: worker) == nil)
        }
        #expect(await queue.isShuttingDown)
    }

    @Test func afterShutDownNewKeysAreIgnoredAndQueuedKeysStillComeOut() async throws {
        let queue = makeQueue()
        await queue.add("a")
        await queue.shutDown()
        await queue.add("b")
        #expect(await queue.len == 1)
        #expect(await queue.get() == "a")
        #expect(await queue.get() == nil)
    }

    @Test func shutDownWithDrainWaitsUntilProcessedKeysAreDone() async throws {
        let queue = makeQueue()
        await queue.add("a")
        await queue.add("b")
        #expect(await queue.get() == "a")
        let drained = SetOnceFlag()
        let drain = Task {
            await queue.shutDownWithDrain()
            drained.set()
        }
        #expect(await Bounded.until { await queue.isShuttingDown })
        // Queued keys are still handed out during the drain.
        #expect(await queue.get() == "b")
        await queue.done("a")
        await Bounded.settle()
        #expect(!drained.isSet)
        await queue.done("b")
        try await Bounded.value(of: drain)
        #expect(drained.isSet)
        #expect(await queue.get() == nil)
    }

    @Test func shutDownWithDrainReturnsAtOnceWhenNothingIsProcessed() async throws {
        let queue = makeQueue()
        let drain = Task { await queue.shutDownWithDrain() }
        try await Bounded.value(of: drain)
        #expect(await queue.get() == nil)
    }

    @Test func shutDownEndsAPendingDrain() async throws {
        let queue = makeQueue()
        await queue.add("a")
        #expect(await queue.get() == "a")
        let drain = Task { await queue.shutDownWithDrain() }
        #expect(await Bounded.until { await queue.isShuttingDown })
        await queue.shutDown()
        try await Bounded.value(of: drain)
    }

    @Test func cancellingADrainingCallerEndsItsWait() async throws {
        let queue = makeQueue()
        await queue.add("a")
        #expect(await queue.get() == "a")
        let drain = Task { await queue.shutDownWithDrain() }
        #expect(await Bounded.until { await queue.isShuttingDown })
        drain.cancel()
        try await Bounded.value(of: drain)
    }

    @Test func cancellingABlockedGetReturnsNilAndLosesNothing() async throws {
        let queue = makeQueue()
        let worker = Task { await queue.get() }
        #expect(await Bounded.until { await queue.idleWorkers == 1 })
        worker.cancel()
        #expect(try await Bounded.value(of: worker) == nil)
        #expect(await queue.idleWorkers == 0)
        // The next key is queued for a live worker, not given to the cancelled one.
        await queue.add("a")
        #expect(await queue.len == 1)
        #expect(await queue.get() == "a")
    }

    @Test func getInACancelledTaskReturnsNil() async throws {
        let queue = makeQueue()
        await queue.add("a")
        let worker = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await queue.get()
        }
        #expect(try await Bounded.value(of: worker) == nil)
        #expect(await queue.len == 1)
    }

    @Test func manyCancelledWorkersLeaveNoWaiterBehind() async throws {
        let queue = makeQueue()
        let workers = (0..<20).map { _ in Task { await queue.get() } }
        #expect(await Bounded.until { await queue.idleWorkers == 20 })
        for worker in workers { worker.cancel() }
        for worker in workers { #expect(try await Bounded.value(of: worker) == nil) }
        #expect(await queue.idleWorkers == 0)
    }
}
