/// The kinds of resource names upstream tells apart (`v1helper`): only
/// "scalar" resources (extended resources, hugepages, prefixed native
/// ones) are checked beyond cpu, memory and ephemeral storage, and only
/// extended resources may be ignored by configuration.
enum NodeResourceNames {
    /// `kubernetes.io/...` anywhere in the name.
    static func isPrefixedNative(_ name: String) -> Bool {
        name.contains("kubernetes.io/")
    }

    /// Without a domain, or in the `kubernetes.io` domain.
    static func isNative(_ name: String) -> Bool {
        !name.contains("/") || isPrefixedNative(name)
    }

    /// A domain-qualified resource a device plugin or an operator
    /// advertises, such as `example.com/gpu`. (The API server has already
    /// checked that the name is well formed.)
    static func isExtended(_ name: String) -> Bool {
        !isNative(name) && !name.hasPrefix("requests.")
    }

    /// A resource counted in whole units beside cpu/memory/storage.
    static func isScalar(_ name: String) -> Bool {
        isExtended(name) || name.hasPrefix("hugepages-") || isPrefixedNative(name)
            || name.hasPrefix("attachable-volumes-")
    }

    /// The part before the slash, which `ignoredResourceGroups` names.
    static func group(_ name: String) -> Substring {
        name.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    }
}

/// The arithmetic both resource scoring plugins share (upstream's
/// `resourceAllocationScorer`): for each configured resource, what the
/// node can give and what it would have handed out with this pod on it,
/// then one formula over those pairs.
///
/// Resource names are resolved once, at plugin construction, so scoring a
/// node is a handful of integer reads and no string comparisons.
struct ResourceAllocationScorer: Sendable {
    enum Formula: Sendable {
        case leastAllocated
        case mostAllocated
        /// Points with the score already scaled to 0...100.
        case requestedToCapacityRatio([UtilizationShapePoint])
        case balanced
    }

    /// How one configured resource is read off pods and nodes.
    enum Resource: Sendable {
        case cpu
        case memory
        case ephemeralStorage
        case scalar(String)
        /// Not a resource scoring can see (`pods`, unknown native names):
        /// always left out, as upstream leaves it out.
        case unscored

        init(_ name: String) {
            switch name {
            case ResourceName.cpu: self = .cpu
            case ResourceName.memory: self = .memory
            case ResourceName.ephemeralStorage: self = .ephemeralStorage
            default: self = NodeResourceNames.isScalar(name) ? .scalar(name) : .unscored
            }
        }
    }

    let resources: [Resource]
    let weights: [Int64]
    let formula: Formula
    /// BalancedAllocation looks at what pods really request; the Fit
    /// strategies count containers without cpu/memory requests at
    /// upstream's defaults (100m, 200Mi) so that empty pods still spread.
    let useRequested: Bool

    init(resources: [ResourceWeight], formula: Formula, useRequested: Bool) {
        self.resources = resources.map { Resource($0.name) }
        weights = resources.map(\.weight)
        self.formula = formula
        self.useRequested = useRequested
    }

    /// The pod's request of each configured resource, in order.
    func podRequests(_ pod: PodInfo) -> [Int64] {
        let counted = useRequested ? pod.requests : pod.nonZeroRequests
        return resources.map { resource in
            switch resource {
            case .cpu: counted.milliCPU
            case .memory: counted.memory
            case .ephemeralStorage: pod.requests.ephemeralStorage
            case .scalar(let name): pod.requests.scalars[name] ?? 0
            case .unscored: 0
            }
        }
    }

    /// The node's score in 0...100 with the pod (whose `podRequests` these
    /// are) placed on it.
    func score(node: NodeInfo, podRequests: [Int64]) -> Int64 {
        switch formula {
        case .balanced: balancedScore(node: node, podRequests: podRequests)
        default: weightedScore(node: node, podRequests: podRequests)
        }
    }

    /// What the node can give of resource `i`, and what it would have
    /// handed out with the pod; allocatable 0 means "leave it out".
    @inline(__always)
    private func allocatableAndRequested(_ i: Int, node: NodeInfo, podRequest: Int64) -> (Int64, Int64) {
        switch resources[i] {
        case .cpu:
            let placed = useRequested ? node.requested.milliCPU : node.nonZeroRequested.milliCPU
            return (node.allocatable.milliCPU, placed &+ podRequest)
        case .memory:
            let placed = useRequested ? node.requested.memory : node.nonZeroRequested.memory
            return (node.allocatable.memory, placed &+ podRequest)
        case .ephemeralStorage:
            return (node.allocatable.ephemeralStorage, node.requested.ephemeralStorage &+ podRequest)
        case .scalar(let name):
            // A scalar resource the pod does not ask for says nothing about
            // how well the pod fits here.
            guard podRequest != 0, let allocatable = node.allocatable.scalars[name] else { return (0, 0) }
            return (allocatable, (node.requested.scalars[name] ?? 0) &+ podRequest)
        case .unscored:
            return (0, 0)
        }
    }

    /// The weighted average of per-resource scores (LeastAllocated,
    /// MostAllocated, RequestedToCapacityRatio). Wrapping arithmetic: huge
    /// scalar amounts must not bring the scheduler down.
    private func weightedScore(node: NodeInfo, podRequests: [Int64]) -> Int64 {
        var total: Int64 = 0
        var weightSum: Int64 = 0
        for i in resources.indices {
            let (allocatable, requested) = allocatableAndRequested(i, node: node, podRequest: podRequests[i])
            if allocatable == 0 { continue }
            let resourceScore: Int64
            switch formula {
            case .leastAllocated:
                resourceScore =
                    requested > allocatable ? 0 : (allocatable &- requested) &* maxNodeScore / allocatable
            case .mostAllocated:
                // Default requests can push `requested` past allocatable.
                resourceScore = min(requested, allocatable) &* maxNodeScore / allocatable
            case .requestedToCapacityRatio(let shape):
                let utilization = requested > allocatable ? 100 : requested &* 100 / allocatable
                resourceScore = Self.interpolate(shape, at: utilization)
                // Resources scoring 0 do not count toward the average.
                if resourceScore <= 0 { continue }
            case .balanced:
                continue
            }
            total = total &+ resourceScore &* weights[i]
            weightSum += weights[i]
        }
        if weightSum == 0 { return 0 }
        if case .requestedToCapacityRatio = formula {
            return Int64((Double(total) / Double(weightSum)).rounded())
        }
        return total / weightSum
    }

    /// The curve through `shape` at `utilization`: flat before the first
    /// point and after the last, straight lines (integer arithmetic) in
    /// between.
    static func interpolate(_ shape: [UtilizationShapePoint], at utilization: Int64) -> Int64 {
        for i in shape.indices where utilization <= shape[i].utilization {
            if i == 0 { return shape[0].score }
            let low = shape[i - 1]
            let high = shape[i]
            return low.score + (high.score - low.score) * (utilization - low.utilization)
                / (high.utilization - low.utilization)
        }
        return shape.last?.score ?? 0
    }

    /// `(1 - standard deviation of the requested/allocatable fractions) *
    /// 100`, each fraction capped at 1; weights play no part. Two resources
    /// take upstream's shortcut `|f1 - f2| / 2`, which is the same number.
    private func balancedScore(node: NodeInfo, podRequests: [Int64]) -> Int64 {
        var count = 0
        var total = 0.0
        var first = 0.0
        var second = 0.0
        for i in resources.indices {
            let (allocatable, requested) = allocatableAndRequested(i, node: node, podRequest: podRequests[i])
            if allocatable == 0 { continue }
            let fraction = min(Double(requested) / Double(allocatable), 1)
            if count == 0 { first = fraction } else if count == 1 { second = fraction }
            total += fraction
            count += 1
        }
        var deviation = 0.0
        if count == 2 {
            deviation = abs((first - second) / 2)
        } else if count > 2 {
            // A second pass rather than an array per node.
            let mean = total / Double(count)
            var sum = 0.0
            for i in resources.indices {
                let (allocatable, requested) = allocatableAndRequested(i, node: node, podRequest: podRequests[i])
                if allocatable == 0 { continue }
                let fraction = min(Double(requested) / Double(allocatable), 1)
                sum += (fraction - mean) * (fraction - mean)
            }
            deviation = (sum / Double(count)).squareRoot()
        }
        return Int64((1 - deviation) * Double(maxNodeScore))
    }
}
