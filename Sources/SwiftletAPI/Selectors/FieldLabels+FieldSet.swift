extension FieldLabels {
    /// The selectable fields of an object, under canonical names, with the
    /// text upstream compares against: absent strings read as "", absent
    /// booleans as "false", absent counts as "0".
    ///
    /// Every object gets `metadata.name`, and `metadata.namespace` when it
    /// has one. A field a resource accepts but never fills (Pods'
    /// `status.podIPs`) is left out, so it compares as "" just as upstream.
    public static func fieldSet(group: String, resource: String, object: JSONValue) -> [String: String] {
        var fields: [String: String] = ["metadata.name": text(object, "metadata", "name")]
        if let namespace = object[path: ["metadata", "namespace"]]?.stringValue, !namespace.isEmpty {
            fields["metadata.namespace"] = namespace
        }
        switch (group, resource) {
        case ("", "pods"):
            addPodFields(object, to: &fields)
        case ("", "nodes"):
            fields["spec.unschedulable"] = flag(object, "spec", "unschedulable")
        case ("", "replicationcontrollers"), ("apps", "replicasets"):
            // ReplicaSets compute it too but apps/v1 does not accept it.
            fields["status.replicas"] = count(object, "status", "replicas")
        case ("", "events"), ("events.k8s.io", "events"):
            addEventFields(object, to: &fields)
        case ("", "namespaces"):
            fields["status.phase"] = text(object, "status", "phase")
        case ("", "secrets"):
            fields["type"] = text(object, "type")
        case ("", "services"):
            fields["spec.clusterIP"] = text(object, "spec", "clusterIP")
            fields["spec.type"] = text(object, "spec", "type")
        case ("batch", "jobs"):
            fields["status.successful"] = count(object, "status", "succeeded")
        case ("certificates.k8s.io", "certificatesigningrequests"), ("certificates.k8s.io", "clustertrustbundles"):
            fields["spec.signerName"] = text(object, "spec", "signerName")
        case ("resource.k8s.io", "resourceslices"):
            fields["spec.nodeName"] = text(object, "spec", "nodeName")
            fields["spec.driver"] = text(object, "spec", "driver")
        default:
            break
        }
        return fields
    }

    private static func addPodFields(_ pod: JSONValue, to fields: inout [String: String]) {
        fields["spec.nodeName"] = text(pod, "spec", "nodeName")
        fields["spec.restartPolicy"] = text(pod, "spec", "restartPolicy")
        fields["spec.schedulerName"] = text(pod, "spec", "schedulerName")
        fields["spec.serviceAccountName"] = text(pod, "spec", "serviceAccountName")
        fields["spec.hostNetwork"] = flag(pod, "spec", "hostNetwork")
        fields["status.phase"] = text(pod, "status", "phase")
        // Upstream reads the primary IP from the list, which the v1 form
        // may leave out when only the singular field is set.
        let firstListed = pod[path: ["status", "podIPs"]]?.arrayValue?.first?[path: ["ip"]]?.stringValue
        fields["status.podIP"] = firstListed ?? text(pod, "status", "podIP")
        fields["status.nominatedNodeName"] = text(pod, "status", "nominatedNodeName")
    }

    /// Reads both shapes of an Event, core (`involvedObject`,
    /// `reportingComponent`, `source`) and events.k8s.io (`regarding`,
    /// `reportingController`, `deprecatedSource`), since both groups serve
    /// the same objects.
    private static func addEventFields(_ event: JSONValue, to fields: inout [String: String]) {
        let subject = event["involvedObject"] ?? event["regarding"] ?? .null
        for name in ["kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"] {
            fields["involvedObject." + name] = text(subject, name)
        }
        let reporter = event["reportingComponent"]?.stringValue ?? event["reportingController"]?.stringValue ?? ""
        fields["reason"] = text(event, "reason")
        fields["reportingComponent"] = reporter
        let component =
            event[path: ["source", "component"]]?.stringValue ?? event[path: ["deprecatedSource", "component"]]?
            .stringValue
            ?? ""
        // Events written through events.k8s.io have no source; upstream
        // falls back to the reporting controller.
        fields["source"] = component.isEmpty ? reporter : component
        fields["type"] = text(event, "type")
    }

    private static func text(_ object: JSONValue, _ path: String...) -> String {
        object[path: path]?.stringValue ?? ""
    }

    private static func flag(_ object: JSONValue, _ path: String...) -> String {
        (object[path: path]?.boolValue ?? false) ? "true" : "false"
    }

    private static func count(_ object: JSONValue, _ path: String...) -> String {
        String(object[path: path]?.intValue ?? 0)
    }
}
