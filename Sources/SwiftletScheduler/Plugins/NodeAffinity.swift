import SwiftletAPI
import SwiftletModels

/// NodeAffinity places a pod only on nodes its `nodeSelector` and required
/// node affinity allow, and ranks them by the preferred node affinity they
/// satisfy.
///
/// Required: every `nodeSelector` label must be on the node with that value,
/// and one of the required terms must hold (terms are ORed, the expressions
/// and fields of a term ANDed). A term upstream's parser would reject (an
/// unknown operator, `In` without values, a `Gt` bound that is not an
/// integer, a field other than `In`/`NotIn` with one value...) matches no
/// node, as upstream. Refusals are unresolvable: evicting pods does not
/// relabel a node.
///
/// Preferred: a node scores the summed weights of the terms it matches,
/// normalized so the best node gets 100.
///
/// `addedAffinity` (the plugin's args) applies to every pod on top of its
/// own: its required selector refuses nodes with its own reason, its
/// preferred terms add to the score.
public struct NodeAffinity: PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
    public let name = "NodeAffinity"

    /// Upstream's reasons, counted in "0/3 nodes are available: ...".
    public static let reasonPod = "node(s) didn't match Pod's node affinity/selector"
    public static let reasonEnforced = "node(s) didn't match scheduler-enforced node affinity"
    public static let reasonConflict = "pod affinity terms conflict"

    /// The only node field that selector terms can name.
    public static let metadataNameField = "metadata.name"

    private let addedRequired: NodeAffinitySelector?
    private let addedPreferred: [NodeAffinityWeightedTerm]

    /// Without added affinity.
    public init() {
        addedRequired = nil
        addedPreferred = []
    }

    /// With the scheduler-enforced affinity of `args`; throws when a term
    /// of it would not parse upstream.
    public init(args: NodeAffinityArgs) throws(NodeAffinityArgs.Invalid) {
        let added = try args.compiled()
        addedRequired = added.required
        addedPreferred = added.preferred
    }

    public func preFilter(pod: PodInfo, snapshot: Snapshot, state: inout CycleState) -> PluginStatus {
        guard pod.requiredNodeAffinity != nil || addedRequired != nil || !pod.nodeSelector.isEmpty else {
            return .skip
        }
        state[NodeAffinityRequirement.self] = NodeAffinityRequirement(pod)
        if Self.namedNodesConflict(pod.requiredNodeAffinity) { return .unresolvable(Self.reasonConflict) }
        return .success
    }

    public func filter(pod: PodInfo, node: NodeInfo, state: CycleState) -> PluginStatus {
        if let addedRequired, !addedRequired.matches(node) { return .unresolvable(Self.reasonEnforced) }
        let requirement = state[NodeAffinityRequirement.self] ?? NodeAffinityRequirement(pod)
        return requirement.matches(node) ? .success : .unresolvable(Self.reasonPod)
    }

    public func preScore(pod: PodInfo, nodes: [NodeInfo], snapshot: Snapshot, state: inout CycleState)
        -> PluginStatus
    {
        let preference = NodeAffinityPreference(pod)
        if preference.terms.isEmpty && addedPreferred.isEmpty { return .skip }
        state[NodeAffinityPreference.self] = preference
        return .success
    }

    public func score(pod: PodInfo, node: NodeInfo, state: CycleState) -> Int64 {
        let preference = state[NodeAffinityPreference.self] ?? NodeAffinityPreference(pod)
        var total: Int64 = 0
        for term in addedPreferred where term.term.matches(node) { total += term.weight }
        for term in preference.terms where term.term.matches(node) { total += term.weight }
        return total
    }

    public func normalize(scores: inout [Int64], pod: PodInfo, state: CycleState) {
        normalizeScores(&scores, reverse: false)
    }

    /// Upstream's early refusal: when every required term pins the pod to
    /// nodes by `metadata.name In`, and no name survives (each term's
    /// names intersected, the terms' names united), no node can match.
    static func namedNodesConflict(_ required: RequiredNodeSelector?) -> Bool {
        guard let required, !required.terms.isEmpty else { return false }
        var names = Set<String>()
        for term in required.terms {
            var termNames: Set<String>?
            for field in term.matchFields where field.key == Self.metadataNameField && field.operator == .in {
                let values = Set(field.values)
                termNames = termNames.map { $0.intersection(values) } ?? values
            }
            // A term not pinned by name leaves every node possible.
            guard let termNames else { return false }
            names.formUnion(termNames)
        }
        return names.isEmpty
    }
}

/// What Filter checks for one pod: its `nodeSelector` and its required
/// node affinity (nil when it has none), parsed once per cycle.
private struct NodeAffinityRequirement: Sendable {
    var selector: [(key: String, value: String)]
    var required: NodeAffinitySelector?

    init(_ pod: PodInfo) {
        selector = pod.nodeSelector.map { (key: $0.key, value: $0.value) }
        required = pod.requiredNodeAffinity.map { NodeAffinitySelector($0.terms) }
    }

    func matches(_ node: NodeInfo) -> Bool {
        for (key, value) in selector where node.labels[key] != value { return false }
        return required?.matches(node) ?? true
    }
}

/// The pod's preferred terms that can score: weight not 0, term not empty
/// and well formed.
private struct NodeAffinityPreference: Sendable {
    var terms: [NodeAffinityWeightedTerm]

    init(_ pod: PodInfo) {
        terms = pod.preferredNodeAffinity.compactMap { NodeAffinityWeightedTerm($0) }
    }
}

/// Required node selector terms, ORed; terms that match nothing are dropped.
struct NodeAffinitySelector: Sendable {
    var terms: [NodeAffinityTerm]

    init(terms: [NodeAffinityTerm]) { self.terms = terms }

    init(_ terms: [NodeSelectorTerm]) {
        self.terms = terms.compactMap { try? NodeAffinityTerm($0) }
    }

    func matches(_ node: NodeInfo) -> Bool {
        terms.contains { $0.matches(node) }
    }
}

/// A weighted preferred term.
struct NodeAffinityWeightedTerm: Sendable {
    var weight: Int64
    var term: NodeAffinityTerm

    init(weight: Int64, term: NodeAffinityTerm) {
        self.weight = weight
        self.term = term
    }

    /// Nil for a term that never adds to a score (weight 0, empty or
    /// malformed).
    init?(_ preferred: PreferredNodeTerm) {
        guard preferred.weight != 0, let term = try? NodeAffinityTerm(preferred.preference) else { return nil }
        weight = preferred.weight
        self.term = term
    }
}

/// A node selector term checked as upstream's parser leaves it: label
/// requirements with label-selector semantics, and field requirements
/// (`In`/`NotIn` with exactly one value) on the node's fields, of which
/// `metadata.name` is the only one (any other reads as empty).
struct NodeAffinityTerm: Sendable {
    struct FieldRequirement: Sendable {
        var key: String
        var equal: Bool
        var value: String
    }

    /// Why a term does not parse.
    enum Problem: Error {
        case empty
        case invalid([String])
    }

    var labels: [LabelRequirement]
    var fields: [FieldRequirement]

    init(_ term: NodeSelectorTerm) throws(Problem) {
        if term.matchExpressions.isEmpty && term.matchFields.isEmpty { throw .empty }
        var problems: [String] = []
        labels = []
        fields = []
        for (i, requirement) in term.matchExpressions.enumerated() {
            let path = "matchExpressions[\(i)]"
            guard let op = requirement.operator else {
                problems.append("\(path).operator: Unsupported value: supported values: \(Self.labelOperators)")
                continue
            }
            do {
                labels.append(
                    try LabelRequirement(key: requirement.key, operator: op.labelOperator, values: requirement.values))
            } catch {
                problems.append("\(path): \(error.message)")
            }
        }
        for (i, requirement) in term.matchFields.enumerated() {
            let path = "matchFields[\(i)]"
            switch requirement.operator {
            case .in?, .notIn?:
                guard requirement.values.count == 1 else {
                    problems.append("\(path).values: Invalid value: must have one element")
                    continue
                }
                fields.append(
                    FieldRequirement(
                        key: requirement.key, equal: requirement.operator == .in, value: requirement.values[0]))
            default:
                problems.append("\(path).operator: Unsupported value: supported values: \"In\", \"NotIn\"")
            }
        }
        if !problems.isEmpty { throw .invalid(problems) }
    }

    private static let labelOperators = "\"In\", \"NotIn\", \"Exists\", \"DoesNotExist\", \"Gt\", \"Lt\""

    func matches(_ node: NodeInfo) -> Bool {
        for requirement in labels where !requirement.matches(node.labels) { return false }
        for field in fields {
            let actual = field.key == NodeAffinity.metadataNameField ? node.name : ""
            if (actual == field.value) != field.equal { return false }
        }
        return true
    }
}

extension NodeRequirement.Operator {
    fileprivate var labelOperator: LabelSelectorOperator {
        switch self {
        case .in: .in
        case .notIn: .notIn
        case .exists: .exists
        case .doesNotExist: .doesNotExist
        case .gt: .greaterThan
        case .lt: .lessThan
        }
    }
}
