import SwiftletAPI

/// A failed API call, typed by what the caller can do about it. Each case
/// keeps the server's `Status` message.
public enum KubernetesError: Error, Sendable, Equatable, CustomStringConvertible {
    case badRequest(String)
    case unauthorized(String)
    case forbidden(String)
    case notFound(String)
    case methodNotAllowed(String)
    case alreadyExists(String)
    case conflict(String)
    /// The watch or list start is older than the server's history (410).
    case gone(String)
    case requestTooLarge(String)
    case unsupportedMediaType(String)
    /// 422 with the field causes the server listed.
    case invalid(String, causes: [Cause])
    case tooManyRequests(String, retryAfterSeconds: Int?)
    case serverError(code: Int, String)
    case timeout(String)
    /// The request never got an HTTP answer (connection refused, TLS, ...).
    case transport(String)
    case decoding(String)

    public struct Cause: Sendable, Equatable {
        public var reason: String
        public var message: String
        public var field: String
    }

    public var description: String {
        switch self {
        case .badRequest(let m), .unauthorized(let m), .forbidden(let m), .notFound(let m), .methodNotAllowed(let m),
            .alreadyExists(let m), .conflict(let m), .gone(let m), .requestTooLarge(let m),
            .unsupportedMediaType(let m),
            .timeout(let m), .transport(let m), .decoding(let m):
            return m
        case .invalid(let m, _): return m
        case .tooManyRequests(let m, _): return m
        case .serverError(let code, let m): return "\(code): \(m)"
        }
    }

    public var isNotFound: Bool { if case .notFound = self { return true } else { return false } }
    public var isConflict: Bool { if case .conflict = self { return true } else { return false } }
    public var isAlreadyExists: Bool { if case .alreadyExists = self { return true } else { return false } }
    public var isGone: Bool { if case .gone = self { return true } else { return false } }

    /// Worth trying again unchanged: throttling, server overload, timeouts, lost connections.
    public var isRetryable: Bool {
        switch self {
        case .tooManyRequests, .timeout, .transport: return true
        case .serverError(let code, _): return code == 500 || code == 502 || code == 503 || code == 504
        default: return false
        }
    }

    /// Builds the error for an HTTP status and (if any) a Status body.
    init(code: Int, body: [UInt8], retryAfter: String?) {
        let status = try? JSONParser.parse(body)
        let message = status?["message"]?.stringValue ?? String(decoding: body.prefix(512), as: UTF8.self)
        let reason = status?["reason"]?.stringValue ?? ""
        switch code {
        case 400: self = .badRequest(message)
        case 401: self = .unauthorized(message)
        case 403: self = .forbidden(message)
        case 404: self = .notFound(message)
        case 405: self = .methodNotAllowed(message)
        case 409: self = reason == "AlreadyExists" ? .alreadyExists(message) : .conflict(message)
        case 410: self = .gone(message)
        case 413: self = .requestTooLarge(message)
        case 415: self = .unsupportedMediaType(message)
        case 422:
            let causes = (status?[path: ["details", "causes"]]?.arrayValue ?? []).map {
                Cause(
                    reason: $0["reason"]?.stringValue ?? "", message: $0["message"]?.stringValue ?? "",
                    field: $0["field"]?.stringValue ?? "")
            }
            self = .invalid(message, causes: causes)
        case 429:
            let seconds =
                retryAfter.flatMap(Int.init) ?? status?[path: ["details", "retryAfterSeconds"]]?.intValue.map(Int.init)
            self = .tooManyRequests(message, retryAfterSeconds: seconds)
        case 504: self = .timeout(message)
        default: self = .serverError(code: code, message)
        }
    }
}
