/// Per-kind semantic validation of built-in objects, as upstream's
/// `Validate<Kind>` functions: object metadata with the kind's name rule,
/// then the spec. Run it after defaulting, as upstream does.
public enum KindValidators {
    /// What metadata validation needs to know about a kind.
    public struct KindRules: Sendable, Hashable {
        public var namespaced: Bool
        public var nameRule: NameRule
    }

    /// Rules of the built-in kinds by `group/Kind`.
    static let rules: [String: KindRules] = {
        var r: [String: KindRules] = [:]
        func add(_ group: String, _ kinds: [String], namespaced: Bool, _ rule: NameRule = .dns1123Subdomain) {
            for k in kinds { r[group + "/" + k] = KindRules(namespaced: namespaced, nameRule: rule) }
        }
        add(
            "",
            [
                "Pod", "PodTemplate", "ReplicationController", "Endpoints", "ConfigMap", "Secret", "ServiceAccount",
                "PersistentVolumeClaim", "ResourceQuota", "LimitRange",
            ], namespaced: true)
        add("", ["Service"], namespaced: true, .dns1035Label)
        add("", ["Namespace"], namespaced: false, .dns1123Label)
        add("", ["Node", "PersistentVolume"], namespaced: false)
        add("apps", ["Deployment", "ReplicaSet", "DaemonSet", "ControllerRevision"], namespaced: true)
        add("apps", ["StatefulSet"], namespaced: true, .dns1123Label)
        add("batch", ["Job", "CronJob"], namespaced: true)
        add("rbac.authorization.k8s.io", ["Role", "RoleBinding"], namespaced: true, .pathSegment)
        add("rbac.authorization.k8s.io", ["ClusterRole", "ClusterRoleBinding"], namespaced: false, .pathSegment)
        add("networking.k8s.io", ["Ingress", "NetworkPolicy"], namespaced: true)
        add("networking.k8s.io", ["IngressClass"], namespaced: false)
        add("coordination.k8s.io", ["Lease"], namespaced: true)
        add("discovery.k8s.io", ["EndpointSlice"], namespaced: true)
        add("policy", ["PodDisruptionBudget"], namespaced: true)
        add("autoscaling", ["HorizontalPodAutoscaler"], namespaced: true)
        add("storage.k8s.io", ["StorageClass"], namespaced: false)
        add("scheduling.k8s.io", ["PriorityClass"], namespaced: false)
        return r
    }()

    /// The namespace scope and name rule of a built-in kind; nil for kinds
    /// this table does not know (custom resources use DNS subdomains).
    public static func rules(for gvk: GroupVersionKind) -> KindRules? {
        rules[gvk.group + "/" + gvk.kind]
    }

    /// The name rule upstream applies to a kind; DNS subdomain for kinds
    /// not in the table, as for custom resources.
    public static func nameRule(for gvk: GroupVersionKind) -> NameRule {
        rules(for: gvk)?.nameRule ?? .dns1123Subdomain
    }

    /// All errors upstream would report for the object. Metadata is checked
    /// for the kinds in the table (or when `namespaced` is given); spec rules
    /// exist for Pod, PodTemplate, ReplicationController, Service, ConfigMap,
    /// Secret, Namespace, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job
    /// and CronJob.
    public static func validate(
        gvk: GroupVersionKind, object: JSONValue, isCreate: Bool = true, namespaced: Bool? = nil
    ) -> [FieldError] {
        var errs: [FieldError] = []
        let known = rules(for: gvk)
        if let scope = namespaced ?? known?.namespaced {
            errs += ObjectMetaValidator.validate(
                meta: object["metadata"] ?? .object(JSONObject()), namespaced: scope,
                nameRule: known?.nameRule ?? .dns1123Subdomain, isCreate: isCreate, kubernetesFinalizers: known != nil)
        }
        errs += specErrors(gvk: gvk, object: object, isCreate: isCreate)
        return errs
    }

    static func specErrors(gvk: GroupVersionKind, object: JSONValue, isCreate: Bool) -> [FieldError] {
        let spec = object["spec"] ?? .object(JSONObject())
        let specPath = FieldPath("spec")
        switch (gvk.group, gvk.kind) {
        case ("", "Pod"):
            var errs = PodSpecValidation.validateSpec(spec, path: specPath)
            if isCreate, !spec.fieldList("ephemeralContainers").isEmpty {
                errs.append(.forbidden(specPath.child("ephemeralContainers"), "cannot be set on create"))
            }
            return errs
        case ("", "PodTemplate"):
            return PodSpecValidation.validateTemplate(object["template"] ?? .null, path: FieldPath("template"))
        case ("", "ReplicationController"):
            return WorkloadValidation.replicationController(spec, path: specPath)
        case ("", "Service"):
            return ServiceValidation.validate(spec, path: specPath)
        case ("", "ConfigMap"):
            return ConfigDataValidation.configMap(object)
        case ("", "Secret"):
            return ConfigDataValidation.secret(object)
        case ("", "Namespace"):
            return namespaceFinalizers(spec)
        case ("apps", "Deployment"):
            return WorkloadValidation.deployment(spec, path: specPath)
        case ("apps", "ReplicaSet"):
            return WorkloadValidation.replicaSet(spec, path: specPath)
        case ("apps", "StatefulSet"):
            return WorkloadValidation.statefulSet(spec, path: specPath)
        case ("apps", "DaemonSet"):
            return WorkloadValidation.daemonSet(spec, path: specPath)
        case ("batch", "Job"):
            return BatchValidation.job(spec, path: specPath)
        case ("batch", "CronJob"):
            let name = object["metadata"]?.fieldString("name") ?? ""
            return BatchValidation.cronJob(spec, name: name, path: specPath)
                + (isCreate ? BatchValidation.cronJobName(name) : [])
        default:
            return []
        }
    }

    /// A namespace's `spec.finalizers` must be qualified names, and
    /// unprefixed ones standard.
    static func namespaceFinalizers(_ spec: JSONValue) -> [FieldError] {
        let path = FieldPath("spec").child("finalizers")
        var errs: [FieldError] = []
        for f in spec.fieldList("finalizers").map({ $0.stringValue ?? "" }) {
            errs += NameValidation.qualifiedName(f).map { .invalid(path, f, $0) }
            errs += ObjectMetaValidator.kubernetesFinalizerName(f, path: path)
        }
        return errs
    }
}
