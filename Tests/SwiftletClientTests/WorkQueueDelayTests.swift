import SwiftletClient
import SwiftletTesting
import Testing

@Suite("WorkQueue delayed and rate-limited adds", .timeLimit(.minutes(1)))
struct WorkQueueDelayTests {
    @Test func addAfterFiresAtTheVirtualTimeAndNotBefore() async throws {
        let clock = ManualClock()
        let queue = WorkQueue<String, ManualClock>(clock: clock)
        await queue.addAfter("a", delay: .seconds(5))
        #expect(await queue.delayedCount == 1)
        try await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(4999))
        await Bounded.settle()
        #expect(await queue.len == 0)
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .milliseconds(1))
        #expect(await Bounded.until { await queue.len == 1 })
        #expect(await queue.delayedCount == 0)
        #expect(await queue.get() == "a")
    }

    @Test func anEarlierDelayReplacesALaterOne() async throws {
        let clock = ManualClock()
        let queue = WorkQueue<String, ManualClock>(clock: clock)
        await queue.addAfter("a", delay: .seconds(10))
        try await clock.waitForSleepers(1)
        await queue.addAfter("a", delay: .seconds(2))
        #expect(await queue.delayedCount == 1)
        try await clock.waitForSleepers(1)
        clock.advance(by: .seconds(2))
        #expect(await Bounded.until { await queue.len == 1 })
        #expect(await queue.get() == "a")
        await queue.done("a")
        // The 10 s entry was replaced, not kept: nothing fires at 10 s.
        clock.advance(by: .seconds(8))
        await Bounded.settle()
        #expect(await queue.len == 0)
        #expect(clock.sleeperCount == 0)
    }

    @Test func aLaterDelayKeepsTheEarlierTime() async throws {
        let clock = ManualClock()
        let queue = WorkQueue<String, ManualClock>(clock: clock)
        await queue.addAfter("a", delay: .seconds(2))
        await queue.addAfter("a", delay: .seconds(10))
        try await clock.waitForSleepers(1)
        clock.advance(by: .seconds(2))
        #expect(await Bounded.until { await queue.len == 1 })
        #expect(await queue.delayedCount == 0)
    }

    @Test func delayedKeysBecomeReadyInDeadlineOrder() async throws {
        let clock = ManualClock()
        let queue = WorkQueue<String, ManualClock>(clock: clock)
        await queue.addAfter("a", delay: .seconds(3))
        await queue.addAfter("b", delay: .seconds(1))
        await queue.addAfter("c", delay: .seconds(2))
        try await clock.waitForSleepers(1)
        clock.advance(by: .seconds(1))
        #expect(await Bounded.until { await queue.len == 1 })
        try await clock.waitForSleepers(1)
        clock.advance(by: .seconds(2))
        #expect(await Bounded.until { await queue.len == 3 })
        #expect(await queue.get() == "b")
        #expect(await queue.get() == "c")
        #expect(await queue.get() == "a")
    }

    @Test func aDelayOfZeroAddsAtOnce() async throws {
        let queue = WorkQueue<String, ManualClock>(clock: ManualClock())
        await queue.addAfter("a", delay: .zero)
        #expect(await queue.len == 1)
        #expect(await queue.delayedCount == 0)
    }

    @Test func aDelayedKeyWakesAnIdleWorker() async throws {
        let clock = ManualClock()
        let queue = WorkQueue<String, ManualClock>(clock: clock)
        let worker = Task { await queue.get() }
        #expect(await Bounded.until { await queue.idleWorkers == 1 })
        await queue.addAfter("a", delay: .seconds(1))
        try await clock.waitForSleepers(1)
        clock.advance(by: .seconds(1))
        #expect(try await Bounded.value(of: worker) == "a")
    }

    @Test func shutDownDropsDelayedKeysAndStopsTheTimer() async throws {
        let clock = ManualClock()
        let queue = WorkQueue<String, ManualClock>(clock: clock)
        await queue.addAfter("a", delay: .seconds(1))
        try await clock.waitForSleepers(1)
        await queue.shutDown()
        #expect(await Bounded.until { clock.sleeperCount == 0 })
        await queue.addAfter("b", delay: .seconds(1))
        clock.advance(by: .seconds(5))
        await Bounded.settle()
        #expect(await queue.len == 0)
        #expect(await queue.delayedCount == 0)
        #expect(await queue.get() == nil)
    }

    @Test func addRateLimitedWaitsTheLimitersDelay() async throws {
        let clock = ManualClock()
        let limiter = ItemExponentialFailureRateLimiter<String>(baseDelay: .seconds(1), maxDelay: .seconds(3))
        let queue = WorkQueue(clock: clock, rateLimiter: limiter)
        for expected in [1, 2, 3, 3] {
            await queue.addRateLimited("a")
            try await clock.waitForSleepers(1)
            clock.advance(by: .seconds(expected) - .milliseconds(1))
            await Bounded.settle()
            #expect(await queue.len == 0)
            clock.advance(by: .milliseconds(1))
            #expect(await Bounded.until { await queue.len == 1 })
            #expect(await queue.get() == "a")
            await queue.done("a")
        }
        #expect(queue.numRequeues("a") == 4)
        queue.forget("a")
        #expect(queue.numRequeues("a") == 0)
        await queue.addRateLimited("a")
        try await clock.waitForSleepers(1)
        clock.advance(by: .seconds(1))
        #expect(await Bounded.until { await queue.len == 1 })
    }
}
