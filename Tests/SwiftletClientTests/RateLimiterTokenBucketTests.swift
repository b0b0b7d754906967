import SwiftletClient
import SwiftletTesting
import Testing

@Suite("TokenBucket", .timeLimit(.minutes(1)))
struct TokenBucketTests {
    @Test func tryAcceptAllowsTheBurstThenRefillsWithTheClock() {
        let clock = ManualClock()
        let bucket = TokenBucket(qps: 5, burst: 10, clock: clock)
        for _ in 0..<10 { #expect(bucket.tryAccept()) }
        #expect(!bucket.tryAccept())
        clock.advance(by: .milliseconds(199))
        #expect(!bucket.tryAccept())
        clock.advance(by: .milliseconds(1))
        #expect(bucket.tryAccept())
        #expect(!bucket.tryAccept())
        // A long idle time refills no more than the burst.
        clock.advance(by: .seconds(3600))
        for _ in 0..<10 { #expect(bucket.tryAccept()) }
        #expect(!bucket.tryAccept())
    }

    @Test func waitReturnsAtOnceWhileTokensLast() async throws {
        let clock = ManualClock()
        let bucket = TokenBucket(qps: 5, burst: 10, clock: clock)
        let burst = Task { for _ in 0..<10 { try await bucket.wait() } }
        try await Bounded.result(of: burst).get()
        #expect(clock.sleeperCount == 0)
    }

    @Test func waitSleepsUntilTheClockEarnsAToken() async throws {
        let clock = ManualClock()
        let bucket = TokenBucket(qps: 5, burst: 1, clock: clock)
        try await bucket.wait()
        let passed = SetOnceFlag()
        let waiter = Task {
            try await bucket.wait()
            passed.set()
        }
        try await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(199))
        await Bounded.settle()
        #expect(!passed.isSet)
        clock.advance(by: .milliseconds(1))
        try await Bounded.result(of: waiter).get()
        #expect(passed.isSet)
    }

    @Test func concurrentWaitersAreSpacedOneIntervalApart() async throws {
        let clock = ManualClock()
        let bucket = TokenBucket(qps: 5, burst: 1, clock: clock)
        #expect(bucket.tryAccept())
        let first = Task { try await bucket.wait() }
        try await clock.waitForSleepers(1)
        let second = Task { try await bucket.wait() }
        try await clock.waitForSleepers(2)
        clock.advance(by: .milliseconds(200))
        try await Bounded.result(of: first).get()
        await Bounded.settle()
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .milliseconds(200))
        try await Bounded.result(of: second).get()
    }

    @Test func aCancelledWaitThrowsAndGivesItsTokenBack() async throws {
        let clock = ManualClock()
        let bucket = TokenBucket(qps: 5, burst: 1, clock: clock)
        #expect(bucket.tryAccept())
        let waiter = Task { try await bucket.wait() }
        try await clock.waitForSleepers(1)
        waiter.cancel()
        let outcome = try await Bounded.result(of: waiter)
        #expect(throws: CancellationError.self) { try outcome.get() }
        // Only the token the first caller used is owed: one interval frees one.
        clock.advance(by: .milliseconds(200))
        #expect(bucket.tryAccept())
        #expect(!bucket.tryAccept())
    }
}
