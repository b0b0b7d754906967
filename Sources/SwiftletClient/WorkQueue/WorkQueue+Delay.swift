extension WorkQueue {
    /// The one task sleeping on the clock until the earliest delayed key is
    /// ready. A newer timer (higher generation) supersedes it.
    struct DelayTimer {
        let task: Task<Void, Never>
        let deadline: C.Instant
        let generation: Int
    }

    /// Adds `key` once `delay` has passed on the queue's clock. A key that
    /// already waits keeps the earlier of its two ready times; a delay of
    /// zero or less adds at once.
    public func addAfter(_ key: Key, delay: Duration) {
        guard !shuttingDown else { return }
        guard delay > .zero else {
            add(key)
            return
        }
        let readyAt = clock.now.advanced(by: delay)
        if let existing = waiting[key], existing <= readyAt { return }
        waiting[key] = readyAt
        deadlines.insert(key, at: readyAt)
        armDelayTimer()
    }

    /// How many keys wait for a delayed add. For information only.
    public var delayedCount: Int { waiting.count }

    /// Makes sure a timer sleeps until the earliest live deadline.
    func armDelayTimer() {
        dropStaleDeadlines()
        guard !shuttingDown, let next = deadlines.first?.deadline else {
            stopDelayTimer()
            return
        }
        if let timer, timer.deadline <= next { return }
        stopDelayTimer()
        timerGeneration += 1
        let generation = timerGeneration
        let clock = self.clock
        let task = Task { [weak self] in
            do {
                try await clock.sleep(until: next, tolerance: nil)
            } catch {
                return
            }
            await self?.delayTimerFired(generation: generation)
        }
        timer = DelayTimer(task: task, deadline: next, generation: generation)
    }

    func stopDelayTimer() {
        timer?.task.cancel()
        timer = nil
    }

    private func delayTimerFired(generation: Int) {
        guard let timer, timer.generation == generation else { return }
        self.timer = nil
        let now = clock.now
        while let entry = deadlines.first, entry.deadline <= now {
            _ = deadlines.removeFirst()
            guard waiting[entry.key] == entry.deadline else { continue }
            waiting.removeValue(forKey: entry.key)
            add(entry.key)
        }
        armDelayTimer()
    }

    /// Removes heap entries superseded by an earlier ready time or already
    /// fired, so the timer never wakes for them.
    private func dropStaleDeadlines() {
        while let entry = deadlines.first, waiting[entry.key] != entry.deadline {
            _ = deadlines.removeFirst()
        }
    }
}
