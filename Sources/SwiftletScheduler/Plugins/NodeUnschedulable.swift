/// NodeUnschedulable keeps pods off cordoned nodes (`spec.unschedulable`).
///
/// A cordoned node carries the `node.kubernetes.io/unschedulable:NoSchedule`
/// taint, so a pod that tolerates that taint (DaemonSet pods do) may still
/// go there; every other pod is refused for good: evicting pods does not
/// uncordon a node.
public struct NodeUnschedulable: FilterPlugin {
    public let name = "NodeUnschedulable"

    /// Upstream's reason, counted in "0/3 nodes are available: ...".
    public static let reason = "node(s) were unschedulable"

    /// The taint a cordoned node is treated as having.
    public static let unschedulableTaint = Taint(key: "node.kubernetes.io/unschedulable", effect: .noSchedule)

    public init() {}

    public func filter(pod: PodInfo, node: NodeInfo, state: CycleState) -> PluginStatus {
        guard node.unschedulable else { return .success }
        if pod.tolerations.contains(where: { $0.tolerates(Self.unschedulableTaint) }) { return .success }
        return .unresolvable(Self.reason)
    }
}
