import SwiftletAPI
import SwiftletModels

/// Makes room for a pod that fits nowhere by evicting pods of lower
/// priority (kube-scheduler's `DefaultPreemption` PostFilter).
///
/// For each node whose refusal eviction could cure, it pretends every
/// lower-priority pod is gone and asks the profile's PreFilters and
/// Filters again. Where the pod then fits, it puts back as many of those
/// pods as it can, so that as few as possible are evicted and, before all
/// else, no PodDisruptionBudget is broken. Of the nodes that work it picks
/// the one whose eviction hurts least. It only decides: deleting the
/// victims and setting the pod's `nominatedNodeName` is the caller's job.
public struct DefaultPreemption: PostFilterPlugin {
    /// Where the dry run starts among the nodes worth trying. Upstream
    /// starts at a random one so that large clusters are not always
    /// searched from the same end; `fixed` makes the choice repeatable.
    public enum StartOffset: Sendable, Equatable {
        case random
        case fixed(Int)
    }

    public let name = "DefaultPreemption"
    public let args: DefaultPreemptionArgs
    public let startOffset: StartOffset

    public init(args: DefaultPreemptionArgs = .defaults, startOffset: StartOffset = .random) {
        self.args = args
        self.startOffset = startOffset
    }

    public func postFilter(
        pod: PodInfo, snapshot: Snapshot, profile: SchedulerProfile, failure: FitFailure
    ) -> PostFilterResult {
        if let refusal = reasonNotToPreempt(pod: pod, snapshot: snapshot, failure: failure) {
            return .none(message: "preemption: \(refusal)")
        }
        guard snapshot.count > 0 else { return .none(message: "preemption: no nodes available") }

        let worthTrying = snapshot.nodes.filter { failure.isResolvable(nodeName: $0.name) }
        let search = dryRun(pod: pod, nodes: worthTrying, snapshot: snapshot, profile: profile)
        if let best = Self.pickBest(search.candidates) {
            return .nominate(nodeName: best.nodeName, victims: best.victims.map { PodRef($0.pod) })
        }
        if !search.errors.isEmpty {
            let errors = search.errors.count == 1 ? search.errors[0] : "[\(search.errors.joined(separator: ", "))]"
            return .none(message: "preemption: \(errors)")
        }
        return .none(message: "preemption: \(Self.noCandidateMessage(search.nodeStatuses, allNodes: snapshot.count))")
    }

    /// How many nodes that work are enough before the search stops
    /// (upstream's `calculateNumCandidates`): a percentage of the nodes
    /// worth trying, at least an absolute number, at most all of them.
    public func numberOfCandidates(amongNodes count: Int) -> Int {
        let share = count * Int(args.minCandidateNodesPercentage) / 100
        return min(max(share, Int(args.minCandidateNodesAbsolute)), count)
    }

    // MARK: - Eligibility

    /// Nil when the pod may preempt; else upstream's reason why not.
    func reasonNotToPreempt(pod: PodInfo, snapshot: Snapshot, failure: FitFailure) -> String? {
        if pod.pod.spec?.preemptionPolicy == "Never" {
            return "not eligible due to preemptionPolicy=Never."
        }
        // A pod that already preempted waits for its victims to go, unless
        // its nominated node has since become hopeless.
        guard let nominated = pod.nominatedNodeName,
            Self.statusCode(of: nominated, in: failure) != .unschedulableAndUnresolvable,
            let node = snapshot.node(named: nominated)
        else { return nil }
        if node.pods.contains(where: { $0.priority < pod.priority && Self.isTerminatingByPreemption($0) }) {
            return "not eligible due to a terminating pod on the nominated node."
        }
        return nil
    }

    /// The code placement gave a node; a node it did not report on counts
    /// as unresolvable, as upstream's default for absent nodes.
    static func statusCode(of nodeName: String, in failure: FitFailure) -> PluginStatus.Code {
        if let preFilterStatus = failure.preFilterStatus { return preFilterStatus.code }
        return failure.nodeStatuses[nodeName]?.code ?? .unschedulableAndUnresolvable
    }

    /// Deleted, and marked by a scheduler's preemption as the reason.
    static func isTerminatingByPreemption(_ pod: PodInfo) -> Bool {
        guard pod.isTerminating else { return false }
        guard let condition = pod.pod.status?.conditions?.first(where: { $0.type == "DisruptionTarget" }) else {
            return false
        }
        return condition.status == "True" && condition.reason == "PreemptionByScheduler"
    }

    // MARK: - Dry run

    /// A node where evicting `victims` lets the pod fit.
    struct Candidate {
        var nodeName: String
        /// Most important first.
        var victims: [Victim]
        var pdbViolations: Int
    }

    struct DryRunResult {
        /// Those that break no budget first.
        var candidates: [Candidate]
        /// Why each node tried did not work.
        var nodeStatuses: [String: PluginStatus]
        var errors: [String]
    }

    /// Tries nodes one after another from the start offset until enough
    /// work and at least one of them breaks no budget.
    func dryRun(pod: PodInfo, nodes: [NodeInfo], snapshot: Snapshot, profile: SchedulerProfile) -> DryRunResult {
        var result = DryRunResult(candidates: [], nodeStatuses: [:], errors: [])
        guard !nodes.isEmpty else { return result }
        let wanted = numberOfCandidates(amongNodes: nodes.count)
        let offset: Int
        switch startOffset {
        case .random: offset = Int.random(in: 0..<nodes.count)
        case .fixed(let value): offset = ((value % nodes.count) + nodes.count) % nodes.count
        }
        var harmless: [Candidate] = []
        var violating: [Candidate] = []
        for step in 0..<nodes.count {
            let node = nodes[(offset + step) % nodes.count]
            switch selectVictims(on: node, pod: pod, snapshot: snapshot, profile: profile) {
            case .success(let candidate):
                if candidate.pdbViolations == 0 {
                    if harmless.count < wanted { harmless.append(candidate) }
                } else if violating.count < wanted {
                    violating.append(candidate)
                }
                if !harmless.isEmpty && harmless.count + violating.count >= wanted {
                    result.candidates = harmless + violating
                    return result
                }
            case .failure(let refusal):
                if refusal.status.code == .error { result.errors += refusal.status.reasons }
                result.nodeStatuses[node.name] = refusal.status
            }
        }
        result.candidates = harmless + violating
        return result
    }

    /// Upstream's message when no node works: each tried node's refusal,
    /// every other node "Preemption is not helpful for scheduling".
    static func noCandidateMessage(_ statuses: [String: PluginStatus], allNodes: Int) -> String {
        var counts: [String: Int] = [:]
        for status in statuses.values {
            for reason in status.reasons { counts[reason, default: 0] += 1 }
        }
        let untried = allNodes - statuses.count
        if untried > 0 { counts["Preemption is not helpful for scheduling", default: 0] += untried }
        var message = "0/\(allNodes) nodes are available:"
        let histogram = counts.map { "\($0.value) \($0.key)" }.sorted()
        if !histogram.isEmpty { message += " \(histogram.joined(separator: ", "))." }
        return message
    }

    // MARK: - Choosing the node

    /// Upstream's `pickOneNodeForPreemption`: each rule in turn keeps the
    /// candidates it likes best, until one is left or the rules run out
    /// (then the first).
    static func pickBest(_ candidates: [Candidate]) -> Candidate? {
        guard candidates.count > 1 else { return candidates.first }
        let rules: [(Candidate) -> Int64] = [
            // Fewest budgets broken.
            { -Int64($0.pdbViolations) },
            // The most important victim as unimportant as possible.
            { -Int64($0.victims.first?.pod.priority ?? 0) },
            // The smallest sum of priorities, each shifted to be positive so
            // that more victims never look cheaper.
            { -$0.victims.reduce(Int64(0)) { $0 + Int64($1.pod.priority) + Int64(Int32.max) + 1 } },
            // Fewest victims.
            { -Int64($0.victims.count) },
            // The most important victims started as late as possible.
            { earliestStartOfMostImportant($0.victims) },
        ]
        var remaining = candidates
        for rule in rules {
            let scores = remaining.map(rule)
            guard let best = scores.max() else { break }
            remaining = zip(remaining, scores).filter { $0.1 == best }.map(\.0)
            if remaining.count == 1 { break }
        }
        return remaining.first
    }

    /// The earliest start among the victims of the highest priority.
    static func earliestStartOfMostImportant(_ victims: [Victim]) -> Int64 {
        guard let top = victims.map(\.pod.priority).max() else { return Int64.min }
        return victims.filter { $0.pod.priority == top }.map(\.startTime).min() ?? Int64.min
    }
}
