import SwiftletAPI

/// Spreads a pod's replicas over topology domains (zones, hosts, racks...)
/// as its `topologySpreadConstraints` ask.
///
/// A domain is the set of nodes sharing one value of a constraint's
/// topology key. For each constraint the plugin counts the pods its
/// selector matches (in the pod's namespace, not terminating) per domain,
/// over the nodes that qualify: nodes carrying every topology key of the
/// pod's constraints and, as the constraint's inclusion policies say,
/// matching the pod's node selector and affinity and tolerated taints.
///
/// - `DoNotSchedule` constraints are hard (PreFilter and Filter): a node is
///   refused when putting the pod in its domain would leave that domain
///   more than `maxSkew` pods ahead of the emptiest domain. The emptiest
///   count is taken as 0 while fewer than `minDomains` domains exist, which
///   forces the pod into new domains. A node without a topology key can
///   never satisfy the constraint, which no eviction changes.
/// - `ScheduleAnyway` constraints are soft (PreScore and Score): nodes in
///   domains holding fewer matching pods score higher; each constraint's
///   counts are weighted by the log of its domain count, so constraints over
///   few large domains do not drown out those over many small ones.
///
/// A pod without any constraint of its own gets the configured default
/// constraints (`PodTopologySpreadArgs`), with a selector from
/// `defaultSelector`: upstream derives it from the Services, ReplicaSets,
/// ReplicationControllers and StatefulSets that select the pod, which the
/// scheduler's snapshot does not hold, so the caller supplies it. Without a
/// `defaultSelector` the defaults never apply, as upstream when nothing
/// selects the pod.
///
/// Constraints sharing a topology key keep separate counts (upstream fixed
/// this after v1.32, where the counts of such constraints got mixed).
public struct PodTopologySpread: PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
    /// Derives the selector for default constraints from the objects that
    /// select the pod; nil (or an empty selector) means no defaults apply.
    public typealias DefaultSelector = @Sendable (PodInfo) -> LabelSelector?

    public let name = "PodTopologySpread"

    /// Refusal of a node whose domain is too far ahead.
    public static let reasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints"
    /// Refusal of a node lacking a constraint's topology key.
    public static let reasonNodeLabelNotMatch = reasonConstraintsNotMatch + " (missing required label)"

    /// Upstream's `System` defaults: soft spreading over hosts and zones.
    public static let systemDefaultConstraints: [SpreadConstraint] = [
        SpreadConstraint(
            maxSkew: 3, topologyKey: hostnameLabel, whenUnsatisfiable: .scheduleAnyway, selector: .nothing),
        SpreadConstraint(maxSkew: 5, topologyKey: zoneLabel, whenUnsatisfiable: .scheduleAnyway, selector: .nothing),
    ]

    static let hostnameLabel = "kubernetes.io/hostname"
    static let zoneLabel = "topology.kubernetes.io/zone"

    /// Applied to pods without constraints of their own; their selectors
    /// are replaced by the pod's default selector.
    public let defaultConstraints: [SpreadConstraint]
    /// True with `defaultingType: System`: nodes missing a default topology
    /// key are then still scored (by the keys they have).
    public let systemDefaulted: Bool
    public let defaultSelector: DefaultSelector?

    public init(args: PodTopologySpreadArgs = PodTopologySpreadArgs(), defaultSelector: DefaultSelector? = nil) {
        switch args.defaultingType {
        case .system:
            defaultConstraints = Self.systemDefaultConstraints
            systemDefaulted = true
        case .list:
            defaultConstraints = args.defaultConstraints
            systemDefaulted = false
        }
        self.defaultSelector = defaultSelector
    }

    // MARK: PreFilter and Filter

    /// What Filter needs for one hard constraint.
    private struct HardConstraint: Sendable {
        var topologyKey: String
        var maxSkew: Int
        /// Matching pods per domain; a domain absent here has no qualifying node.
        var countByDomain: [String: Int]
        /// The emptiest domain's count, or 0 while there are too few domains.
        var globalMinimum: Int
        /// 1 when the incoming pod itself matches the selector.
        var selfMatch: Int
    }

    private struct FilterState: Sendable {
        var constraints: [HardConstraint]
    }

    public func preFilter(pod: PodInfo, snapshot: Snapshot, state: inout CycleState) -> PluginStatus {
        let constraints = spreadConstraints(of: pod, action: .doNotSchedule)
        if constraints.isEmpty { return .skip }
        var counts = constraints.map { constraint -> [String: Int] in
            var domains: [String: Int] = [:]
            if constraint.topologyKey == Self.hostnameLabel { domains.reserveCapacity(snapshot.count) }
            return domains
        }
        Self.addMatchingPods(
            of: snapshot.nodes, for: pod, constraints: constraints, to: &counts, knownDomainsOnly: false)
        var hard: [HardConstraint] = []
        hard.reserveCapacity(constraints.count)
        for (constraint, countByDomain) in zip(constraints, counts) {
            var minimum = countByDomain.values.min() ?? 0
            if countByDomain.count < Int(constraint.minDomains) { minimum = 0 }
            hard.append(
                HardConstraint(
                    topologyKey: constraint.topologyKey, maxSkew: Int(constraint.maxSkew), countByDomain: countByDomain,
                    globalMinimum: minimum, selfMatch: constraint.selector.matches(pod.labels) ? 1 : 0))
        }
        state[FilterState.self] = FilterState(constraints: hard)
        return .success
    }

    public func filter(pod: PodInfo, node: NodeInfo, state: CycleState) -> PluginStatus {
        guard let filterState = state[FilterState.self] else {
            return .error("PodTopologySpread: no PreFilter state for pod \(pod.namespace)/\(pod.name)")
        }
        for constraint in filterState.constraints {
            guard let domain = node.labels[constraint.topologyKey] else {
                return .unresolvable(Self.reasonNodeLabelNotMatch)
            }
            let skew = (constraint.countByDomain[domain] ?? 0) + constraint.selfMatch - constraint.globalMinimum
            if skew > constraint.maxSkew { return .unschedulable(Self.reasonConstraintsNotMatch) }
        }
        return .success
    }

    // MARK: Shared by filtering and scoring

    /// The pod's own constraints with this action; a pod without any
    /// constraint gets the defaults with this action, when it has a default
    /// selector.
    func spreadConstraints(of pod: PodInfo, action: SpreadConstraint.Action) -> [SpreadConstraint] {
        if !pod.topologySpreadConstraints.isEmpty {
            return pod.topologySpreadConstraints.filter { $0.whenUnsatisfiable == action }
        }
        let defaults = defaultConstraints.filter { $0.whenUnsatisfiable == action }
        guard !defaults.isEmpty, let selector = defaultSelector?(pod), !selector.isEmpty, !selector.selectsNothing
        else { return [] }
        return defaults.map {
            var constraint = $0
            constraint.selector = selector
            return constraint
        }
    }

    /// Adds, per constraint, the matching pods of each node to its domain's
    /// count. Only nodes passing the constraint's inclusion policies count,
    /// and with `requireAllKeys` only nodes carrying every constraint's
    /// topology key. With `knownDomainsOnly`, domains not already in
    /// `counts` are left out.
    static func addMatchingPods(
        of nodes: [NodeInfo], for pod: PodInfo, constraints: [SpreadConstraint], to counts: inout [[String: Int]],
        requireAllKeys: Bool = true, knownDomainsOnly: Bool
    ) {
        // Nothing to count when no domain is wanted (hostname-only scoring).
        if knownDomainsOnly && counts.allSatisfy(\.isEmpty) { return }
        // Indices rather than `for node in nodes`: no NodeInfo copy per node.
        for n in nodes.indices {
            let labels = nodes[n].labels
            if requireAllKeys && !hasTopologyKeys(labels, constraints) { continue }
            var inclusion = NodeInclusion()
            for i in constraints.indices {
                if knownDomainsOnly && counts[i].isEmpty { continue }
                guard inclusion.includes(nodes[n], for: pod, under: constraints[i]) else { continue }
                let domain = labels[constraints[i].topologyKey] ?? ""
                if knownDomainsOnly && counts[i][domain] == nil { continue }
                counts[i][domain, default: 0] += countMatching(
                    nodes[n].pods, selector: constraints[i].selector, namespace: pod.namespace)
            }
        }
    }

    /// Whether the node carries every constraint's topology key.
    static func hasTopologyKeys(_ labels: [String: String], _ constraints: [SpreadConstraint]) -> Bool {
        constraints.allSatisfy { labels[$0.topologyKey] != nil }
    }

    /// Pods the selector counts: in the namespace, not terminating.
    static func countMatching(_ pods: [PodInfo], selector: LabelSelector, namespace: String) -> Int {
        var count = 0
        for pod in pods where pod.namespace == namespace && !pod.isTerminating && selector.matches(pod.labels) {
            count += 1
        }
        return count
    }
}

/// Whether a node belongs in a constraint's domains under its inclusion
/// policies; the node's affinity and taint verdicts are worked out at most
/// once, and only when some constraint honors them.
private struct NodeInclusion {
    private var affinityMatches: Bool?
    private var taintsTolerated: Bool?

    /// Always called with the same node and pod.
    mutating func includes(_ node: NodeInfo, for pod: PodInfo, under constraint: SpreadConstraint) -> Bool {
        if constraint.nodeAffinityPolicy == .honor {
            if affinityMatches == nil { affinityMatches = Self.matchesRequiredAffinity(pod, node) }
            if affinityMatches == false { return false }
        }
        if constraint.nodeTaintsPolicy == .honor {
            if taintsTolerated == nil { taintsTolerated = Self.toleratesBlockingTaints(pod, node) }
            if taintsTolerated == false { return false }
        }
        return true
    }

    /// The pod's `nodeSelector` and required node affinity both hold.
    static func matchesRequiredAffinity(_ pod: PodInfo, _ node: NodeInfo) -> Bool {
        for (key, value) in pod.nodeSelector where node.labels[key] != value { return false }
        if let required = pod.requiredNodeAffinity, !required.matches(nodeName: node.name, labels: node.labels) {
            return false
        }
        return true
    }

    /// Every `NoSchedule` and `NoExecute` taint is tolerated.
    static func toleratesBlockingTaints(_ pod: PodInfo, _ node: NodeInfo) -> Bool {
        node.taints.allSatisfy { taint in
            taint.effect == .preferNoSchedule || pod.tolerations.contains { $0.tolerates(taint) }
        }
    }
}
