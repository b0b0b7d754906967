/// Why a pod fits on no node: each node's refusal, or the PreFilter that
/// refused them all. Its message is upstream's, word for word:
/// `0/5 nodes are available: 3 Insufficient cpu, 2 node(s) had untolerated
/// taint {dedicated: gpu}.`
public struct FitFailure: Error, Sendable, Equatable {
    public var numAllNodes: Int
    /// Node name to the status of the filter that refused it.
    public var nodeStatuses: [String: PluginStatus]
    /// Set when a PreFilter refused the pod for every node.
    public var preFilterStatus: PluginStatus?
    /// Appended by preemption (PostFilter).
    public var postFilterMessage: String?

    public init(
        numAllNodes: Int, nodeStatuses: [String: PluginStatus] = [:], preFilterStatus: PluginStatus? = nil,
        postFilterMessage: String? = nil
    ) {
        self.numAllNodes = numAllNodes
        self.nodeStatuses = nodeStatuses
        self.preFilterStatus = preFilterStatus
        self.postFilterMessage = postFilterMessage
    }

    /// Whether evicting pods could ever help on this node: not when the
    /// PreFilter or a filter said the refusal is unresolvable.
    public func isResolvable(nodeName: String) -> Bool {
        if let preFilterStatus { return preFilterStatus.code == .unschedulable }
        guard let status = nodeStatuses[nodeName] else { return false }
        return status.code == .unschedulable
    }

    /// The plugins that refused, for requeueing on the events they care about.
    public var rejectingPlugins: Set<String> {
        var names = Set(nodeStatuses.values.compactMap(\.plugin))
        if let plugin = preFilterStatus?.plugin { names.insert(plugin) }
        return names
    }

    public var message: String {
        // Upstream's words when the cluster has no node at all.
        if numAllNodes == 0 { return "no nodes available to schedule pods" }
        var message = "0/\(numAllNodes) nodes are available:"
        if let preFilterStatus {
            message += " \(preFilterStatus.reasons.joined(separator: ", "))."
        } else {
            var counts: [String: Int] = [:]
            for status in nodeStatuses.values {
                for reason in status.reasons { counts[reason, default: 0] += 1 }
            }
            let histogram = counts.map { "\($0.value) \($0.key)" }.sorted()
            if !histogram.isEmpty { message += " \(histogram.joined(separator: ", "))." }
        }
        if let postFilterMessage, !postFilterMessage.isEmpty { message += " \(postFilterMessage)" }
        return message
    }
}
