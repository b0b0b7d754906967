/// The built-in resources Swiftlet serves, as a default Kubernetes v1.32
/// kube-apiserver lists them in discovery: names, scope, verbs in discovery
/// order, short names, categories and subresources.
///
/// Only what a v1.32 server shows with its default feature gates is listed.
/// For example `pods/resize` exists in v1.32 only behind the alpha
/// `InPlacePodVerticalScaling` gate (off by default), so it is not here.
///
/// Resources are grouped by API group in upstream discovery order, and sorted
/// by plural name within a group version, as discovery sorts them.
/// Subresources are sorted by name.
public enum BuiltinResources {
    /// Every built-in resource, core group first, then the named groups in
    /// the order `/apis` lists them.
    public static let all: [ResourceInfo] =
        core + apiRegistration + apps + events + authentication + authorization + autoscaling + batch + networking
        + policy + rbac + storage
        + apiExtensions + scheduling + coordination + discovery

    /// A lookup table over `all`.
    public static let table = ResourceTable(all)

    /// The order in which a v1.32 server lists API groups: the core group
    /// (served at `/api`) first, then `/apis` in group priority order. Covers
    /// the groups Swiftlet does not serve yet too, so a table that grows keeps
    /// upstream's order. Groups not named here sort after these, by name.
    public static let groupOrder: [String] = [
        "",
        "apiregistration.k8s.io",
        "apps",
        "events.k8s.io",
        "authentication.k8s.io",
        "authorization.k8s.io",
        "autoscaling",
        "batch",
        "certificates.k8s.io",
        "networking.k8s.io",
        "policy",
        "rbac.authorization.k8s.io",
        "storage.k8s.io",
        "admissionregistration.k8s.io",
        "apiextensions.k8s.io",
        "scheduling.k8s.io",
        "coordination.k8s.io",
        "node.k8s.io",
        "discovery.k8s.io",
        "flowcontrol.apiserver.k8s.io",
        "internal.apiserver.k8s.io",
        "resource.k8s.io",
        "storagemigration.k8s.io",
    ]

    /// The preferred version of each group Swiftlet serves. Each group is
    /// served at this one version.
    public static let preferredVersions: [String: String] = [
        "": "v1",
        "apiregistration.k8s.io": "v1",
        "apps": "v1",
        "events.k8s.io": "v1",
        "authentication.k8s.io": "v1",
        "authorization.k8s.io": "v1",
        "autoscaling": "v2",
        "batch": "v1",
        "networking.k8s.io": "v1",
        "policy": "v1",
        "rbac.authorization.k8s.io": "v1",
        "storage.k8s.io": "v1",
        "apiextensions.k8s.io": "v1",
        "scheduling.k8s.io": "v1",
        "coordination.k8s.io": "v1",
        "discovery.k8s.io": "v1",
    ]
}

// MARK: - Building blocks shared by the group files

extension BuiltinResources {
    /// `get`, `patch`, `update`: what `status` and `scale` subresources serve.
    static let getPatchUpdate = ["get", "patch", "update"]
    /// Every verb but `deletecollection` (namespaces).
    static let allVerbsButDeleteCollection = ["create", "delete", "get", "list", "patch", "update", "watch"]
    /// The verbs of the proxy subresources (pods, services, nodes).
    static let proxyVerbs = ["create", "delete", "get", "patch", "update"]
    /// The verbs of streaming subresources such as `exec` and `attach`.
    static let connectVerbs = ["create", "get"]

    /// The `status` subresource of a kind, speaking the kind itself.
    static func status(_ group: String, _ version: String, _ kind: String) -> SubresourceInfo {
        SubresourceInfo(name: "status", group: group, version: version, kind: kind, verbs: getPatchUpdate)
    }

    /// The `scale` subresource: always `autoscaling/v1` `Scale`.
    static let scale = SubresourceInfo(
        name: "scale", group: "autoscaling", version: "v1", kind: "Scale", verbs: getPatchUpdate)
}
