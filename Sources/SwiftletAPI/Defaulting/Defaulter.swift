/// Applies upstream v1.32's defaults to a built-in object in its JSON form,
/// as the API server does when it decodes a request body (and again when
/// it reads from storage). Unknown kinds are left alone. Applying twice
/// changes nothing the second time.
public enum Defaulter {
    public static func apply(to object: inout JSONValue, gvk: GroupVersionKind) {
        guard case .object = object else { return }
        if gvk.kind.hasSuffix("List"), object["items"]?.arrayValue != nil {
            let itemKind = GroupVersionKind(group: gvk.group, version: gvk.version, kind: String(gvk.kind.dropLast(4)))
            object.editEachMember("items") { apply(to: &$0, gvk: itemKind) }
            return
        }
        switch (gvk.group, gvk.kind) {
        case ("", "Pod"): object.editMember("spec", create: true) { PodSpecDefaults.applyPodSpec(&$0) }
        case ("", "PodTemplate"): PodSpecDefaults.applyTemplate(&object)
        case ("", "ReplicationController"): WorkloadDefaults.replicationController(&object)
        case ("", "Service"): ServiceDefaults.apply(&object)
        case ("", "Secret"): CoreDefaults.secret(&object)
        case ("", "Namespace"): CoreDefaults.namespace(&object)
        case ("", "PersistentVolumeClaim"): VolumeDefaults.applyClaim(&object)
        case ("", "PersistentVolume"): CoreDefaults.persistentVolume(&object)
        case ("", "Endpoints"): CoreDefaults.endpoints(&object)
        case ("apps", "Deployment"): WorkloadDefaults.deployment(&object)
        case ("apps", "ReplicaSet"): WorkloadDefaults.replicaSet(&object)
        case ("apps", "StatefulSet"): WorkloadDefaults.statefulSet(&object)
        case ("apps", "DaemonSet"): WorkloadDefaults.daemonSet(&object)
        case ("batch", "Job"): BatchDefaults.job(&object)
        case ("batch", "CronJob"): BatchDefaults.cronJob(&object)
        case ("scheduling.k8s.io", "PriorityClass"):
            object.applyDefault("preemptionPolicy", "PreemptLowerPriority")
        default: break
        }
    }

    /// What upstream's create strategies set beyond defaults, before
    /// validation: a Namespace starts `Active` with the `kubernetes`
    /// finalizer; a Job without `manualSelector: true` gets the selector and
    /// template labels that tie its pods to its uid (set `metadata.uid`
    /// first).
    public static func prepareForCreate(_ object: inout JSONValue, gvk: GroupVersionKind) {
        switch (gvk.group, gvk.kind) {
        case ("", "Namespace"):
            object["status"] = ["phase": "Active"]
            object.editMember("spec", create: true) { spec in
                var finalizers = spec["finalizers"]?.arrayValue ?? []
                if !finalizers.contains("kubernetes") { finalizers.append("kubernetes") }
                spec["finalizers"] = .array(finalizers)
            }
        case ("batch", "Job"):
            JobSelector.generateIfNeeded(&object)
        default:
            break
        }
    }
}

/// Upstream's generated Job selector: pods are labelled with the Job's name
/// and uid, and the selector picks the uid.
enum JobSelector {
    static func generateIfNeeded(_ job: inout JSONValue) {
        guard job["spec"]?["manualSelector"]?.boolValue != true else { return }
        let name = job["metadata"]?["name"]?.stringValue ?? ""
        let uid = job["metadata"]?["uid"]?.stringValue ?? ""
        job.editMember("spec", create: true) { spec in
            spec.editMember("template", create: true) { template in
                template.editMember("metadata", create: true) { meta in
                    meta.editMember("labels", create: true) { labels in
                        labels.applyDefault("batch.kubernetes.io/controller-uid", .string(uid))
                        labels.applyDefault("batch.kubernetes.io/job-name", .string(name))
                        labels.applyDefault("controller-uid", .string(uid))
                        labels.applyDefault("job-name", .string(name))
                    }
                }
            }
            spec.editMember("selector", create: true) { selector in
                selector.editMember("matchLabels", create: true) {
                    $0.applyDefault("batch.kubernetes.io/controller-uid", .string(uid))
                }
            }
        }
    }
}
