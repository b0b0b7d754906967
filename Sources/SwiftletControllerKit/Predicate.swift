import SwiftletModels

/// Filters which changes of an object reach the work queue.
public struct Predicate<Object: Sendable>: Sendable {
    /// Called with (old, new); old is nil for adds and deletes.
    let accepts: @Sendable (_ old: Object?, _ new: Object) -> Bool

    public init(_ accepts: @escaping @Sendable (_ old: Object?, _ new: Object) -> Bool) {
        self.accepts = accepts
    }
}

extension Predicate where Object: KubernetesResource {
    /// Only changes of metadata.generation (spec changes), plus adds and deletes.
    public static var generationChanged: Predicate {
        Predicate { old, new in old == nil || old?.generation != new.generation }
    }

    /// Only objects with these labels.
    public static func hasLabels(_ labels: [String: String]) -> Predicate {
        Predicate { _, new in labels.allSatisfy { new.labels?[$0.key] == $0.value } }
    }
}
