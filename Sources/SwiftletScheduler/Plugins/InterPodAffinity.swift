import SwiftletAPI

/// InterPodAffinity places a pod relative to the pods already running, by
/// topology domain (all nodes sharing one value of a label such as
/// `kubernetes.io/hostname` or `topology.kubernetes.io/zone`).
///
/// Filtering enforces the required rules of both sides: the pod's own
/// required affinity (there must be a matching pod in the node's domain for
/// every term), its required anti-affinity (no matching pod in the node's
/// domain for any term), and the required anti-affinity of pods already
/// placed that the new pod would violate. Scoring sums the preferred terms of
/// both sides (and the placed pods' required affinity, weighted by
/// `hardPodAffinityWeight`) per domain, then scales the totals to 0...100.
///
/// Everything about other pods is counted once per pod, in PreFilter and
/// PreScore, per topology domain; Filter and Score then only look up the
/// node's domains, so their cost does not grow with the number of pods.
public struct InterPodAffinity: PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
    public let name = "InterPodAffinity"
    public let args: InterPodAffinityArgs

    public init(args: InterPodAffinityArgs = InterPodAffinityArgs()) {
        self.args = args
    }

    /// The node's domain holds a placed pod whose required anti-affinity
    /// matches the pod.
    public static let existingAntiAffinityReason =
        "node(s) didn't satisfy existing pods anti-affinity rules"
    /// A required affinity term finds no matching pod in the node's domain,
    /// or the node lacks a term's topology label.
    public static let affinityReason = "node(s) didn't match pod affinity rules"
    /// A required anti-affinity term finds a matching pod in the node's domain.
    public static let antiAffinityReason = "node(s) didn't match pod anti-affinity rules"

    // MARK: PreFilter

    public func preFilter(pod: PodInfo, snapshot: Snapshot, state: inout CycleState) -> PluginStatus {
        var counts = FilterCounts(pod: pod, namespaceLabels: snapshot.namespaceLabels)
        let nodes = snapshot.nodes
        // Nodes are read field by field: copying a whole NodeInfo per node
        // would cost more than the counting.
        for i in nodes.indices where !nodes[i].podsWithRequiredAntiAffinity.isEmpty {
            let labels = nodes[i].labels
            for existing in nodes[i].podsWithRequiredAntiAffinity {
                counts.countExistingAntiAffinity(of: existing, nodeLabels: labels, by: 1)
            }
        }
        if !pod.requiredAffinityTerms.isEmpty || !pod.requiredAntiAffinityTerms.isEmpty {
            for i in nodes.indices where !nodes[i].pods.isEmpty {
                let labels = nodes[i].labels
                for existing in nodes[i].pods {
                    counts.countIncomingTerms(matching: existing, nodeLabels: labels, by: 1)
                }
            }
        }
        if counts.existingAntiAffinity.isEmpty && pod.requiredAffinityTerms.isEmpty
            && pod.requiredAntiAffinityTerms.isEmpty
        {
            return .skip
        }
        state[FilterState.self] = FilterState(counts)
        return .success
    }

    // MARK: Filter

    public func filter(pod: PodInfo, node: NodeInfo, state: CycleState) -> PluginStatus {
        guard let counts = state[FilterState.self] else {
            return .error("reading \"PreFilter\(name)\" from cycleState: not found")
        }
        if !counts.satisfiesAffinity(on: node) { return .unresolvable(Self.affinityReason) }
        if !counts.satisfiesAntiAffinity(on: node) { return .unschedulable(Self.antiAffinityReason) }
        if !counts.satisfiesExistingAntiAffinity(on: node) {
            return .unschedulable(Self.existingAntiAffinityReason)
        }
        return .success
    }

    // MARK: What-if changes (upstream's PreFilterExtensions)

    /// Updates the PreFilter counts as if `existing` were also placed on
    /// `node`, the way preemption tries a node with its nominated pods.
    /// Does nothing when PreFilter skipped.
    public func addPod(_ existing: PodInfo, on node: NodeInfo, state: inout CycleState) {
        guard var counts = state[FilterState.self]?.counts else { return }
        counts.update(with: existing, on: node, by: 1)
        state[FilterState.self] = FilterState(counts)
    }

    /// Updates the PreFilter counts as if `existing` were gone from `node`,
    /// the way preemption tries a node without its victims.
    public func removePod(_ existing: PodInfo, from node: NodeInfo, state: inout CycleState) {
        guard var counts = state[FilterState.self]?.counts else { return }
        counts.update(with: existing, on: node, by: -1)
        state[FilterState.self] = FilterState(counts)
    }
}

// MARK: - Counting by topology domain

extension InterPodAffinity {
    /// One topology domain: a label key and the value nodes in it share.
    struct TopologyPair: Hashable, Sendable {
        var key: String
        var value: String
    }

    /// Matching pods counted per topology domain. A count that drops to zero
    /// is removed, so `isEmpty` means "no match anywhere".
    struct TopologyCounts: Sendable {
        private(set) var counts: [TopologyPair: Int64] = [:]
        /// How many domains of each topology key hold a count; lets a node
        /// be checked by the few keys in use rather than by all its labels.
        private var domainsPerKey: [String: Int] = [:]

        var isEmpty: Bool { counts.isEmpty }

        subscript(key: String, value: String) -> Int64 {
            counts[TopologyPair(key: key, value: value)] ?? 0
        }

        /// Adds `delta` to the domain under `key` of the node with these
        /// labels; a node without the label is in no domain of that key.
        mutating func add(_ delta: Int64, key: String, nodeLabels: [String: String]) {
            guard let value = nodeLabels[key] else { return }
            let pair = TopologyPair(key: key, value: value)
            // One hash for a domain already counted (the common case).
            if let index = counts.index(forKey: pair) {
                let new = counts.values[index] + delta
                if new != 0 {
                    counts.values[index] = new
                    return
                }
                counts.remove(at: index)
                domainsPerKey[key, default: 1] -= 1
                if domainsPerKey[key] == 0 { domainsPerKey[key] = nil }
            } else if delta != 0 {
                counts[pair] = delta
                domainsPerKey[key, default: 0] += 1
            }
        }

        /// Whether any domain the node belongs to has a positive count.
        func hasPositiveCount(on node: NodeInfo) -> Bool {
            for key in domainsPerKey.keys {
                if let value = node.labels[key], self[key, value] > 0 { return true }
            }
            return false
        }
    }

    /// `term.matches(pod, namespaceLabels:)`, with a shortcut for the usual
    /// term that names one namespace: a string comparison where the set
    /// lookup would hash.
    @inline(__always)
    static func term(
        _ term: AffinityTerm, matches pod: PodInfo, namespaceLabels: [String: [String: String]]
    ) -> Bool {
        if term.namespaceSelector == nil, term.namespaces.count == 1, let only = term.namespaces.first {
            return only == pod.namespace && term.selector.matches(pod.labels)
        }
        return term.matches(pod, namespaceLabels: namespaceLabels)
    }

    /// Whether `pod` matches every one of `terms` (and there is one).
    static func all(
        _ terms: [AffinityTerm], match pod: PodInfo, namespaceLabels: [String: [String: String]]
    ) -> Bool {
        if terms.isEmpty { return false }
        for term in terms where !Self.term(term, matches: pod, namespaceLabels: namespaceLabels) { return false }
        return true
    }

    /// What PreFilter counted, as Filter reads it for every node. A class,
    /// so fetching it from CycleState costs one retain.
    final class FilterState: Sendable {
        let counts: FilterCounts
        /// The topology keys of the pod's required affinity and
        /// anti-affinity terms, all Filter needs of the terms.
        let affinityKeys: [String]
        let antiAffinityKeys: [String]

        init(_ counts: FilterCounts) {
            self.counts = counts
            affinityKeys = counts.pod.requiredAffinityTerms.map(\.topologyKey)
            antiAffinityKeys = counts.pod.requiredAntiAffinityTerms.map(\.topologyKey)
        }

        /// No placed pod in any of the node's domains may have a required
        /// anti-affinity term that matches the pod.
        func satisfiesExistingAntiAffinity(on node: NodeInfo) -> Bool {
            !counts.existingAntiAffinity.hasPositiveCount(on: node)
        }

        /// Every required affinity term needs the node's topology label and,
        /// unless the pod is the first of its group, a matching pod in the
        /// node's domain.
        func satisfiesAffinity(on node: NodeInfo) -> Bool {
            var everyTermHasPods = true
            for key in affinityKeys {
                guard let value = node.labels[key] else { return false }
                if counts.affinity[key, value] <= 0 { everyTermHasPods = false }
            }
            if everyTermHasPods { return true }
            // No pod anywhere matches the terms; the pod may start the group
            // if it matches them itself.
            return counts.affinity.isEmpty && counts.matchesOwnAffinity
        }

        /// No required anti-affinity term may find a matching pod in the
        /// node's domain; a node without the term's label is in no domain.
        func satisfiesAntiAffinity(on node: NodeInfo) -> Bool {
            if counts.antiAffinity.isEmpty { return true }
            for key in antiAffinityKeys {
                if let value = node.labels[key], counts.antiAffinity[key, value] > 0 { return false }
            }
            return true
        }
    }

    /// The counting of PreFilter, for one pod.
    struct FilterCounts: Sendable {
        let pod: PodInfo
        let namespaceLabels: [String: [String: String]]
        /// Placed pods that match every required affinity term of the pod,
        /// counted in each term's domain.
        var affinity = TopologyCounts()
        /// Placed pods matching a required anti-affinity term of the pod,
        /// counted per term in its domain.
        var antiAffinity = TopologyCounts()
        /// Required anti-affinity terms of placed pods that match the pod,
        /// counted in the domain of the placed pod's node.
        var existingAntiAffinity = TopologyCounts()
        /// Whether the pod matches all its own required affinity terms: the
        /// first pod of a group that wants to be together may go anywhere.
        let matchesOwnAffinity: Bool

        init(pod: PodInfo, namespaceLabels: [String: [String: String]]) {
            self.pod = pod
            self.namespaceLabels = namespaceLabels
            matchesOwnAffinity = InterPodAffinity.all(
                pod.requiredAffinityTerms, match: pod, namespaceLabels: namespaceLabels)
        }

        mutating func countExistingAntiAffinity(
            of existing: PodInfo, nodeLabels: [String: String], by delta: Int64
        ) {
            for term in existing.requiredAntiAffinityTerms
            where InterPodAffinity.term(term, matches: pod, namespaceLabels: namespaceLabels) {
                existingAntiAffinity.add(delta, key: term.topologyKey, nodeLabels: nodeLabels)
            }
        }

        mutating func countIncomingTerms(
            matching existing: PodInfo, nodeLabels: [String: String], by delta: Int64
        ) {
            if InterPodAffinity.all(pod.requiredAffinityTerms, match: existing, namespaceLabels: namespaceLabels) {
                for term in pod.requiredAffinityTerms {
                    affinity.add(delta, key: term.topologyKey, nodeLabels: nodeLabels)
                }
            }
            for term in pod.requiredAntiAffinityTerms
            where InterPodAffinity.term(term, matches: existing, namespaceLabels: namespaceLabels) {
                antiAffinity.add(delta, key: term.topologyKey, nodeLabels: nodeLabels)
            }
        }

        mutating func update(with existing: PodInfo, on node: NodeInfo, by delta: Int64) {
            countExistingAntiAffinity(of: existing, nodeLabels: node.labels, by: delta)
            countIncomingTerms(matching: existing, nodeLabels: node.labels, by: delta)
        }
    }
}

// MARK: - Arguments

/// `InterPodAffinityArgs` of a KubeSchedulerConfiguration `pluginConfig`.
public struct InterPodAffinityArgs: Sendable, Equatable {
    /// The score weight of a placed pod's required affinity term that the
    /// pod matches (0 to 100; 0 leaves required terms out of scoring).
    public var hardPodAffinityWeight: Int64
    /// Leave the placed pods' preferences out of scoring when the pod has
    /// no preferred (anti-)affinity of its own.
    public var ignorePreferredTermsOfExistingPods: Bool

    public init(hardPodAffinityWeight: Int64 = 1, ignorePreferredTermsOfExistingPods: Bool = false) {
        self.hardPodAffinityWeight = hardPodAffinityWeight
        self.ignorePreferredTermsOfExistingPods = ignorePreferredTermsOfExistingPods
    }

    /// Why the arguments were refused, worded as upstream's validation.
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Reads the `args` object (camelCase keys, as in the configuration
    /// file); missing or null members take the defaults, other members
    /// (`apiVersion`, `kind`) are ignored.
    public init(json: JSONValue) throws {
        self.init()
        if json.isNull { return }
        guard let object = json.objectValue else {
            throw Invalid(message: "InterPodAffinityArgs must be an object, not \(json.typeName)")
        }
        if let weight = object["hardPodAffinityWeight"], !weight.isNull {
            guard let number = weight.intValue, number >= Int64(Int32.min), number <= Int64(Int32.max)
            else {
                throw Invalid(
                    message: "hardPodAffinityWeight must be a 32-bit integer, not \(weight.typeName)")
            }
            guard (0...100).contains(number) else {
                throw Invalid(
                    message: "hardPodAffinityWeight: Invalid value: \(number): not in valid range [0-100]")
            }
            hardPodAffinityWeight = number
        }
        if let ignore = object["ignorePreferredTermsOfExistingPods"], !ignore.isNull {
            guard let flag = ignore.boolValue else {
                throw Invalid(
                    message: "ignorePreferredTermsOfExistingPods must be a boolean, not \(ignore.typeName)")
            }
            ignorePreferredTermsOfExistingPods = flag
        }
    }
}
