import SwiftletAPI

/// What a controller does: given only a namespace and name, read the
/// current state and move it toward the wanted state. Called again whenever
/// anything related changes (level-triggered, never told what changed).
public protocol Reconciler: Sendable {
    func reconcile(_ request: NamespacedName) async throws -> ReconcileResult
}

/// How a reconcile ended.
public enum ReconcileResult: Sendable, Equatable {
    /// Converged; nothing to do until something changes.
    case done
    /// Look again after this long (polling an outside condition).
    case requeueAfter(Duration)
}

/// An error that retrying will not fix (bad spec, say): logged, not requeued.
/// Any other error requeues the request with exponential backoff.
public struct TerminalError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A reconciler from a closure, for small controllers and tests.
public struct ReconcileFunction: Reconciler {
    let body: @Sendable (NamespacedName) async throws -> ReconcileResult
    public init(_ body: @escaping @Sendable (NamespacedName) async throws -> ReconcileResult) { self.body = body }
    public func reconcile(_ request: NamespacedName) async throws -> ReconcileResult { try await body(request) }
}
