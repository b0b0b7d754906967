import SwiftletClient
import SwiftletTesting
import Testing

@Suite("Work queue rate limiters", .timeLimit(.minutes(1)))
struct RateLimiterTests {
    @Test func exponentialBackoffDoublesFromFiveMillisecondsUpToTheCap() {
        let limiter = ItemExponentialFailureRateLimiter<String>()
        let delays = (0..<20).map { _ in limiter.when("a") }
        // 5 ms * 2^17 = 655.36 s; 2^18 would pass the 1000 s cap.
        let doubling = (0..<18).map { Duration.milliseconds(5) * (1 << $0) }
        #expect(Array(delays.prefix(18)) == doubling)
        #expect(delays[18] == .seconds(1000))
        #expect(delays[19] == .seconds(1000))
        #expect(limiter.numRequeues("a") == 20)
    }

    @Test func exponentialBackoffStaysCappedForHugeFailureCounts() {
        let limiter = ItemExponentialFailureRateLimiter<String>(
            baseDelay: .nanoseconds(1), maxDelay: .seconds(1_000_000))
        var last = Duration.zero
        for _ in 0..<500 { last = limiter.when("a") }
        #expect(last == .seconds(1_000_000))
    }

    @Test func forgetResetsOneKeyOnly() {
        let limiter = ItemExponentialFailureRateLimiter<String>()
        _ = limiter.when("a")
        _ = limiter.when("a")
        _ = limiter.when("b")
        #expect(limiter.numRequeues("a") == 2)
        limiter.forget("a")
        #expect(limiter.numRequeues("a") == 0)
        #expect(limiter.when("a") == .milliseconds(5))
        #expect(limiter.numRequeues("b") == 1)
        #expect(limiter.when("b") == .milliseconds(10))
    }

    @Test func bucketAllowsTheBurstThenSpacesAtTheRate() {
        let clock = ManualClock()
        let limiter = BucketRateLimiter<String>(clock: clock)
        for index in 0..<100 {
            #expect(limiter.when("key-\(index)") == .zero)
        }
        #expect(limiter.when("x") == .milliseconds(100))
        #expect(limiter.when("x") == .milliseconds(200))
        #expect(limiter.when("x") == .milliseconds(300))
        // One second earns ten tokens: three repay the debt, seven are free.
        clock.advance(by: .seconds(1))
        for _ in 0..<7 { #expect(limiter.when("y") == .zero) }
        #expect(limiter.when("y") == .milliseconds(100))
        #expect(limiter.numRequeues("x") == 0)
        limiter.forget("x")
    }

    @Test func bucketRefillsNoHigherThanTheBurst() {
        let clock = ManualClock()
        let limiter = BucketRateLimiter<String>(qps: 2, burst: 3, clock: clock)
        clock.advance(by: .seconds(60))
        for _ in 0..<3 { #expect(limiter.when("a") == .zero) }
        #expect(limiter.when("a") == .milliseconds(500))
    }

    @Test func maxOfObeysTheStrictestLimiter() {
        let clock = ManualClock()
        let limiter = MaxOfRateLimiter<String>(
            ItemExponentialFailureRateLimiter(baseDelay: .milliseconds(5), maxDelay: .seconds(10)),
            BucketRateLimiter(qps: 1, burst: 1, clock: clock)
        )
        #expect(limiter.when("a") == .milliseconds(5))
        #expect(limiter.when("a") == .seconds(1))
        #expect(limiter.numRequeues("a") == 2)
        limiter.forget("a")
        #expect(limiter.numRequeues("a") == 0)
    }

    @Test func defaultControllerLimiterCombinesBackoffAndBucket() {
        let clock = ManualClock()
        let limiter = DefaultControllerRateLimiter<String>(clock: clock)
        #expect(limiter.when("a") == .milliseconds(5))
        #expect(limiter.when("a") == .milliseconds(10))
        #expect(limiter.when("a") == .milliseconds(20))
        for index in 0..<97 {
            #expect(limiter.when("key-\(index)") == .milliseconds(5))
        }
        // The bucket's 100 tokens are gone: the 101st failure waits on it.
        #expect(limiter.when("b") == .milliseconds(100))
        limiter.forget("a")
        #expect(limiter.numRequeues("a") == 0)
    }
}
