/// Scoring of InterPodAffinity: every (anti-)affinity relation between the
/// pod and a placed pod adds (or, for anti-affinity, takes away) a weight in
/// the topology domain of the placed pod's node; a node scores the sum over
/// the domains it is in. The sums are then scaled so the lowest becomes 0
/// and the highest 100.
extension InterPodAffinity {
    /// Per topology key, per label value, the summed weight.
    struct ScoreState: Sendable {
        var scores: [String: [String: Int64]] = [:]

        /// Adds `weight` to the domain under `term`'s key of the node with
        /// these labels when `term` matches `pod`.
        mutating func add(
            _ weight: Int64, for term: AffinityTerm, matching pod: PodInfo, nodeLabels: [String: String],
            namespaceLabels: [String: [String: String]]
        ) {
            guard InterPodAffinity.term(term, matches: pod, namespaceLabels: namespaceLabels),
                let value = nodeLabels[term.topologyKey]
            else { return }
            scores[term.topologyKey, default: [:]][value, default: 0] += weight
        }
    }

    public func preScore(pod: PodInfo, nodes: [NodeInfo], snapshot: Snapshot, state: inout CycleState)
        -> PluginStatus
    {
        let hasPreferredTerms =
            !pod.preferredAffinityTerms.isEmpty || !pod.preferredAntiAffinityTerms.isEmpty
        if args.ignorePreferredTermsOfExistingPods && !hasPreferredTerms { return .skip }
        let namespaceLabels = snapshot.namespaceLabels
        let hardWeight = args.hardPodAffinityWeight
        var scores = ScoreState()
        let allNodes = snapshot.nodes
        for i in allNodes.indices {
            // Without preferences of its own, only placed pods that have
            // (anti-)affinity terms can say anything about the pod.
            let existingPods = hasPreferredTerms ? allNodes[i].pods : allNodes[i].podsWithAffinity
            let labels = allNodes[i].labels
            if existingPods.isEmpty || labels.isEmpty { continue }
            for existing in existingPods {
                for weighted in pod.preferredAffinityTerms {
                    scores.add(
                        weighted.weight, for: weighted.term, matching: existing, nodeLabels: labels,
                        namespaceLabels: namespaceLabels)
                }
                for weighted in pod.preferredAntiAffinityTerms {
                    scores.add(
                        -weighted.weight, for: weighted.term, matching: existing, nodeLabels: labels,
                        namespaceLabels: namespaceLabels)
                }
                if !existing.hasAffinityTerms { continue }
                if hardWeight > 0 {
                    for term in existing.requiredAffinityTerms {
                        scores.add(
                            hardWeight, for: term, matching: pod, nodeLabels: labels,
                            namespaceLabels: namespaceLabels)
                    }
                }
                for weighted in existing.preferredAffinityTerms {
                    scores.add(
                        weighted.weight, for: weighted.term, matching: pod, nodeLabels: labels,
                        namespaceLabels: namespaceLabels)
                }
                for weighted in existing.preferredAntiAffinityTerms {
                    scores.add(
                        -weighted.weight, for: weighted.term, matching: pod, nodeLabels: labels,
                        namespaceLabels: namespaceLabels)
                }
            }
        }
        if scores.scores.isEmpty { return .skip }
        state[ScoreState.self] = scores
        return .success
    }

    /// The summed weights of the node's domains; negative when the pod is
    /// rather kept away from it.
    public func score(pod: PodInfo, node: NodeInfo, state: CycleState) -> Int64 {
        guard let scores = state[ScoreState.self]?.scores else { return 0 }
        var total: Int64 = 0
        for (key, values) in scores {
            if let value = node.labels[key], let weight = values[value] { total += weight }
        }
        return total
    }

    /// Min-max scaling to 0...100 (truncated), as upstream; all equal
    /// scores become 0.
    public func normalize(scores: inout [Int64], pod: PodInfo, state: CycleState) {
        guard let topology = state[ScoreState.self]?.scores, !topology.isEmpty,
            let lowest = scores.min(), let highest = scores.max()
        else { return }
        let spread = highest - lowest
        for i in scores.indices {
            scores[i] =
                spread > 0 ? Int64(Double(maxNodeScore) * (Double(scores[i] - lowest) / Double(spread))) : 0
        }
    }
}
