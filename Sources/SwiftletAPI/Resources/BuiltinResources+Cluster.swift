extension BuiltinResources {
    /// `apiregistration.k8s.io/v1`.
    static let apiRegistration: [ResourceInfo] = [
        ResourceInfo(
            group: "apiregistration.k8s.io", version: "v1", plural: "apiservices", singular: "apiservice",
            kind: "APIService", namespaced: false, categories: ["api-extensions"],
            subresources: [status("apiregistration.k8s.io", "v1", "APIService")],
            schemaName: "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService")
    ]

    /// `apiextensions.k8s.io/v1`: CustomResourceDefinitions, which add kinds.
    static let apiExtensions: [ResourceInfo] = [
        ResourceInfo(
            group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions",
            singular: "customresourcedefinition", kind: "CustomResourceDefinition", namespaced: false,
            shortNames: ["crd", "crds"], categories: ["api-extensions"],
            subresources: [status("apiextensions.k8s.io", "v1", "CustomResourceDefinition")],
            schemaName: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition")
    ]

    /// `events.k8s.io/v1`.
    static let events: [ResourceInfo] = [
        ResourceInfo(
            group: "events.k8s.io", version: "v1", plural: "events", singular: "event", kind: "Event",
            namespaced: true, shortNames: ["ev"], schemaName: "io.k8s.api.events.v1.Event")
    ]

    /// `networking.k8s.io/v1`.
    static let networking: [ResourceInfo] = [
        ResourceInfo(
            group: "networking.k8s.io", version: "v1", plural: "ingressclasses", singular: "ingressclass",
            kind: "IngressClass", namespaced: false, schemaName: "io.k8s.api.networking.v1.IngressClass"),
        ResourceInfo(
            group: "networking.k8s.io", version: "v1", plural: "ingresses", singular: "ingress", kind: "Ingress",
            namespaced: true, shortNames: ["ing"], subresources: [status("networking.k8s.io", "v1", "Ingress")],
            schemaName: "io.k8s.api.networking.v1.Ingress"),
        ResourceInfo(
            group: "networking.k8s.io", version: "v1", plural: "networkpolicies", singular: "networkpolicy",
            kind: "NetworkPolicy", namespaced: true, shortNames: ["netpol"],
            schemaName: "io.k8s.api.networking.v1.NetworkPolicy"),
    ]

    /// `rbac.authorization.k8s.io/v1`.
    static let rbac: [ResourceInfo] = [
        ResourceInfo(
            group: "rbac.authorization.k8s.io", version: "v1", plural: "clusterrolebindings",
            singular: "clusterrolebinding", kind: "ClusterRoleBinding", namespaced: false,
            schemaName: "io.k8s.api.rbac.v1.ClusterRoleBinding"),
        ResourceInfo(
            group: "rbac.authorization.k8s.io", version: "v1", plural: "clusterroles", singular: "clusterrole",
            kind: "ClusterRole", namespaced: false, schemaName: "io.k8s.api.rbac.v1.ClusterRole"),
        ResourceInfo(
            group: "rbac.authorization.k8s.io", version: "v1", plural: "rolebindings", singular: "rolebinding",
            kind: "RoleBinding", namespaced: true, schemaName: "io.k8s.api.rbac.v1.RoleBinding"),
        ResourceInfo(
            group: "rbac.authorization.k8s.io", version: "v1", plural: "roles", singular: "role", kind: "Role",
            namespaced: true, schemaName: "io.k8s.api.rbac.v1.Role"),
    ]

    /// `storage.k8s.io/v1` (only storage classes so far).
    static let storage: [ResourceInfo] = [
        ResourceInfo(
            group: "storage.k8s.io", version: "v1", plural: "storageclasses", singular: "storageclass",
            kind: "StorageClass", namespaced: false, shortNames: ["sc"],
            schemaName: "io.k8s.api.storage.v1.StorageClass")
    ]

    /// `discovery.k8s.io/v1`.
    static let discovery: [ResourceInfo] = [
        ResourceInfo(
            group: "discovery.k8s.io", version: "v1", plural: "endpointslices", singular: "endpointslice",
            kind: "EndpointSlice", namespaced: true, schemaName: "io.k8s.api.discovery.v1.EndpointSlice")
    ]
}
