import Synchronization

/// Caps requests being served at once, separately for reads and writes as
/// upstream's max-requests-inflight and max-mutating-requests-inflight do.
/// Watches are long-running and not counted.
final class InFlightLimiter: Sendable {
    enum Kind: Sendable {
        case readOnly
        case mutating
    }

    private let limits: (readOnly: Int, mutating: Int)
    private let counts = Mutex((readOnly: 0, mutating: 0))

    init(readOnly: Int, mutating: Int) {
        self.limits = (readOnly, mutating)
    }

    /// Takes a slot, or returns false when the kind is at its limit.
    func acquire(_ kind: Kind) -> Bool {
        counts.withLock { c in
            switch kind {
            case .readOnly:
                guard c.readOnly < limits.readOnly else { return false }
                c.readOnly += 1
            case .mutating:
                guard c.mutating < limits.mutating else { return false }
                c.mutating += 1
            }
            return true
        }
    }

    func release(_ kind: Kind) {
        counts.withLock { c in
            switch kind {
            case .readOnly: c.readOnly -= 1
            case .mutating: c.mutating -= 1
            }
        }
    }

    var inFlight: (readOnly: Int, mutating: Int) { counts.withLock { $0 } }
}

extension APIError {
    /// 429 with a hint to come back in a second, as upstream answers.
    static var tooManyRequests: APIError {
        var e = APIError(code: 429, reason: "TooManyRequests", message: "Too many requests, please try again later.")
        e.retryAfterSeconds = 1
        return e
    }
}
