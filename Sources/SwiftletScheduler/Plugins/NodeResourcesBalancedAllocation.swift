/// NodeResourcesBalancedAllocation: prefers the node where, with the pod
/// on it, cpu and memory (or the configured resources) would be used in
/// the most even proportions, so that no node runs out of one resource
/// while another lies idle.
///
/// For each resource it takes requested / allocatable (capped at 1) and
/// scores `(1 - standard deviation of those fractions) * 100`. Unlike
/// NodeResourcesFit's strategies it counts what pods really request, not
/// upstream's defaults for empty containers. As in v1.32, pods that request
/// nothing are scored too (later releases skip them).
public struct NodeResourcesBalancedAllocation: PreScorePlugin, ScorePlugin {
    public let name = "NodeResourcesBalancedAllocation"
    public let args: NodeResourcesBalancedAllocationArgs
    private let scorer: ResourceAllocationScorer

    /// Upstream's defaults: cpu and memory.
    public init() {
        self.init(validated: NodeResourcesBalancedAllocationArgs())
    }

    /// Throws `NodeResourcesArgsError` when the args do not validate.
    public init(args: NodeResourcesBalancedAllocationArgs) throws {
        let errors = args.validationErrors()
        if !errors.isEmpty { throw NodeResourcesArgsError(errors) }
        self.init(validated: args)
    }

    private init(validated args: NodeResourcesBalancedAllocationArgs) {
        self.args = args
        scorer = ResourceAllocationScorer(resources: args.resources, formula: .balanced, useRequested: true)
    }

    public func preScore(pod: PodInfo, nodes: [NodeInfo], snapshot: Snapshot, state: inout CycleState)
        -> PluginStatus
    {
        state[BalancedScoreRequests.self] = BalancedScoreRequests(podRequests: scorer.podRequests(pod))
        return .success
    }

    public func score(pod: PodInfo, node: NodeInfo, state: CycleState) -> Int64 {
        let podRequests = state[BalancedScoreRequests.self]?.podRequests ?? scorer.podRequests(pod)
        return scorer.score(node: node, podRequests: podRequests)
    }
}

/// The pod's requests of the balanced resources, in the args' order.
private struct BalancedScoreRequests: Sendable {
    var podRequests: [Int64]
}
