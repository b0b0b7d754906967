/// Which field selector labels each built-in resource accepts, as the
/// upstream v1.32 API server registers them, and the error for the rest.
///
/// Most resources accept only `metadata.name` and `metadata.namespace`. A
/// few register more, and a few accept a label under another name (Pods'
/// `spec.host`, the `regarding.*` labels of events.k8s.io Events): selectors
/// are rewritten to the canonical name before matching, and
/// `fieldSet(group:resource:object:)` produces values under canonical names.
public enum FieldLabels {
    /// Every label `resource` accepts in a field selector, aliases included.
    public static func supportedFields(group: String, resource: String) -> Set<String> {
        guard let table = tables[ResourceKey(group: group, resource: resource)] else { return defaultFields }
        return Set(table.accepted.keys)
    }

    /// The name a label is matched under, or nil when the resource does not
    /// accept it.
    public static func canonicalField(_ field: String, group: String, resource: String) -> String? {
        guard let table = tables[ResourceKey(group: group, resource: resource)] else {
            return defaultFields.contains(field) ? field : nil
        }
        return table.accepted[field]
    }

    /// The message upstream returns (as a 400 BadRequest) for a label the
    /// resource does not accept. `version` only shows in the message of
    /// kinds that name their version; it defaults to the served one.
    public static func unsupportedFieldMessage(
        _ field: String, group: String, resource: String, version: String? = nil
    ) -> String {
        guard let table = tables[ResourceKey(group: group, resource: resource)] else {
            return
                "\(GoFormat.quote(field)) is not a known field selector: only \"metadata.name\", \"metadata.namespace\""
        }
        switch table.rejection {
        case .plain:
            return "field label not supported: \(field)"
        case .namedKind(let kind):
            return "field label \(GoFormat.quote(field)) not supported for \(kind)"
        case .kindWithVersion(let defaultVersion, let kind):
            let gvk = GroupVersionKind(group: group, version: version ?? defaultVersion, kind: kind)
            return "field label not supported for \(gvk): \(field)"
        }
    }

    /// Checks every requirement against the resource and rewrites aliases
    /// to canonical names; throws on the first unsupported label, in the
    /// selector's order, as upstream does.
    public static func convert(
        _ selector: FieldSelector, group: String, resource: String, version: String? = nil
    ) throws(SelectorError) -> FieldSelector {
        try selector.transformed { (field, value) throws(SelectorError) in
            guard let canonical = canonicalField(field, group: group, resource: resource) else {
                throw SelectorError(unsupportedFieldMessage(field, group: group, resource: resource, version: version))
            }
            return (canonical, value)
        }
    }

    // MARK: - Tables

    struct ResourceKey: Hashable {
        var group: String
        var resource: String
    }

    /// The wording of each kind's rejection differs upstream, because each
    /// kind's conversion function writes its own.
    enum Rejection {
        case plain
        case namedKind(String)
        case kindWithVersion(defaultVersion: String, kind: String)
    }

    struct Table {
        /// Accepted label to canonical label.
        var accepted: [String: String]
        var rejection: Rejection

        init(_ labels: [String], aliases: [String: String] = [:], rejection: Rejection = .plain) {
            var accepted: [String: String] = [:]
            for label in labels { accepted[label] = label }
            for (alias, canonical) in aliases { accepted[alias] = canonical }
            self.accepted = accepted
            self.rejection = rejection
        }
    }

    static let defaultFields: Set<String> = ["metadata.name", "metadata.namespace"]

    static let eventFields = [
        "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
        "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
        "reason", "reportingComponent", "source", "type",
    ]

    static let tables: [ResourceKey: Table] = [
        ResourceKey(group: "", resource: "pods"): Table(
            [
                "metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
                "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs",
                "status.nominatedNodeName",
            ],
            // Kept for clients from before spec.nodeName.
            aliases: ["spec.host": "spec.nodeName"]),
        ResourceKey(group: "", resource: "nodes"): Table(["metadata.name", "spec.unschedulable"]),
        ResourceKey(group: "", resource: "replicationcontrollers"): Table(
            ["metadata.name", "metadata.namespace", "status.replicas"]),
        ResourceKey(group: "", resource: "events"): Table(["metadata.name", "metadata.namespace"] + eventFields),
        ResourceKey(group: "", resource: "namespaces"): Table(["metadata.name", "status.phase"]),
        ResourceKey(group: "", resource: "secrets"): Table(["metadata.name", "metadata.namespace", "type"]),
        ResourceKey(group: "", resource: "services"): Table(
            ["metadata.name", "metadata.namespace", "spec.clusterIP", "spec.type"]),
        ResourceKey(group: "batch", resource: "jobs"): Table(
            ["metadata.name", "metadata.namespace", "status.successful"], rejection: .namedKind("batchv1.Job")),
        ResourceKey(group: "certificates.k8s.io", resource: "certificatesigningrequests"): Table(
            ["metadata.name", "spec.signerName"]),
        // Alpha (certificates.k8s.io/v1alpha1) in v1.32.
        ResourceKey(group: "certificates.k8s.io", resource: "clustertrustbundles"): Table(
            ["metadata.name", "spec.signerName"]),
        // Stored as core Events; the new spellings map onto the core ones.
        ResourceKey(group: "events.k8s.io", resource: "events"): Table(
            ["metadata.name", "metadata.namespace", "reason", "source", "type"],
            aliases: [
                "regarding.kind": "involvedObject.kind",
                "regarding.namespace": "involvedObject.namespace",
                "regarding.name": "involvedObject.name",
                "regarding.uid": "involvedObject.uid",
                "regarding.apiVersion": "involvedObject.apiVersion",
                "regarding.resourceVersion": "involvedObject.resourceVersion",
                "regarding.fieldPath": "involvedObject.fieldPath",
                "reportingController": "reportingComponent",
            ]),
        ResourceKey(group: "resource.k8s.io", resource: "resourceslices"): Table(
            ["metadata.name", "spec.nodeName", "spec.driver"],
            rejection: .kindWithVersion(defaultVersion: "v1beta1", kind: "ResourceSlice")),
    ]
}
