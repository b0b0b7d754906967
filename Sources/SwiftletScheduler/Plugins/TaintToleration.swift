/// TaintToleration honours node taints.
///
/// Filter refuses a node with a `NoSchedule` or `NoExecute` taint the pod
/// does not tolerate, naming the first such taint in the reason; evicting
/// pods cannot remove a taint, so the refusal is unresolvable.
///
/// Score counts the node's `PreferNoSchedule` taints the pod does not
/// tolerate (only tolerations with no effect or `PreferNoSchedule` count),
/// and normalization reverses it: the fewer, the better.
public struct TaintToleration: FilterPlugin, PreScorePlugin, ScorePlugin {
    public let name = "TaintToleration"

    public init() {}

    /// Upstream's reason, e.g. `node(s) had untolerated taint {dedicated: gpu}`.
    public static func reason(untolerated taint: Taint) -> String {
        "node(s) had untolerated taint {\(taint.key): \(taint.value)}"
    }

    public func filter(pod: PodInfo, node: NodeInfo, state: CycleState) -> PluginStatus {
        for taint in node.taints where taint.effect != .preferNoSchedule {
            if !pod.tolerations.contains(where: { $0.tolerates(taint) }) {
                return .unresolvable(Self.reason(untolerated: taint))
            }
        }
        return .success
    }

    public func preScore(pod: PodInfo, nodes: [NodeInfo], snapshot: Snapshot, state: inout CycleState)
        -> PluginStatus
    {
        state[PreferNoScheduleTolerations.self] = PreferNoScheduleTolerations(pod)
        return .success
    }

    public func score(pod: PodInfo, node: NodeInfo, state: CycleState) -> Int64 {
        let tolerations =
            state[PreferNoScheduleTolerations.self]?.tolerations
            ?? PreferNoScheduleTolerations(pod).tolerations
        var intolerable: Int64 = 0
        for taint in node.taints where taint.effect == .preferNoSchedule {
            if !tolerations.contains(where: { $0.tolerates(taint) }) { intolerable += 1 }
        }
        return intolerable
    }

    public func normalize(scores: inout [Int64], pod: PodInfo, state: CycleState) {
        normalizeScores(&scores, reverse: true)
    }
}

/// The pod's tolerations that can tolerate a `PreferNoSchedule` taint.
private struct PreferNoScheduleTolerations: Sendable {
    var tolerations: [Toleration]

    init(_ pod: PodInfo) {
        tolerations = pod.tolerations.filter { $0.effect == nil || $0.effect == .preferNoSchedule }
    }
}
