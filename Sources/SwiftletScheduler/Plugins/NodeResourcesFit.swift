/// NodeResourcesFit: a pod goes only where its requests still fit, and
/// among those nodes the scoring strategy picks by how full they would be.
///
/// Filter: the node must have a free pod slot (every pod needs one, even
/// one that requests nothing), and for cpu, memory, ephemeral storage and
/// every scalar resource the pod requests (extended resources, hugepages),
/// what the node can give minus what its pods already request must cover
/// the pod's request. A node that falls short names every missing resource
/// ("Too many pods", "Insufficient cpu", "Insufficient example.com/gpu"),
/// as upstream does, so the failure message tells the whole story. The
/// code is always Unschedulable (v1.32 does not yet single out requests
/// larger than the whole node): evicting pods may make room.
///
/// Score: LeastAllocated (default) favours nodes with room to spare,
/// MostAllocated packs pods onto busy nodes, RequestedToCapacityRatio
/// follows a configured curve. Scoring counts containers without cpu or
/// memory requests at upstream's defaults, so empty pods spread too.
public struct NodeResourcesFit: PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
    public let name = "NodeResourcesFit"
    public let args: NodeResourcesFitArgs
    private let ignoredResources: Set<String>
    private let ignoredResourceGroups: Set<Substring>
    private let scorer: ResourceAllocationScorer

    /// Upstream's defaults: nothing ignored, LeastAllocated over cpu and
    /// memory with weight 1 each.
    public init() {
        self.init(validated: NodeResourcesFitArgs())
    }

    /// Throws `NodeResourcesArgsError` when the args do not validate.
    public init(args: NodeResourcesFitArgs) throws {
        let errors = args.validationErrors()
        if !errors.isEmpty { throw NodeResourcesArgsError(errors) }
        self.init(validated: args)
    }

    private init(validated args: NodeResourcesFitArgs) {
        self.args = args
        ignoredResources = Set(args.ignoredResources)
        ignoredResourceGroups = Set(args.ignoredResourceGroups.map { Substring($0) })
        let strategy = args.scoringStrategy
        let formula: ResourceAllocationScorer.Formula
        switch strategy.type {
        case .leastAllocated: formula = .leastAllocated
        case .mostAllocated: formula = .mostAllocated
        case .requestedToCapacityRatio:
            // Config scores run 0...10; node scores 0...100.
            let scale = maxNodeScore / 10
            formula = .requestedToCapacityRatio(
                (strategy.shape ?? []).map {
                    UtilizationShapePoint(utilization: $0.utilization, score: $0.score * scale)
                })
        }
        scorer = ResourceAllocationScorer(resources: strategy.resources, formula: formula, useRequested: false)
    }

    // MARK: Filter

    public func preFilter(pod: PodInfo, snapshot: Snapshot, state: inout CycleState) -> PluginStatus {
        state[FitRequest.self] = request(of: pod)
        return .success
    }

    public func filter(pod: PodInfo, node: NodeInfo, state: CycleState) -> PluginStatus {
        let reasons = (state[FitRequest.self] ?? request(of: pod)).insufficientResources(on: node)
        return reasons.isEmpty ? .success : PluginStatus(.unschedulable, reasons: reasons)
    }

    /// Why the pod does not fit on the node (upstream's reason strings), or
    /// nothing when it fits. For callers outside a scheduling cycle.
    public func insufficientResources(for pod: PodInfo, on node: NodeInfo) -> [String] {
        request(of: pod).insufficientResources(on: node)
    }

    /// What the filter checks for this pod, with the ignored extended
    /// resources left out and the reason strings built once.
    private func request(of pod: PodInfo) -> FitRequest {
        var scalars: [FitRequest.Scalar] = []
        for (name, amount) in pod.requests.scalars where amount != 0 && NodeResourceNames.isScalar(name) {
            if NodeResourceNames.isExtended(name)
                && (ignoredResources.contains(name)
                    || (!ignoredResourceGroups.isEmpty
                        && ignoredResourceGroups.contains(NodeResourceNames.group(name))))
            {
                continue
            }
            scalars.append(FitRequest.Scalar(name: name, amount: amount, reason: "Insufficient \(name)"))
        }
        scalars.sort { $0.name < $1.name }
        return FitRequest(
            milliCPU: pod.requests.milliCPU, memory: pod.requests.memory,
            ephemeralStorage: pod.requests.ephemeralStorage, scalars: scalars)
    }

    // MARK: Score

    public func preScore(pod: PodInfo, nodes: [NodeInfo], snapshot: Snapshot, state: inout CycleState)
        -> PluginStatus
    {
        state[FitScoreRequests.self] = FitScoreRequests(podRequests: scorer.podRequests(pod))
        return .success
    }

    public func score(pod: PodInfo, node: NodeInfo, state: CycleState) -> Int64 {
        let podRequests = state[FitScoreRequests.self]?.podRequests ?? scorer.podRequests(pod)
        return scorer.score(node: node, podRequests: podRequests)
    }
}

/// The pod's requests as the filter checks them, computed once per cycle.
private struct FitRequest: Sendable {
    struct Scalar: Sendable {
        var name: String
        var amount: Int64
        var reason: String
    }

    var milliCPU: Int64
    var memory: Int64
    var ephemeralStorage: Int64
    /// Non-zero, not ignored, sorted by name.
    var scalars: [Scalar]

    /// Upstream's reasons in upstream's order: pods, cpu, memory, ephemeral
    /// storage, then scalar resources.
    func insufficientResources(on node: NodeInfo) -> [String] {
        var reasons: [String] = []
        if Int64(node.pods.count) + 1 > node.allocatable.allowedPodNumber {
            reasons.append("Too many pods")
        }
        let allocatable = node.allocatable
        let requested = node.requested
        if milliCPU > 0 && milliCPU > allocatable.milliCPU &- requested.milliCPU {
            reasons.append("Insufficient cpu")
        }
        if memory > 0 && memory > allocatable.memory &- requested.memory {
            reasons.append("Insufficient memory")
        }
        if ephemeralStorage > 0 && ephemeralStorage > allocatable.ephemeralStorage &- requested.ephemeralStorage {
            reasons.append("Insufficient ephemeral-storage")
        }
        for scalar in scalars {
            let available = (allocatable.scalars[scalar.name] ?? 0) &- (requested.scalars[scalar.name] ?? 0)
            if scalar.amount > available { reasons.append(scalar.reason) }
        }
        return reasons
    }
}

/// The pod's requests of the scored resources, in the strategy's order.
private struct FitScoreRequests: Sendable {
    var podRequests: [Int64]
}
