extension WorkQueue {
    /// Stops accepting keys and wakes idle workers with nil. Keys already
    /// queued are still handed out, as upstream. Ends any pending drain.
    public func shutDown() {
        drain = false
        beginShutdown()
        resumeDrainWaiters()
    }

    /// Like `shutDown()`, then waits until every key handed out is done.
    /// Workers must keep calling `done(_:)`; `shutDown()` or cancelling the
    /// caller ends the wait early.
    public func shutDownWithDrain() async {
        drain = true
        beginShutdown()
        guard !processing.isEmpty else { return }
        let id = makeWaiterID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                if Task.isCancelled || !drain || processing.isEmpty {
                    continuation.resume()
                } else {
                    drainWaiters[id] = continuation
                }
            }
        } onCancel: {
            Task { await self.cancelDrainWait(id) }
        }
    }

    func beginShutdown() {
        shuttingDown = true
        stopDelayTimer()
        waiting.removeAll()
        deadlines.removeAll()
        // Workers only wait while the queue is empty, so all of them are done.
        let idle = getWaiters
        getWaiters.removeAll()
        for waiter in idle { waiter.continuation.resume(returning: nil) }
    }

    func resumeDrainWaiters() {
        let waiters = drainWaiters.values
        drainWaiters.removeAll()
        for continuation in waiters { continuation.resume() }
    }

    private func cancelDrainWait(_ id: Int) {
        drainWaiters.removeValue(forKey: id)?.resume()
    }
}
