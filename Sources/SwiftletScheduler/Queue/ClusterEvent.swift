/// A change in the cluster that may let a pod that did not fit, fit now.
/// Pods wait in the unschedulable queue until an event that concerns one of
/// the plugins that refused them (upstream's queueing hints, coarsely).
public enum ClusterEvent: Sendable, Hashable {
    case nodeAdded
    /// Labels, taints, cordon, allocatable or images changed.
    case nodeChanged
    /// A pod on a node went away (or finished): room freed.
    case assignedPodDeleted
    /// A pod landed on a node or changed labels: affinity and spread change.
    case assignedPodChanged
    case namespaceChanged
    case claimChanged

    /// The plugins whose refusals this event can undo.
    var concernedPlugins: Set<String> {
        switch self {
        case .nodeAdded, .nodeChanged:
            [
                "NodeName", "NodeUnschedulable", "NodeAffinity", "TaintToleration", "NodeResourcesFit", "NodePorts",
                "InterPodAffinity", "PodTopologySpread", "VolumeRestrictions",
            ]
        case .assignedPodDeleted:
            ["NodeResourcesFit", "NodePorts", "InterPodAffinity", "PodTopologySpread", "VolumeRestrictions"]
        case .assignedPodChanged: ["InterPodAffinity", "PodTopologySpread"]
        case .namespaceChanged: ["InterPodAffinity"]
        case .claimChanged: ["VolumeRestrictions"]
        }
    }
}
