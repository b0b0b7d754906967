import Foundation
import Synchronization

/// What the agent remembers between syncs of a pod, in memory only: the
/// restart back-off of each container (upstream's CrashLoopBackOff: 10 s,
/// doubling up to 5 minutes, forgotten after 10 minutes of running) and why
/// a container waits. Lost on restart, which only shortens the next delay.
final class PodWorkState: Sendable {
    struct Waiting: Sendable {
        var reason: String
        var message: String?
    }

    private struct PodEntry {
        var backoff: [String: Duration] = [:]
        var waiting: [String: Waiting] = [:]
    }

    static let initialBackoff: Duration = .seconds(10)
    static let maxBackoff: Duration = .seconds(300)
    static let resetAfter: TimeInterval = 600

    private let pods = Mutex<[String: PodEntry]>([:])

    func waiting(uid: String) -> [String: (reason: String, message: String?)] {
        pods.withLock { $0[uid]?.waiting.mapValues { ($0.reason, $0.message) } ?? [:] }
    }

    func setWaiting(uid: String, container: String, reason: String, message: String? = nil) {
        pods.withLock { $0[uid, default: PodEntry()].waiting[container] = Waiting(reason: reason, message: message) }
    }

    func clearWaiting(uid: String, container: String) {
        pods.withLock { _ = $0[uid]?.waiting.removeValue(forKey: container) }
    }

    /// Whether a container that finished at `finishedAt` (after running since
    /// `startedAt`) may restart now; if not, how long it still waits and the
    /// delay being served. A restart allowed now doubles the next delay.
    func restartDecision(uid: String, key: String, startedAt: Date, finishedAt: Date, now: Date) -> (
        wait: Duration?, delay: Duration
    ) {
        pods.withLock { all in
            var entry = all[uid, default: PodEntry()]
            defer { all[uid] = entry }
            if finishedAt.timeIntervalSince(startedAt) >= Self.resetAfter { entry.backoff[key] = nil }
            guard let delay = entry.backoff[key] else {
                entry.backoff[key] = Self.initialBackoff
                return (nil, .zero)
            }
            let elapsed = Duration.seconds(now.timeIntervalSince(finishedAt))
            if elapsed < delay { return (delay - elapsed, delay) }
            entry.backoff[key] = min(delay * 2, Self.maxBackoff)
            return (nil, delay)
        }
    }

    func forget(uid: String) {
        pods.withLock { _ = $0.removeValue(forKey: uid) }
    }
}

extension Duration {
    /// Whole seconds as upstream prints them in back-off messages ("10s", "5m0s").
    var goString: String {
        let seconds = components.seconds
        return seconds >= 60 ? "\(seconds / 60)m\(seconds % 60)s" : "\(seconds)s"
    }
}
