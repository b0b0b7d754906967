/// NodePorts keeps a pod off nodes where a host port it asks for is taken.
///
/// Two host ports clash when protocol and port agree and either binds every
/// address (`0.0.0.0`) or both bind the same one (`HostPort.conflicts`).
/// A pod without host ports skips the plugin. The refusal is resolvable:
/// evicting the pod holding the port frees it.
public struct NodePorts: PreFilterPlugin, FilterPlugin {
    public let name = "NodePorts"

    /// Upstream's reason, counted in "0/3 nodes are available: ...".
    public static let reason = "node(s) didn't have free ports for the requested pod ports"

    public init() {}

    /// `PodInfo.hostPorts` is already the parsed list, so there is nothing
    /// to precompute; only the skip matters.
    public func preFilter(pod: PodInfo, snapshot: Snapshot, state: inout CycleState) -> PluginStatus {
        pod.hostPorts.isEmpty ? .skip : .success
    }

    public func filter(pod: PodInfo, node: NodeInfo, state: CycleState) -> PluginStatus {
        Self.fits(pod.hostPorts, on: node) ? .success : .unschedulable(Self.reason)
    }

    /// Whether none of `wanted` clashes with a port already used on the node.
    public static func fits(_ wanted: [HostPort], on node: NodeInfo) -> Bool {
        for port in wanted where node.usedPorts.contains(where: { $0.conflicts(with: port) }) {
            return false
        }
        return true
    }
}
