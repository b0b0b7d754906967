import Foundation
import Synchronization

/// What a controller is still waiting to see in its informer after its own
/// creates and deletes, so a slow cache never makes it create or delete
/// twice (upstream's ControllerExpectations). Expectations expire after
/// five minutes in case an event is lost.
final class Expectations: Sendable {
    private struct Pending {
        var adds: Int
        var deletes: Int
        var at: Date
    }

    private let state = Mutex<[String: Pending]>([:])
    static let timeout: TimeInterval = 300

    func expect(_ key: String, adds: Int = 0, deletes: Int = 0) {
        state.withLock { $0[key] = Pending(adds: adds, deletes: deletes, at: Date()) }
    }

    func observedAdd(_ key: String) {
        state.withLock { if $0[key] != nil { $0[key]!.adds -= 1 } }
    }

    func observedDelete(_ key: String) {
        state.withLock { if $0[key] != nil { $0[key]!.deletes -= 1 } }
    }

    /// True when nothing is outstanding (or the wait has expired).
    func satisfied(_ key: String) -> Bool {
        state.withLock { s in
            guard let p = s[key] else { return true }
            return (p.adds <= 0 && p.deletes <= 0) || Date().timeIntervalSince(p.at) > Self.timeout
        }
    }

    func forget(_ key: String) {
        state.withLock { _ = $0.removeValue(forKey: key) }
    }
}
