/// A scheduling plugin. Each plugin takes one or more roles (the protocols
/// below) under its upstream name, so profiles and configuration files
/// refer to it as kube-scheduler's do.
public protocol SchedulerPlugin: Sendable {
    var name: String { get }
}

/// Runs once per pod before any node is looked at: computes what Filter
/// needs, or rejects the pod for every node, or says `skip` (the plugin has
/// nothing to check for this pod, and its Filter is not run).
public protocol PreFilterPlugin: SchedulerPlugin {
    func preFilter(pod: PodInfo, snapshot: Snapshot, state: inout CycleState) -> PluginStatus
}

/// Says whether the pod can run on one node. Must not change anything.
public protocol FilterPlugin: SchedulerPlugin {
    func filter(pod: PodInfo, node: NodeInfo, state: CycleState) -> PluginStatus
}

/// Runs once per pod with the feasible nodes, before scoring; `skip` means
/// the plugin's Score has nothing to say for this pod.
public protocol PreScorePlugin: SchedulerPlugin {
    func preScore(pod: PodInfo, nodes: [NodeInfo], snapshot: Snapshot, state: inout CycleState) -> PluginStatus
}

/// Ranks a feasible node. After every node is scored, `normalize` maps the
/// scores into 0...100 (`maxNodeScore`); the profile's weight multiplies
/// the result.
public protocol ScorePlugin: SchedulerPlugin {
    func score(pod: PodInfo, node: NodeInfo, state: CycleState) -> Int64
    func normalize(scores: inout [Int64], pod: PodInfo, state: CycleState)
}

extension ScorePlugin {
    public func normalize(scores: inout [Int64], pod: PodInfo, state: CycleState) {}
}

/// The highest score a plugin gives a node.
public let maxNodeScore: Int64 = 100

/// Maps scores into 0...maxNodeScore in proportion to the highest (or, with
/// `reverse`, so that the highest gets 0), as upstream's
/// `DefaultNormalizeScore`.
public func normalizeScores(_ scores: inout [Int64], reverse: Bool) {
    let highest = scores.max() ?? 0
    if highest == 0 {
        if reverse { for i in scores.indices { scores[i] = maxNodeScore } }
        return
    }
    for i in scores.indices {
        var score = maxNodeScore * scores[i] / highest
        if reverse { score = maxNodeScore - score }
        scores[i] = score
    }
}
