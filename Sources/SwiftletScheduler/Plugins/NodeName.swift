import SwiftletModels

/// NodeName keeps a pod that names its node in `spec.nodeName` off every
/// other node.
///
/// The name is read from the pod spec, not from `PodInfo.nodeName` (where
/// the pod is bound or assumed): a pending pod that asks for a node by name
/// may only go there. PreFilter reads the name once and skips the plugin
/// for the usual pod that names no node, so Filter costs nothing then.
public struct NodeName: PreFilterPlugin, FilterPlugin {
    public let name = "NodeName"

    /// Upstream's reason, counted in "0/3 nodes are available: ...".
    public static let reason = "node(s) didn't match the requested node name"

    public init() {}

    public func preFilter(pod: PodInfo, snapshot: Snapshot, state: inout CycleState) -> PluginStatus {
        let requested = Self.requestedNode(of: pod)
        guard !requested.isEmpty else { return .skip }
        state[NodeNameRequest.self] = NodeNameRequest(node: requested)
        return .success
    }

    public func filter(pod: PodInfo, node: NodeInfo, state: CycleState) -> PluginStatus {
        let requested = state[NodeNameRequest.self]?.node ?? Self.requestedNode(of: pod)
        return requested.isEmpty || requested == node.name ? .success : .unresolvable(Self.reason)
    }

    private static func requestedNode(of pod: PodInfo) -> String {
        pod.pod.spec?.nodeName ?? ""
    }
}

/// The node a pod names, read once per scheduling cycle.
private struct NodeNameRequest: Sendable {
    var node: String
}
