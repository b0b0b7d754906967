/// Upstream v1.32 defaults of apps/v1 kinds and ReplicationControllers.
enum WorkloadDefaults {
    static func deployment(_ object: inout JSONValue) {
        object.editMember("spec", create: true) { spec in
            spec.applyDefault("replicas", 1)
            spec.editMember("strategy", create: true) { strategy in
                strategy.applyDefaultString("type", "RollingUpdate")
                if strategy["type"] == "RollingUpdate" {
                    strategy.editMember("rollingUpdate", create: true) { rolling in
                        rolling.applyDefault("maxUnavailable", "25%")
                        rolling.applyDefault("maxSurge", "25%")
                    }
                }
            }
            spec.applyDefault("revisionHistoryLimit", 10)
            spec.applyDefault("progressDeadlineSeconds", 600)
            PodSpecDefaults.applyTemplate(&spec)
        }
    }

    static func replicaSet(_ object: inout JSONValue) {
        object.editMember("spec", create: true) { spec in
            spec.applyDefault("replicas", 1)
            PodSpecDefaults.applyTemplate(&spec)
        }
    }

    static func statefulSet(_ object: inout JSONValue) {
        object.editMember("spec", create: true) { spec in
            spec.applyDefaultString("podManagementPolicy", "OrderedReady")
            spec.editMember("updateStrategy", create: true) { strategy in
                if (strategy["type"]?.stringValue ?? "").isEmpty {
                    strategy["type"] = "RollingUpdate"
                    strategy.applyDefault("rollingUpdate", .object(JSONObject()))
                }
                if strategy["type"] == "RollingUpdate" {
                    strategy.editMember("rollingUpdate") { $0.applyDefault("partition", 0) }
                }
            }
            spec.editMember("persistentVolumeClaimRetentionPolicy", create: true) { policy in
                policy.applyDefaultString("whenDeleted", "Retain")
                policy.applyDefaultString("whenScaled", "Retain")
            }
            spec.applyDefault("replicas", 1)
            spec.applyDefault("revisionHistoryLimit", 10)
            PodSpecDefaults.applyTemplate(&spec)
            spec.editEachMember("volumeClaimTemplates") { VolumeDefaults.applyClaim(&$0) }
        }
    }

    static func daemonSet(_ object: inout JSONValue) {
        object.editMember("spec", create: true) { spec in
            spec.editMember("updateStrategy", create: true) { strategy in
                strategy.applyDefaultString("type", "RollingUpdate")
                if strategy["type"] == "RollingUpdate" {
                    strategy.editMember("rollingUpdate", create: true) { rolling in
                        rolling.applyDefault("maxUnavailable", 1)
                        rolling.applyDefault("maxSurge", 0)
                    }
                }
            }
            spec.applyDefault("revisionHistoryLimit", 10)
            PodSpecDefaults.applyTemplate(&spec)
        }
    }

    /// The selector and the object's labels default to the template's labels.
    static func replicationController(_ object: inout JSONValue) {
        let templateLabels = object["spec"]?["template"]?["metadata"]?["labels"]
        if let labels = templateLabels, case .object = labels {
            object.editMember("spec", create: true) { spec in
                if spec["selector"]?.objectValue?.isEmpty ?? true { spec["selector"] = labels }
            }
            object.editMember("metadata", create: true) { meta in
                if meta["labels"]?.objectValue?.isEmpty ?? true { meta["labels"] = labels }
            }
        }
        object.editMember("spec", create: true) { spec in
            spec.applyDefault("replicas", 1)
            PodSpecDefaults.applyTemplate(&spec)
        }
    }
}
