/// Upstream v1.32 defaults of a pod spec (`SetDefaults_PodSpec` and the
/// generated defaulters for its volumes and containers), plus the few that
/// only bare Pods get (`SetDefaults_Pod`).
enum PodSpecDefaults {
    /// Defaults of a pod spec inside a template (Deployment, Job, ...).
    static func applyTemplateSpec(_ spec: inout JSONValue) {
        spec.applyDefaultString("dnsPolicy", "ClusterFirst")
        spec.applyDefaultString("restartPolicy", "Always")
        spec.applyDefault("securityContext", .object(JSONObject()))
        spec.applyDefault("terminationGracePeriodSeconds", 30)
        spec.applyDefaultString("schedulerName", "default-scheduler")
        spec.editEachMember("volumes") { VolumeDefaults.apply(&$0) }
        for list in ["initContainers", "containers", "ephemeralContainers"] {
            spec.editEachMember(list) { ContainerDefaults.apply(&$0) }
        }
    }

    /// Defaults of a Pod's own spec: the template defaults, requests copied
    /// from limits, service links on, and host ports for host networking.
    static func applyPodSpec(_ spec: inout JSONValue) {
        for list in ["containers", "initContainers"] {
            spec.editEachMember(list) { $0.editMember("resources") { copyLimitsToRequests(&$0) } }
        }
        spec.applyDefault("enableServiceLinks", true)
        if spec["hostNetwork"]?.boolValue == true {
            for list in ["containers", "initContainers"] {
                spec.editEachMember(list) { container in
                    container.editEachMember("ports") { port in
                        if (port["hostPort"]?.intValue ?? 0) == 0, let containerPort = port["containerPort"] {
                            port["hostPort"] = containerPort
                        }
                    }
                }
            }
        }
        applyTemplateSpec(&spec)
    }

    /// Requests not given default to the limits.
    static func copyLimitsToRequests(_ resources: inout JSONValue) {
        guard let limits = resources["limits"]?.objectValue, !limits.isEmpty else { return }
        var requests = resources["requests"]?.objectValue ?? JSONObject()
        var changed = false
        for (name, quantity) in limits where requests[name] == nil {
            requests[name] = quantity
            changed = true
        }
        if changed { resources["requests"] = .object(requests) }
    }

    /// A `PodTemplateSpec` at `key` of `object`.
    static func applyTemplate(_ object: inout JSONValue, key: String = "template") {
        object.editMember(key) { $0.editMember("spec") { applyTemplateSpec(&$0) } }
    }
}
