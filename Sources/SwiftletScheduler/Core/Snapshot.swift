import SwiftletAPI

/// The cluster as one scheduling cycle sees it: every node with the pods on
/// it, and the namespace labels that affinity terms select on.
///
/// A value: a cycle works on its own copy while the cache moves on.
public struct Snapshot: Sendable {
    public private(set) var nodes: [NodeInfo]
    private var indexByName: [String: Int]
    public var namespaceLabels: [String: [String: String]]
    /// `namespace/name` of the PersistentVolumeClaims whose access modes
    /// include `ReadWriteOncePod` (VolumeRestrictions).
    public var readWriteOncePodClaims: Set<String>
    /// PodDisruptionBudgets, which preemption tries not to violate.
    public var disruptionBudgets: [DisruptionBudget]
    /// How many nodes list each image name (ImageLocality's spread),
    /// kept up to date as nodes come, change and go.
    public private(set) var imageNodeCounts: [String: Int] = [:]

    public init(
        nodes: [NodeInfo] = [], namespaceLabels: [String: [String: String]] = [:],
        readWriteOncePodClaims: Set<String> = [], disruptionBudgets: [DisruptionBudget] = []
    ) {
        self.nodes = nodes
        self.namespaceLabels = namespaceLabels
        self.readWriteOncePodClaims = readWriteOncePodClaims
        self.disruptionBudgets = disruptionBudgets
        indexByName = Dictionary(nodes.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        for node in nodes { countImages(of: node, by: 1) }
    }

    public var count: Int { nodes.count }

    public func node(named name: String) -> NodeInfo? {
        indexByName[name].map { nodes[$0] }
    }

    /// Adds or replaces a node.
    public mutating func set(_ node: NodeInfo) {
        if let index = indexByName[node.name] {
            if nodes[index].factsIdentity != node.factsIdentity {
                countImages(of: nodes[index], by: -1)
                countImages(of: node, by: 1)
            }
            nodes[index] = node
        } else {
            indexByName[node.name] = nodes.count
            nodes.append(node)
            countImages(of: node, by: 1)
        }
    }

    private mutating func countImages(of node: NodeInfo, by change: Int) {
        for name in node.imageSizes.keys {
            let count = (imageNodeCounts[name] ?? 0) + change
            imageNodeCounts[name] = count > 0 ? count : nil
        }
    }

    /// Removes a node (the last one takes its place in the order).
    public mutating func removeNode(named name: String) {
        guard let index = indexByName.removeValue(forKey: name) else { return }
        countImages(of: nodes[index], by: -1)
        let last = nodes.count - 1
        if index != last {
            nodes.swapAt(index, last)
            indexByName[nodes[index].name] = index
        }
        nodes.removeLast()
    }

    /// Changes one node in place.
    public mutating func modifyNode(named name: String, _ change: (inout NodeInfo) -> Void) {
        guard let index = indexByName[name] else { return }
        let before = nodes[index]
        change(&nodes[index])
        if before.factsIdentity != nodes[index].factsIdentity {
            countImages(of: before, by: -1)
            countImages(of: nodes[index], by: 1)
        }
    }
}

/// What preemption needs of a PodDisruptionBudget: which pods it covers
/// and how many of them may still be disrupted.
public struct DisruptionBudget: Sendable, Equatable {
    public var namespace: String
    public var name: String
    public var selector: LabelSelector
    /// `status.disruptionsAllowed`.
    public var disruptionsAllowed: Int64
    /// Pods already being evicted under this budget (`status.disruptedPods`).
    public var disruptedPods: Set<String>

    public init(
        namespace: String, name: String, selector: LabelSelector, disruptionsAllowed: Int64,
        disruptedPods: Set<String> = []
    ) {
        self.namespace = namespace
        self.name = name
        self.selector = selector
        self.disruptionsAllowed = disruptionsAllowed
        self.disruptedPods = disruptedPods
    }

    /// Whether the budget covers the pod (same namespace, selector matches;
    /// an empty selector covers nothing, as upstream's preemption treats it).
    public func covers(_ pod: PodInfo) -> Bool {
        pod.namespace == namespace && !selector.isEmpty && selector.matches(pod.labels)
    }
}
