/// One scheduler profile: the name pods ask for in `spec.schedulerName`,
/// and the plugins that run for them in order, with score weights.
public struct SchedulerProfile: Sendable {
    public struct WeightedScore: Sendable {
        public var plugin: any ScorePlugin
        public var weight: Int64

        public init(plugin: any ScorePlugin, weight: Int64) {
            self.plugin = plugin
            self.weight = weight
        }
    }

    public var schedulerName: String
    public private(set) var preFilters: [any PreFilterPlugin] = []
    public private(set) var filters: [any FilterPlugin] = []
    public private(set) var preScores: [any PreScorePlugin] = []
    public private(set) var scores: [WeightedScore] = []
    /// Finds room by evicting lower-priority pods when nothing fits.
    public var postFilter: (any PostFilterPlugin)?
    /// Nil is adaptive, as upstream: 50% minus 1% per 125 nodes, at least 5%.
    public var percentageOfNodesToScore: Int?

    /// Sorts each plugin into the roles it takes. `weights` are by plugin
    /// name; a scoring plugin without one weighs 1.
    public init(
        schedulerName: String, plugins: [any SchedulerPlugin], weights: [String: Int64] = [:],
        postFilter: (any PostFilterPlugin)? = nil, percentageOfNodesToScore: Int? = nil
    ) {
        self.schedulerName = schedulerName
        self.postFilter = postFilter
        self.percentageOfNodesToScore = percentageOfNodesToScore
        for plugin in plugins {
            if let p = plugin as? any PreFilterPlugin { preFilters.append(p) }
            if let p = plugin as? any FilterPlugin { filters.append(p) }
            if let p = plugin as? any PreScorePlugin { preScores.append(p) }
            if let p = plugin as? any ScorePlugin {
                let weight = weights[p.name] ?? 1
                if weight > 0 { scores.append(WeightedScore(plugin: p, weight: weight)) }
            }
        }
    }

    /// Explicit plugins per extension point, as a configuration file lists them.
    public init(
        schedulerName: String, preFilters: [any PreFilterPlugin], filters: [any FilterPlugin],
        preScores: [any PreScorePlugin], scores: [WeightedScore], postFilter: (any PostFilterPlugin)?,
        percentageOfNodesToScore: Int? = nil
    ) {
        self.schedulerName = schedulerName
        self.preFilters = preFilters
        self.filters = filters
        self.preScores = preScores
        self.scores = scores
        self.postFilter = postFilter
        self.percentageOfNodesToScore = percentageOfNodesToScore
    }
}

/// Runs when no node fits (upstream's PostFilter): preemption.
public protocol PostFilterPlugin: SchedulerPlugin {
    /// What to do for a pod that fits nowhere, given why each node refused.
    func postFilter(
        pod: PodInfo, snapshot: Snapshot, profile: SchedulerProfile, failure: FitFailure
    ) -> PostFilterResult
}

/// The outcome of a PostFilter plugin.
public enum PostFilterResult: Sendable, Equatable {
    /// Evicting `victims` from `nodeName` makes room for the pod.
    case nominate(nodeName: String, victims: [PodRef])
    /// Nothing to do; `message` goes after the filter reasons
    /// ("preemption: 0/3 nodes are available: ...").
    case none(message: String)
}

/// Enough of a pod to delete it and say which one it was.
public struct PodRef: Sendable, Hashable {
    public var namespace: String
    public var name: String
    public var uid: String

    public init(namespace: String, name: String, uid: String) {
        self.namespace = namespace
        self.name = name
        self.uid = uid
    }

    public init(_ pod: PodInfo) {
        self.init(namespace: pod.namespace, name: pod.name, uid: pod.uid)
    }
}
