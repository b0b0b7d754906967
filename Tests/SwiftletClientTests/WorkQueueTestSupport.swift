import Synchronization

/// Bounded real-time waits for task scheduling, so no work queue test can hang.
enum Bounded {
    struct TimedOut: Error {}

    /// Polls `condition` until it holds; false if `timeout` passes first.
    static func until(
        timeout: Duration = .seconds(5), _ condition: @Sendable () async -> Bool
    ) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return await condition()
    }

    /// The result of `task`; after `timeout` the task is cancelled and
    /// `TimedOut` thrown (everything awaited here ends when cancelled).
    static func result<Success: Sendable, Failure: Error>(
        of task: Task<Success, Failure>, timeout: Duration = .seconds(5)
    ) async throws -> Result<Success, Failure> {
        let outcome = await withTaskGroup(of: Result<Success, Failure>?.self) { group in
            group.addTask { await task.result }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            if first == nil { task.cancel() }
            group.cancelAll()
            return first
        }
        guard let outcome else { throw TimedOut() }
        return outcome
    }

    static func value<Success: Sendable>(
        of task: Task<Success, Never>, timeout: Duration = .seconds(5)
    ) async throws -> Success {
        try await result(of: task, timeout: timeout).get()
    }

    /// Gives other tasks a moment (real time) to do something they must not
    /// do; used before asserting that nothing happened.
    static func settle() async {
        for _ in 0..<20 { await Task.yield() }
        try? await Task.sleep(for: .milliseconds(20))
    }
}

/// A thread-safe flag tests set from other tasks.
final class SetOnceFlag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
