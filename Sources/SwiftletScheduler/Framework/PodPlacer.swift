/// The pure placement core: for one pod and one snapshot, run the profile's
/// PreFilter, Filter (over enough nodes), PreScore and Score plugins and
/// pick the node. No I/O; the caller binds.
public struct PodPlacer: Sendable {
    public let profile: SchedulerProfile
    /// Where the next search starts, so that a large cluster is not always
    /// scanned from the same end (upstream's round robin).
    public private(set) var nextStartIndex = 0

    public init(profile: SchedulerProfile) {
        self.profile = profile
    }

    /// What placement decided for one pod.
    public enum Decision: Sendable, Equatable {
        case node(String, evaluatedNodes: Int, feasibleNodes: Int)
        case unschedulable(FitFailure)
        /// A plugin failed for reasons that are not the pod's; retry later.
        case error(String)
    }

    /// Breaks ties; seeded once from the system, so a cycle makes no system call.
    private var tieBreaker = FastRandom()

    public mutating func place(_ pod: PodInfo, in snapshot: Snapshot) -> Decision {
        var generator = tieBreaker
        defer { tieBreaker = generator }
        return place(pod, in: snapshot, using: &generator)
    }

    /// `random` breaks ties between equally good nodes.
    public mutating func place<Random: RandomNumberGenerator>(
        _ pod: PodInfo, in snapshot: Snapshot, using random: inout Random
    ) -> Decision {
        guard snapshot.count > 0 else { return .unschedulable(FitFailure(numAllNodes: 0)) }
        var state = CycleState()
        switch Self.runPreFilters(profile, pod: pod, snapshot: snapshot, state: &state) {
        case .some(let status) where status.code == .error:
            return .error(status.reasons.joined(separator: "; "))
        case .some(let status):
            return .unschedulable(FitFailure(numAllNodes: snapshot.count, preFilterStatus: status))
        case nil: break
        }

        var feasibleIndices: [Int] = []
        var statuses: [String: PluginStatus] = [:]
        var evaluated = 0
        // Filters that did not skip, looked up once rather than per node.
        let filters = profile.filters.filter { !state.skippedFilterPlugins.contains($0.name) }
        // A node nominated by an earlier preemption is tried alone first.
        if let nominated = pod.nominatedNodeName, let node = snapshot.node(named: nominated) {
            let status = Self.runFilters(filters, pod: pod, node: node, state: state)
            if status.isSuccess { return .node(nominated, evaluatedNodes: 1, feasibleNodes: 1) }
        }
        let wanted = numberOfFeasibleNodesToFind(allNodes: snapshot.count)
        let start = nextStartIndex % snapshot.count
        feasibleIndices.reserveCapacity(wanted)
        for offset in 0..<snapshot.count {
            let index = (start + offset) % snapshot.count
            evaluated += 1
            let status = Self.runFilters(filters, pod: pod, node: snapshot.nodes[index], state: state)
            switch status.code {
            case .success: feasibleIndices.append(index)
            case .error: return .error(status.reasons.joined(separator: "; "))
            default: statuses[snapshot.nodes[index].name] = status
            }
            if feasibleIndices.count >= wanted { break }
        }
        let feasible = feasibleIndices.map { snapshot.nodes[$0] }
        nextStartIndex = (start + evaluated) % snapshot.count

        if feasible.isEmpty {
            return .unschedulable(FitFailure(numAllNodes: snapshot.count, nodeStatuses: statuses))
        }
        if feasible.count == 1 {
            return .node(feasible[0].name, evaluatedNodes: evaluated, feasibleNodes: 1)
        }
        let totals = Self.score(profile, pod: pod, nodes: feasible, snapshot: snapshot, state: &state)
        // Highest total wins; ties go to a uniformly random one of them.
        var best = 0
        var ties = 0
        for i in totals.indices {
            if totals[i] > totals[best] {
                best = i
                ties = 1
            } else if totals[i] == totals[best] {
                ties += 1
                if Int.random(in: 0..<ties, using: &random) == 0 { best = i }
            }
        }
        return .node(feasible[best].name, evaluatedNodes: evaluated, feasibleNodes: feasible.count)
    }

    /// How many feasible nodes are enough (upstream's
    /// `numFeasibleNodesToFind`): every node up to 100, then a percentage
    /// that shrinks as the cluster grows, never fewer than 100.
    public func numberOfFeasibleNodesToFind(allNodes: Int) -> Int {
        let minimumNodes = 100
        if allNodes < minimumNodes { return allNodes }
        var percentage = profile.percentageOfNodesToScore ?? 0
        if percentage <= 0 {
            percentage = max(50 - allNodes / 125, 5)
        }
        if percentage >= 100 { return allNodes }
        return max(allNodes * percentage / 100, minimumNodes)
    }

    /// Nil when every PreFilter passed (or skipped); else the refusal,
    /// with the plugin's name.
    static func runPreFilters(
        _ profile: SchedulerProfile, pod: PodInfo, snapshot: Snapshot, state: inout CycleState
    ) -> PluginStatus? {
        for plugin in profile.preFilters {
            var status = plugin.preFilter(pod: pod, snapshot: snapshot, state: &state)
            switch status.code {
            case .success: continue
            case .skip: state.skippedFilterPlugins.insert(plugin.name)
            default:
                status.plugin = plugin.name
                return status
            }
        }
        return nil
    }

    /// The first refusal among the filters that did not skip, or success.
    static func runFilters(_ profile: SchedulerProfile, pod: PodInfo, node: NodeInfo, state: CycleState)
        -> PluginStatus
    {
        runFilters(
            profile.filters.filter { !state.skippedFilterPlugins.contains($0.name) }, pod: pod, node: node, state: state
        )
    }

    static func runFilters(_ filters: [any FilterPlugin], pod: PodInfo, node: NodeInfo, state: CycleState)
        -> PluginStatus
    {
        for plugin in filters {
            var status = plugin.filter(pod: pod, node: node, state: state)
            if !status.isSuccess {
                status.plugin = plugin.name
                return status
            }
        }
        return .success
    }

    /// The weighted sum of every score plugin's normalized score per node.
    static func score(
        _ profile: SchedulerProfile, pod: PodInfo, nodes: [NodeInfo], snapshot: Snapshot, state: inout CycleState
    ) -> [Int64] {
        for plugin in profile.preScores {
            let status = plugin.preScore(pod: pod, nodes: nodes, snapshot: snapshot, state: &state)
            if status.code == .skip { state.skippedScorePlugins.insert(plugin.name) }
        }
        var totals = [Int64](repeating: 0, count: nodes.count)
        for weighted in profile.scores where !state.skippedScorePlugins.contains(weighted.plugin.name) {
            var scores = nodes.map { weighted.plugin.score(pod: pod, node: $0, state: state) }
            weighted.plugin.normalize(scores: &scores, pod: pod, state: state)
            for i in totals.indices { totals[i] += scores[i] * weighted.weight }
        }
        return totals
    }
}

/// A small, fast generator for tie-breaks (SplitMix64), seeded from the
/// system generator once, or from a fixed seed so tests repeat.
struct FastRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init() {
        var system = SystemRandomNumberGenerator()
        state = system.next()
    }

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
