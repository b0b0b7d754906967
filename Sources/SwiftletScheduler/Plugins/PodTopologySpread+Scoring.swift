import Foundation
import SwiftletAPI

/// Soft spreading: `ScheduleAnyway` constraints rank the feasible nodes,
/// fewer matching pods in a node's domains ranking higher.
extension PodTopologySpread {
    /// What Score needs for one soft constraint.
    private struct SoftConstraint: Sendable {
        var topologyKey: String
        var selector: LabelSelector
        /// `maxSkew - 1`, added to every count so that larger skews matter less.
        var skewAllowance: Double
        /// log(domains + 2): counts in constraints with many small domains
        /// weigh more than those with a few large ones.
        var weight: Double
        /// Hostname constraints count on the node itself, in Score.
        var perNode: Bool
        /// Matching pods per domain of the feasible nodes.
        var countByDomain: [String: Int]
    }

    private struct ScoreState: Sendable {
        var constraints: [SpreadConstraint]
        var soft: [SoftConstraint]
        /// Whether nodes lacking a topology key are left unscored (all but
        /// the system defaults).
        var requireAllTopologies: Bool
    }

    /// Score of a node left out of scoring (it lacks a topology key);
    /// `normalize` turns it into 0. Real scores are never negative.
    static let ignoredNodeScore: Int64 = -1

    public func preScore(pod: PodInfo, nodes: [NodeInfo], snapshot: Snapshot, state: inout CycleState)
        -> PluginStatus
    {
        if snapshot.nodes.isEmpty { return .skip }
        let constraints = spreadConstraints(of: pod, action: .scheduleAnyway)
        if constraints.isEmpty { return .skip }
        let requireAll = !pod.topologySpreadConstraints.isEmpty || !systemDefaulted

        // The domains of the feasible nodes are the ones worth counting.
        var counts = constraints.map { _ in [String: Int]() }
        var scoredNodes = 0
        for node in nodes {
            if requireAll && !Self.hasTopologyKeys(node.labels, constraints) { continue }
            scoredNodes += 1
            for (i, constraint) in constraints.enumerated() where constraint.topologyKey != Self.hostnameLabel {
                counts[i][node.labels[constraint.topologyKey] ?? "", default: 0] = 0
            }
        }
        let domainCounts = counts.map(\.count)
        Self.addMatchingPods(
            of: snapshot.nodes, for: pod, constraints: constraints, to: &counts, requireAllKeys: requireAll,
            knownDomainsOnly: true)

        var soft: [SoftConstraint] = []
        soft.reserveCapacity(constraints.count)
        for (i, constraint) in constraints.enumerated() {
            let perNode = constraint.topologyKey == Self.hostnameLabel
            let domains = perNode ? scoredNodes : domainCounts[i]
            soft.append(
                SoftConstraint(
                    topologyKey: constraint.topologyKey, selector: constraint.selector,
                    skewAllowance: Double(constraint.maxSkew - 1), weight: log(Double(domains + 2)), perNode: perNode,
                    countByDomain: counts[i]))
        }
        state[ScoreState.self] = ScoreState(constraints: constraints, soft: soft, requireAllTopologies: requireAll)
        return .success
    }

    /// The weighted matching-pod counts of the node's domains (lower is
    /// better, `normalize` reverses), or `ignoredNodeScore`.
    public func score(pod: PodInfo, node: NodeInfo, state: CycleState) -> Int64 {
        guard let scoreState = state[ScoreState.self] else { return 0 }
        if scoreState.requireAllTopologies && !Self.hasTopologyKeys(node.labels, scoreState.constraints) {
            return Self.ignoredNodeScore
        }
        var total = 0.0
        for constraint in scoreState.soft {
            guard let domain = node.labels[constraint.topologyKey] else { continue }
            let count =
                constraint.perNode
                ? Self.countMatching(node.pods, selector: constraint.selector, namespace: pod.namespace)
                : constraint.countByDomain[domain] ?? 0
            total += Double(count) * constraint.weight + constraint.skewAllowance
        }
        return Int64(total.rounded())
    }

    /// Upstream's reversal: the lowest score maps to 100 and the highest to
    /// `100 * lowest / highest`; ignored nodes get 0, and when every scored
    /// node is at 0 they all get 100.
    public func normalize(scores: inout [Int64], pod: PodInfo, state: CycleState) {
        guard state[ScoreState.self] != nil else { return }
        var lowest = Int64.max
        var highest: Int64 = 0
        for score in scores where score != Self.ignoredNodeScore {
            lowest = min(lowest, score)
            highest = max(highest, score)
        }
        for i in scores.indices {
            if scores[i] == Self.ignoredNodeScore {
                scores[i] = 0
            } else if highest == 0 {
                scores[i] = maxNodeScore
            } else {
                scores[i] = maxNodeScore * (highest + lowest - scores[i]) / highest
            }
        }
    }
}
