import SwiftletModels

/// VolumeRestrictions keeps pods apart that must not share a volume.
///
/// ReadWriteOncePod: a PersistentVolumeClaim with that access mode (listed
/// in `Snapshot.readWriteOncePodClaims`) may be used by one pod in the whole
/// cluster. While another pod uses it, every node refuses the pod with a
/// resolvable status, so preemption may evict the user; Filter looks at the
/// users on other nodes (counted once in PreFilter) and at the node it is
/// given, so a node from which preemption removed the user passes.
///
/// Disk conflicts: the in-tree GCE PD, AWS EBS, Ceph RBD and iSCSI volumes
/// cannot be mounted by two pods of one node unless (GCE PD, RBD, iSCSI)
/// both mount read-only. Only pods with such volumes pay for this check.
///
/// A pod with neither skips the plugin.
public struct VolumeRestrictions: PreFilterPlugin, FilterPlugin {
    public let name = "VolumeRestrictions"

    /// Upstream's reasons, counted in "0/3 nodes are available: ...".
    public static let reasonDiskConflict = "node(s) had no available disk"
    public static let reasonReadWriteOncePodConflict =
        "node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode"

    public init() {}

    public func preFilter(pod: PodInfo, snapshot: Snapshot, state: inout CycleState) -> PluginStatus {
        let volumes = pod.pod.spec?.volumes ?? []
        let disks = volumes.compactMap(ExclusiveDisk.init)
        var claims: [String: Set<String>] = [:]
        for volume in volumes {
            guard let claim = volume.persistentVolumeClaim?.claimName else { continue }
            let key = "\(pod.namespace)/\(claim)"
            guard snapshot.readWriteOncePodClaims.contains(key), claims[key] == nil else { continue }
            let users = snapshot.nodes.filter { ($0.claimUsers[key] ?? 0) > 0 }.map(\.name)
            if !users.isEmpty { claims[key] = Set(users) }
        }
        if disks.isEmpty && claims.isEmpty { return .skip }
        state[VolumeRestrictionsState.self] = VolumeRestrictionsState(disks: disks, claimUserNodes: claims)
        return .success
    }

    public func filter(pod: PodInfo, node: NodeInfo, state: CycleState) -> PluginStatus {
        guard let restrictions = state[VolumeRestrictionsState.self] else {
            return .error("reading PreFilterVolumeRestrictions from cycle state: not found")
        }
        if !restrictions.disks.isEmpty {
            for existing in node.pods {
                let theirs = (existing.pod.spec?.volumes ?? []).compactMap(ExclusiveDisk.init)
                for disk in restrictions.disks where theirs.contains(where: disk.conflicts) {
                    return .unschedulable(Self.reasonDiskConflict)
                }
            }
        }
        for (claim, userNodes) in restrictions.claimUserNodes {
            // Users elsewhere, or on this node as given (preemption may pass
            // the node without its victims).
            let elsewhere = userNodes.contains { $0 != node.name }
            if elsewhere || (node.claimUsers[claim] ?? 0) > 0 {
                return .unschedulable(Self.reasonReadWriteOncePodConflict)
            }
        }
        return .success
    }
}

/// What PreFilter found for one pod: its exclusive disks and, for each of
/// its ReadWriteOncePod claims already in use, the nodes using it.
private struct VolumeRestrictionsState: Sendable {
    var disks: [ExclusiveDisk]
    var claimUserNodes: [String: Set<String>]
}

/// An in-tree volume that at most one pod of a node may mount read-write.
private enum ExclusiveDisk: Sendable {
    case gcePersistentDisk(name: String, readOnly: Bool)
    case awsElasticBlockStore(volumeID: String)
    case rbd(monitors: Set<String>, pool: String, image: String, readOnly: Bool)
    case iscsi(iqn: String, readOnly: Bool)

    init?(_ volume: CoreV1.Volume) {
        if let disk = volume.gcePersistentDisk {
            self = .gcePersistentDisk(name: disk.pdName ?? "", readOnly: disk.readOnly ?? false)
        } else if let disk = volume.awsElasticBlockStore {
            self = .awsElasticBlockStore(volumeID: disk.volumeID ?? "")
        } else if let disk = volume.rbd {
            // The API server defaults the pool to "rbd".
            self = .rbd(
                monitors: Set(disk.monitors ?? []), pool: disk.pool ?? "rbd", image: disk.image ?? "",
                readOnly: disk.readOnly ?? false)
        } else if let disk = volume.iscsi {
            self = .iscsi(iqn: disk.iqn ?? "", readOnly: disk.readOnly ?? false)
        } else {
            return nil
        }
    }

    /// GCE PD, RBD and iSCSI disks may be shared read-only; EBS never.
    func conflicts(with other: ExclusiveDisk) -> Bool {
        switch (self, other) {
        case (.gcePersistentDisk(let name, let readOnly), .gcePersistentDisk(let otherName, let otherReadOnly)):
            return name == otherName && !(readOnly && otherReadOnly)
        case (.awsElasticBlockStore(let id), .awsElasticBlockStore(let otherID)):
            return id == otherID
        case (.rbd(let monitors, let pool, let image, let readOnly), .rbd(let m, let p, let i, let r)):
            return !monitors.isDisjoint(with: m) && pool == p && image == i && !(readOnly && r)
        case (.iscsi(let iqn, let readOnly), .iscsi(let otherIQN, let otherReadOnly)):
            return iqn == otherIQN && !(readOnly && otherReadOnly)
        default:
            return false
        }
    }
}
