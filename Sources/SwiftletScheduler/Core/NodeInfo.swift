import SwiftletAPI
import SwiftletModels

/// What the scheduler knows of one node: the facts read from the Node
/// object and the running totals of the pods placed on it.
public struct NodeInfo: Sendable {
    public let name: String
    public private(set) var labels: [String: String]
    /// Taints with a known effect.
    public private(set) var taints: [Taint]
    /// `spec.unschedulable` (cordoned).
    public private(set) var unschedulable: Bool
    /// `status.allocatable` (else `capacity`), pods count included.
    public private(set) var allocatable: ResourceAmounts
    /// Image name (every name a node lists for an image) to size in bytes.
    public private(set) var imageSizes: [String: Int64]

    public private(set) var pods: [PodInfo] = []
    /// Sum of the placed pods' requests; `allowedPodNumber` counts pods.
    public private(set) var requested = ResourceAmounts()
    /// The same with default requests for containers without any.
    public private(set) var nonZeroRequested = ResourceAmounts()
    public private(set) var usedPorts: [HostPort] = []
    /// Placed pods with any pod (anti-)affinity term.
    public private(set) var podsWithAffinity: [PodInfo] = []
    /// Placed pods with required anti-affinity terms.
    public private(set) var podsWithRequiredAntiAffinity: [PodInfo] = []
    /// `namespace/claim` of claims used by placed pods, with use counts.
    public private(set) var claimUsers: [String: Int] = [:]
    /// Bumped on every change, so snapshots copy only nodes that changed.
    public private(set) var generation: Int64 = 0

    public init(
        name: String, labels: [String: String] = [:], taints: [Taint] = [], unschedulable: Bool = false,
        allocatable: ResourceAmounts, imageSizes: [String: Int64] = [:]
    ) {
        self.name = name
        self.labels = labels
        self.taints = taints
        self.unschedulable = unschedulable
        self.allocatable = allocatable
        self.imageSizes = imageSizes
    }

    public init(_ node: CoreV1.Node) {
        self.init(name: node.metadata?.name ?? "", allocatable: ResourceAmounts())
        update(from: node)
    }

    /// Takes new node facts, keeping the placed pods.
    public mutating func update(from node: CoreV1.Node) {
        labels = node.metadata?.labels ?? [:]
        taints = (node.spec?.taints ?? []).compactMap(Taint.init)
        unschedulable = node.spec?.unschedulable ?? false
        allocatable = ResourceAmounts(resourceList: node.status?.allocatable ?? node.status?.capacity)
        var images: [String: Int64] = [:]
        for image in node.status?.images ?? [] {
            for name in image.names ?? [] { images[name] = image.sizeBytes ?? 0 }
        }
        imageSizes = images
        generation += 1
    }

    public mutating func add(_ pod: PodInfo) {
        pods.append(pod)
        requested.add(pod.requests)
        requested.allowedPodNumber += 1
        nonZeroRequested.add(pod.nonZeroRequests)
        nonZeroRequested.allowedPodNumber += 1
        usedPorts += pod.hostPorts
        if pod.hasAffinityTerms { podsWithAffinity.append(pod) }
        if !pod.requiredAntiAffinityTerms.isEmpty { podsWithRequiredAntiAffinity.append(pod) }
        for claim in pod.claimNames { claimUsers["\(pod.namespace)/\(claim)", default: 0] += 1 }
        generation += 1
    }

    /// Removes the pod with this uid; false when it is not here.
    @discardableResult
    public mutating func remove(uid: String) -> Bool {
        guard let index = pods.firstIndex(where: { $0.uid == uid }) else { return false }
        let pod = pods.remove(at: index)
        requested.subtract(pod.requests)
        requested.allowedPodNumber -= 1
        nonZeroRequested.subtract(pod.nonZeroRequests)
        nonZeroRequested.allowedPodNumber -= 1
        for port in pod.hostPorts {
            if let i = usedPorts.firstIndex(of: port) { usedPorts.remove(at: i) }
        }
        podsWithAffinity.removeAll { $0.uid == uid }
        podsWithRequiredAntiAffinity.removeAll { $0.uid == uid }
        for claim in pod.claimNames {
            let key = "\(pod.namespace)/\(claim)"
            claimUsers[key, default: 0] -= 1
            if claimUsers[key] == 0 { claimUsers[key] = nil }
        }
        generation += 1
        return true
    }
}
