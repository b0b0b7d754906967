import SwiftletAPI
import SwiftletModels

/// One requirement of a node selector term: `key In (a, b)`, `key Gt 3`.
public struct NodeRequirement: Sendable, Equatable {
    public enum Operator: String, Sendable {
        case `in` = "In", notIn = "NotIn", exists = "Exists", doesNotExist = "DoesNotExist", gt = "Gt", lt = "Lt"
    }
    public var key: String
    public var `operator`: Operator?
    public var values: [String]

    public init(key: String, operator op: Operator?, values: [String] = []) {
        self.key = key
        self.operator = op
        self.values = values
    }

    init(_ model: CoreV1.NodeSelectorRequirement) {
        self.init(key: model.key ?? "", operator: model.operator.flatMap(Operator.init), values: model.values ?? [])
    }

    /// Whether a value set (node labels, or `metadata.name` for field
    /// requirements) satisfies the requirement. An unknown operator or a
    /// `Gt`/`Lt` value that is not an integer matches nothing, as upstream.
    public func matches(_ labels: [String: String]) -> Bool {
        let label = labels[key]
        switch self.operator {
        case .in: return label.map(values.contains) ?? false
        case .notIn: return label.map { !values.contains($0) } ?? true
        case .exists: return label != nil
        case .doesNotExist: return label == nil
        case .gt, .lt:
            guard values.count == 1, let bound = Int64(values[0]), let label, let number = Int64(label) else {
                return false
            }
            return self.operator == .gt ? number > bound : number < bound
        case nil: return false
        }
    }
}

/// One term of a node selector: every expression on labels and every field
/// requirement on `metadata.name` must hold. An empty term matches nothing.
public struct NodeSelectorTerm: Sendable, Equatable {
    public var matchExpressions: [NodeRequirement]
    public var matchFields: [NodeRequirement]

    public init(matchExpressions: [NodeRequirement] = [], matchFields: [NodeRequirement] = []) {
        self.matchExpressions = matchExpressions
        self.matchFields = matchFields
    }

    init(_ model: CoreV1.NodeSelectorTerm) {
        matchExpressions = (model.matchExpressions ?? []).map(NodeRequirement.init)
        matchFields = (model.matchFields ?? []).map(NodeRequirement.init)
    }

    public func matches(nodeName: String, labels: [String: String]) -> Bool {
        if matchExpressions.isEmpty && matchFields.isEmpty { return false }
        for requirement in matchExpressions where !requirement.matches(labels) { return false }
        for requirement in matchFields {
            // `metadata.name` is the only field upstream supports.
            guard requirement.key == "metadata.name", requirement.matches(["metadata.name": nodeName]) else {
                return false
            }
        }
        return true
    }
}

/// `requiredDuringSchedulingIgnoredDuringExecution`: the terms are ORed.
public struct RequiredNodeSelector: Sendable, Equatable {
    public var terms: [NodeSelectorTerm]

    public init(terms: [NodeSelectorTerm]) { self.terms = terms }

    public func matches(nodeName: String, labels: [String: String]) -> Bool {
        terms.contains { $0.matches(nodeName: nodeName, labels: labels) }
    }
}

/// One `preferredDuringSchedulingIgnoredDuringExecution` entry of node affinity.
public struct PreferredNodeTerm: Sendable, Equatable {
    public var weight: Int64
    public var preference: NodeSelectorTerm

    public init(weight: Int64, preference: NodeSelectorTerm) {
        self.weight = weight
        self.preference = preference
    }
}
