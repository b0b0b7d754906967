import SwiftletAPI
import SwiftletModels

/// The scheduler's picture of the cluster, kept up to date from informer
/// events and from its own decisions (assumed pods), and handed to each
/// scheduling cycle as a `Snapshot` value.
///
/// The snapshot is the cache's own storage: a cycle gets a copy-on-write
/// value, so handing it out costs nothing and a change made while a cycle
/// runs copies only what the cycle still holds.
public struct SchedulerCache: Sendable {
    public private(set) var snapshot = Snapshot()
    /// Every pod the cache accounts for, by uid: where it is and whether the
    /// API has confirmed it (assumed pods are ours, not yet seen bound).
    private var placements: [String: Placement] = [:]
    /// Pods bound to nodes that have no Node object yet, by node name.
    private var waitingForNode: [String: [PodInfo]] = [:]

    struct Placement: Sendable {
        var pod: PodInfo
        var assumed: Bool
    }

    public init() {}

    public var nodeCount: Int { snapshot.count }

    public func isAssumed(uid: String) -> Bool { placements[uid]?.assumed ?? false }

    // MARK: Nodes

    /// Adds or updates a node. Returns true when a fact that placement reads
    /// changed (labels, taints, cordon, allocatable, images), so pods that
    /// did not fit may fit now.
    @discardableResult
    public mutating func upsertNode(_ node: CoreV1.Node) -> Bool {
        let name = node.metadata?.name ?? ""
        if var existing = snapshot.node(named: name) {
            let before = (existing.labels, existing.taints, existing.unschedulable, existing.allocatable)
            existing.update(from: node)
            let changed =
                before.0 != existing.labels || before.1 != existing.taints || before.2 != existing.unschedulable
                || before.3 != existing.allocatable
            snapshot.set(existing)
            return changed
        }
        var info = NodeInfo(node)
        for pod in waitingForNode.removeValue(forKey: name) ?? [] { info.add(pod) }
        snapshot.set(info)
        return true
    }

    /// Forgets a node; its pods wait for a node of that name to come back.
    public mutating func removeNode(named name: String) {
        if let info = snapshot.node(named: name), !info.pods.isEmpty {
            waitingForNode[name] = info.pods
        }
        snapshot.removeNode(named: name)
    }

    // MARK: Pods

    /// Takes a pod the API shows bound to a node (confirming it if it was
    /// assumed). Pods that finished (Succeeded, Failed) free their node.
    public mutating func upsertBoundPod(_ pod: CoreV1.Pod) {
        guard let nodeName = pod.spec?.nodeName, !nodeName.isEmpty else { return }
        let uid = pod.metadata?.uid ?? ""
        let phase = pod.status?.phase
        if phase == "Succeeded" || phase == "Failed" {
            removePod(uid: uid)
            return
        }
        // The API confirming our own binding: what placement reads is what
        // we assumed (a bound pod's spec is immutable), unless labels moved.
        if let placement = placements[uid], placement.assumed, placement.pod.nodeName == nodeName,
            placement.pod.labels == (pod.metadata?.labels ?? [:])
        {
            let confirmed = placement.pod.confirmed(by: pod)
            snapshot.modifyNode(named: nodeName) { node in
                node.remove(uid: uid)
                node.add(confirmed)
            }
            placements[uid] = Placement(pod: confirmed, assumed: false)
            return
        }
        let info = PodInfo(pod)
        removePod(uid: info.uid)
        place(info, on: nodeName)
        placements[info.uid] = Placement(pod: info, assumed: false)
    }

    /// Records our own decision before the API confirms it, so the next
    /// cycle already sees the node's capacity taken.
    public mutating func assume(_ pod: PodInfo, on nodeName: String) {
        let placed = pod.placed(on: nodeName)
        removePod(uid: placed.uid)
        place(placed, on: nodeName)
        placements[placed.uid] = Placement(pod: placed, assumed: true)
    }

    /// Undoes an assumption whose binding failed.
    public mutating func forget(uid: String) {
        guard placements[uid]?.assumed == true else { return }
        removePod(uid: uid)
    }

    /// Removes a pod wherever it is.
    public mutating func removePod(uid: String) {
        guard let placement = placements.removeValue(forKey: uid), let nodeName = placement.pod.nodeName else {
            return
        }
        if snapshot.node(named: nodeName) != nil {
            snapshot.modifyNode(named: nodeName) { $0.remove(uid: uid) }
        } else {
            waitingForNode[nodeName]?.removeAll { $0.uid == uid }
            if waitingForNode[nodeName]?.isEmpty == true { waitingForNode[nodeName] = nil }
        }
    }

    private mutating func place(_ pod: PodInfo, on nodeName: String) {
        if snapshot.node(named: nodeName) != nil {
            snapshot.modifyNode(named: nodeName) { $0.add(pod) }
        } else {
            waitingForNode[nodeName, default: []].append(pod)
        }
    }

    // MARK: Other objects placement reads

    public mutating func setNamespace(_ name: String, labels: [String: String]?) {
        snapshot.namespaceLabels[name] = labels
    }

    /// Records whether a claim allows only one pod (`ReadWriteOncePod`).
    public mutating func setClaim(_ key: String, readWriteOncePod: Bool) {
        if readWriteOncePod {
            snapshot.readWriteOncePodClaims.insert(key)
        } else {
            snapshot.readWriteOncePodClaims.remove(key)
        }
    }

    public mutating func upsertDisruptionBudget(_ budget: DisruptionBudget) {
        snapshot.disruptionBudgets.removeAll { $0.namespace == budget.namespace && $0.name == budget.name }
        snapshot.disruptionBudgets.append(budget)
    }

    public mutating func removeDisruptionBudget(namespace: String, name: String) {
        snapshot.disruptionBudgets.removeAll { $0.namespace == namespace && $0.name == name }
    }
}
