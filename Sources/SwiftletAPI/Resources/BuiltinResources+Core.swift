extension BuiltinResources {
    /// The core group (`/api/v1`). The legacy `bindings` resource (create
    /// only; superseded by `pods/binding`) is left out.
    static let core: [ResourceInfo] = [
        ResourceInfo(
            group: "", version: "v1", plural: "componentstatuses", singular: "componentstatus",
            kind: "ComponentStatus", namespaced: false, verbs: ["get", "list"], shortNames: ["cs"],
            schemaName: "io.k8s.api.core.v1.ComponentStatus"),
        ResourceInfo(
            group: "", version: "v1", plural: "configmaps", singular: "configmap", kind: "ConfigMap",
            namespaced: true, shortNames: ["cm"], schemaName: "io.k8s.api.core.v1.ConfigMap"),
        ResourceInfo(
            group: "", version: "v1", plural: "endpoints", singular: "endpoints", kind: "Endpoints",
            namespaced: true, shortNames: ["ep"], schemaName: "io.k8s.api.core.v1.Endpoints"),
        ResourceInfo(
            group: "", version: "v1", plural: "events", singular: "event", kind: "Event", namespaced: true,
            shortNames: ["ev"], schemaName: "io.k8s.api.core.v1.Event"),
        ResourceInfo(
            group: "", version: "v1", plural: "limitranges", singular: "limitrange", kind: "LimitRange",
            namespaced: true, shortNames: ["limits"], schemaName: "io.k8s.api.core.v1.LimitRange"),
        ResourceInfo(
            group: "", version: "v1", plural: "namespaces", singular: "namespace", kind: "Namespace",
            namespaced: false, verbs: allVerbsButDeleteCollection, shortNames: ["ns"],
            subresources: [
                SubresourceInfo(name: "finalize", group: "", version: "v1", kind: "Namespace", verbs: ["update"]),
                status("", "v1", "Namespace"),
            ],
            schemaName: "io.k8s.api.core.v1.Namespace"),
        ResourceInfo(
            group: "", version: "v1", plural: "nodes", singular: "node", kind: "Node", namespaced: false,
            shortNames: ["no"],
            subresources: [
                SubresourceInfo(
                    name: "proxy", group: "", version: "v1", kind: "NodeProxyOptions", verbs: proxyVerbs),
                status("", "v1", "Node"),
            ],
            schemaName: "io.k8s.api.core.v1.Node"),
        ResourceInfo(
            group: "", version: "v1", plural: "persistentvolumeclaims", singular: "persistentvolumeclaim",
            kind: "PersistentVolumeClaim", namespaced: true, shortNames: ["pvc"],
            subresources: [status("", "v1", "PersistentVolumeClaim")],
            schemaName: "io.k8s.api.core.v1.PersistentVolumeClaim"),
        ResourceInfo(
            group: "", version: "v1", plural: "persistentvolumes", singular: "persistentvolume",
            kind: "PersistentVolume", namespaced: false, shortNames: ["pv"],
            subresources: [status("", "v1", "PersistentVolume")],
            schemaName: "io.k8s.api.core.v1.PersistentVolume"),
        ResourceInfo(
            group: "", version: "v1", plural: "pods", singular: "pod", kind: "Pod", namespaced: true,
            shortNames: ["po"], categories: ["all"],
            subresources: [
                SubresourceInfo(
                    name: "attach", group: "", version: "v1", kind: "PodAttachOptions", verbs: connectVerbs),
                SubresourceInfo(name: "binding", group: "", version: "v1", kind: "Binding", verbs: ["create"]),
                SubresourceInfo(
                    name: "ephemeralcontainers", group: "", version: "v1", kind: "Pod", verbs: getPatchUpdate),
                SubresourceInfo(name: "eviction", group: "policy", version: "v1", kind: "Eviction", verbs: ["create"]),
                SubresourceInfo(name: "exec", group: "", version: "v1", kind: "PodExecOptions", verbs: connectVerbs),
                SubresourceInfo(name: "log", group: "", version: "v1", kind: "Pod", verbs: ["get"]),
                SubresourceInfo(
                    name: "portforward", group: "", version: "v1", kind: "PodPortForwardOptions",
                    verbs: connectVerbs),
                SubresourceInfo(name: "proxy", group: "", version: "v1", kind: "PodProxyOptions", verbs: proxyVerbs),
                status("", "v1", "Pod"),
            ],
            schemaName: "io.k8s.api.core.v1.Pod"),
        ResourceInfo(
            group: "", version: "v1", plural: "podtemplates", singular: "podtemplate", kind: "PodTemplate",
            namespaced: true, schemaName: "io.k8s.api.core.v1.PodTemplate"),
        ResourceInfo(
            group: "", version: "v1", plural: "replicationcontrollers", singular: "replicationcontroller",
            kind: "ReplicationController", namespaced: true, shortNames: ["rc"], categories: ["all"],
            subresources: [scale, status("", "v1", "ReplicationController")],
            schemaName: "io.k8s.api.core.v1.ReplicationController"),
        ResourceInfo(
            group: "", version: "v1", plural: "resourcequotas", singular: "resourcequota", kind: "ResourceQuota",
            namespaced: true, shortNames: ["quota"], subresources: [status("", "v1", "ResourceQuota")],
            schemaName: "io.k8s.api.core.v1.ResourceQuota"),
        ResourceInfo(
            group: "", version: "v1", plural: "secrets", singular: "secret", kind: "Secret", namespaced: true,
            schemaName: "io.k8s.api.core.v1.Secret"),
        ResourceInfo(
            group: "", version: "v1", plural: "serviceaccounts", singular: "serviceaccount", kind: "ServiceAccount",
            namespaced: true, shortNames: ["sa"],
            subresources: [
                SubresourceInfo(
                    name: "token", group: "authentication.k8s.io", version: "v1", kind: "TokenRequest",
                    verbs: ["create"])
            ],
            schemaName: "io.k8s.api.core.v1.ServiceAccount"),
        ResourceInfo(
            group: "", version: "v1", plural: "services", singular: "service", kind: "Service", namespaced: true,
            shortNames: ["svc"], categories: ["all"],
            subresources: [
                SubresourceInfo(
                    name: "proxy", group: "", version: "v1", kind: "ServiceProxyOptions", verbs: proxyVerbs),
                status("", "v1", "Service"),
            ],
            schemaName: "io.k8s.api.core.v1.Service"),
    ]
}
