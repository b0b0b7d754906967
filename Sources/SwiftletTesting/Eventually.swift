/// Polls `condition` until it holds or `timeout` passes, and returns its
/// last answer. For tests of loops that converge (controllers, the
/// scheduler): the timeout only guards against hanging, it measures nothing.
public func eventually(
    timeout: Duration = .seconds(20), every interval: Duration = .milliseconds(20),
    _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return try await condition()
}
