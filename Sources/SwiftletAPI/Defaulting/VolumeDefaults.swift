/// Upstream v1.32 defaults of pod volumes and persistent volume claims.
enum VolumeDefaults {
    /// The file mode projected files get unless told otherwise (0644).
    static let defaultMode: Int64 = 0o644

    static func apply(_ volume: inout JSONValue) {
        // A volume without a source is an emptyDir.
        let hasSource = volume.objectValue?.contains { $0.key != "name" && !$0.value.isNull } ?? true
        if !hasSource { volume["emptyDir"] = .object(JSONObject()) }
        volume.editMember("hostPath") { $0.applyDefault("type", "") }
        volume.editMember("secret") { $0.applyDefault("defaultMode", .int(defaultMode)) }
        volume.editMember("configMap") { $0.applyDefault("defaultMode", .int(defaultMode)) }
        volume.editMember("downwardAPI") { api in
            api.applyDefault("defaultMode", .int(defaultMode))
            api.editEachMember("items") { applyFieldRef(&$0) }
        }
        volume.editMember("projected") { projected in
            projected.applyDefault("defaultMode", .int(defaultMode))
            projected.editEachMember("sources") { source in
                source.editMember("downwardAPI") { $0.editEachMember("items") { applyFieldRef(&$0) } }
                source.editMember("serviceAccountToken") { $0.applyDefault("expirationSeconds", 3600) }
            }
        }
        volume.editMember("iscsi") { $0.applyDefaultString("iscsiInterface", "default") }
        volume.editMember("rbd") { rbd in
            rbd.applyDefaultString("pool", "rbd")
            rbd.applyDefaultString("user", "admin")
            rbd.applyDefaultString("keyring", "/etc/ceph/keyring")
        }
        volume.editMember("azureDisk") { disk in
            disk.applyDefault("cachingMode", "ReadWrite")
            disk.applyDefault("kind", "Shared")
            disk.applyDefault("fsType", "ext4")
            disk.applyDefault("readOnly", false)
        }
        volume.editMember("scaleIO") { scaleIO in
            scaleIO.applyDefaultString("storageMode", "ThinProvisioned")
            scaleIO.applyDefaultString("fsType", "xfs")
        }
        volume.editMember(path: ["ephemeral", "volumeClaimTemplate", "spec"]) { applyClaimSpec(&$0) }
    }

    static func applyFieldRef(_ item: inout JSONValue) {
        item.editMember("fieldRef") { $0.applyDefaultString("apiVersion", "v1") }
    }

    static func applyClaimSpec(_ spec: inout JSONValue) {
        spec.applyDefault("volumeMode", "Filesystem")
    }

    /// A PersistentVolumeClaim (also a StatefulSet's claim templates).
    static func applyClaim(_ claim: inout JSONValue) {
        claim.editMember("spec", create: true) { applyClaimSpec(&$0) }
        claim.editMember("status", create: true) { $0.applyDefaultString("phase", "Pending") }
    }
}
