import SwiftletAPI
import SwiftletModels

/// What the scheduler knows of one node: the facts read from the Node
/// object and the running totals of the pods placed on it.
///
/// Plugins look at hundreds of nodes per pod, so a `NodeInfo` is two
/// references to immutable parts: copying one costs two retains, and a
/// change builds a new part (a node's pods change once per placement, and
/// summing at most a node's 110 pods again costs less than a filter pass).
public struct NodeInfo: Sendable {
    /// The facts read from the Node object.
    final class Facts: Sendable {
        let name: String
        let labels: [String: String]
        let taints: [Taint]
        let unschedulable: Bool
        let allocatable: ResourceAmounts
        let imageSizes: [String: Int64]

        init(
            name: String, labels: [String: String], taints: [Taint], unschedulable: Bool,
            allocatable: ResourceAmounts, imageSizes: [String: Int64]
        ) {
            self.name = name
            self.labels = labels
            self.taints = taints
            self.unschedulable = unschedulable
            self.allocatable = allocatable
            self.imageSizes = imageSizes
        }
    }

    /// The pods placed on the node and what they add up to.
    final class Totals: Sendable {
        let pods: [PodInfo]
        let requested: ResourceAmounts
        let nonZeroRequested: ResourceAmounts
        let usedPorts: [HostPort]
        let podsWithAffinity: [PodInfo]
        let podsWithRequiredAntiAffinity: [PodInfo]
        let claimUsers: [String: Int]

        init(
            pods: [PodInfo] = [], requested: ResourceAmounts = ResourceAmounts(),
            nonZeroRequested: ResourceAmounts = ResourceAmounts(), usedPorts: [HostPort] = [],
            podsWithAffinity: [PodInfo] = [], podsWithRequiredAntiAffinity: [PodInfo] = [],
            claimUsers: [String: Int] = [:]
        ) {
            self.pods = pods
            self.requested = requested
            self.nonZeroRequested = nonZeroRequested
            self.usedPorts = usedPorts
            self.podsWithAffinity = podsWithAffinity
            self.podsWithRequiredAntiAffinity = podsWithRequiredAntiAffinity
            self.claimUsers = claimUsers
        }

        static let empty = Totals()

        /// The totals computed afresh from a list of pods.
        convenience init(_ pods: [PodInfo]) {
            var requested = ResourceAmounts()
            var nonZero = ResourceAmounts()
            var ports: [HostPort] = []
            var claims: [String: Int] = [:]
            for pod in pods {
                requested.add(pod.requests)
                nonZero.add(pod.nonZeroRequests)
                ports += pod.hostPorts
                for claim in pod.claimNames { claims["\(pod.namespace)/\(claim)", default: 0] += 1 }
            }
            requested.allowedPodNumber = Int64(pods.count)
            nonZero.allowedPodNumber = Int64(pods.count)
            self.init(
                pods: pods, requested: requested, nonZeroRequested: nonZero, usedPorts: ports,
                podsWithAffinity: pods.filter(\.hasAffinityTerms),
                podsWithRequiredAntiAffinity: pods.filter { !$0.requiredAntiAffinityTerms.isEmpty },
                claimUsers: claims)
        }
    }

    private var facts: Facts
    private var totals: Totals

    /// Changes whenever the node facts are replaced (not when pods change).
    var factsIdentity: ObjectIdentifier { ObjectIdentifier(facts) }

    public var name: String { facts.name }
    public var labels: [String: String] { facts.labels }
    /// Taints with a known effect.
    public var taints: [Taint] { facts.taints }
    /// `spec.unschedulable` (cordoned).
    public var unschedulable: Bool { facts.unschedulable }
    /// `status.allocatable` (else `capacity`), pods count included.
    public var allocatable: ResourceAmounts { facts.allocatable }
    /// Image name (every name a node lists for an image) to size in bytes.
    public var imageSizes: [String: Int64] { facts.imageSizes }

    public var pods: [PodInfo] { totals.pods }
    /// Sum of the placed pods' requests; `allowedPodNumber` counts pods.
    public var requested: ResourceAmounts { totals.requested }
    /// The same with default requests for containers without any.
    public var nonZeroRequested: ResourceAmounts { totals.nonZeroRequested }
    public var usedPorts: [HostPort] { totals.usedPorts }
    /// Placed pods with any pod (anti-)affinity term.
    public var podsWithAffinity: [PodInfo] { totals.podsWithAffinity }
    /// Placed pods with required anti-affinity terms.
    public var podsWithRequiredAntiAffinity: [PodInfo] { totals.podsWithRequiredAntiAffinity }
    /// `namespace/claim` of claims used by placed pods, with use counts.
    public var claimUsers: [String: Int] { totals.claimUsers }

    public init(
        name: String, labels: [String: String] = [:], taints: [Taint] = [], unschedulable: Bool = false,
        allocatable: ResourceAmounts, imageSizes: [String: Int64] = [:]
    ) {
        facts = Facts(
            name: name, labels: labels, taints: taints, unschedulable: unschedulable, allocatable: allocatable,
            imageSizes: imageSizes)
        totals = .empty
    }

    public init(_ node: CoreV1.Node) {
        self.init(name: node.metadata?.name ?? "", allocatable: ResourceAmounts())
        update(from: node)
    }

    /// Takes new node facts, keeping the placed pods.
    public mutating func update(from node: CoreV1.Node) {
        var images: [String: Int64] = [:]
        for image in node.status?.images ?? [] {
            for name in image.names ?? [] { images[name] = image.sizeBytes ?? 0 }
        }
        facts = Facts(
            name: facts.name, labels: node.metadata?.labels ?? [:],
            taints: (node.spec?.taints ?? []).compactMap(Taint.init), unschedulable: node.spec?.unschedulable ?? false,
            allocatable: ResourceAmounts(resourceList: node.status?.allocatable ?? node.status?.capacity),
            imageSizes: images)
    }

    public mutating func add(_ pod: PodInfo) {
        totals = Totals(totals.pods + [pod])
    }

    /// Removes the pod with this uid; false when it is not here.
    @discardableResult
    public mutating func remove(uid: String) -> Bool {
        guard let index = totals.pods.firstIndex(where: { $0.uid == uid }) else { return false }
        var pods = totals.pods
        pods.remove(at: index)
        totals = Totals(pods)
        return true
    }
}
