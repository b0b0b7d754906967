extension BuiltinResources {
    /// `apps/v1`.
    static let apps: [ResourceInfo] = [
        ResourceInfo(
            group: "apps", version: "v1", plural: "controllerrevisions", singular: "controllerrevision",
            kind: "ControllerRevision", namespaced: true, schemaName: "io.k8s.api.apps.v1.ControllerRevision"),
        ResourceInfo(
            group: "apps", version: "v1", plural: "daemonsets", singular: "daemonset", kind: "DaemonSet",
            namespaced: true, shortNames: ["ds"], categories: ["all"],
            subresources: [status("apps", "v1", "DaemonSet")], schemaName: "io.k8s.api.apps.v1.DaemonSet"),
        ResourceInfo(
            group: "apps", version: "v1", plural: "deployments", singular: "deployment", kind: "Deployment",
            namespaced: true, shortNames: ["deploy"], categories: ["all"],
            subresources: [scale, status("apps", "v1", "Deployment")], schemaName: "io.k8s.api.apps.v1.Deployment"),
        ResourceInfo(
            group: "apps", version: "v1", plural: "replicasets", singular: "replicaset", kind: "ReplicaSet",
            namespaced: true, shortNames: ["rs"], categories: ["all"],
            subresources: [scale, status("apps", "v1", "ReplicaSet")], schemaName: "io.k8s.api.apps.v1.ReplicaSet"),
        ResourceInfo(
            group: "apps", version: "v1", plural: "statefulsets", singular: "statefulset", kind: "StatefulSet",
            namespaced: true, shortNames: ["sts"], categories: ["all"],
            subresources: [scale, status("apps", "v1", "StatefulSet")],
            schemaName: "io.k8s.api.apps.v1.StatefulSet"),
    ]

    /// `autoscaling/v2` (upstream also serves `autoscaling/v1`; v2 is preferred).
    static let autoscaling: [ResourceInfo] = [
        ResourceInfo(
            group: "autoscaling", version: "v2", plural: "horizontalpodautoscalers",
            singular: "horizontalpodautoscaler", kind: "HorizontalPodAutoscaler", namespaced: true,
            shortNames: ["hpa"], categories: ["all"],
            subresources: [status("autoscaling", "v2", "HorizontalPodAutoscaler")],
            schemaName: "io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler")
    ]

    /// `batch/v1`.
    static let batch: [ResourceInfo] = [
        ResourceInfo(
            group: "batch", version: "v1", plural: "cronjobs", singular: "cronjob", kind: "CronJob",
            namespaced: true, shortNames: ["cj"], categories: ["all"],
            subresources: [status("batch", "v1", "CronJob")], schemaName: "io.k8s.api.batch.v1.CronJob"),
        ResourceInfo(
            group: "batch", version: "v1", plural: "jobs", singular: "job", kind: "Job", namespaced: true,
            categories: ["all"], subresources: [status("batch", "v1", "Job")],
            schemaName: "io.k8s.api.batch.v1.Job"),
    ]

    /// `policy/v1`.
    static let policy: [ResourceInfo] = [
        ResourceInfo(
            group: "policy", version: "v1", plural: "poddisruptionbudgets", singular: "poddisruptionbudget",
            kind: "PodDisruptionBudget", namespaced: true, shortNames: ["pdb"],
            subresources: [status("policy", "v1", "PodDisruptionBudget")],
            schemaName: "io.k8s.api.policy.v1.PodDisruptionBudget")
    ]

    /// `scheduling.k8s.io/v1`.
    static let scheduling: [ResourceInfo] = [
        ResourceInfo(
            group: "scheduling.k8s.io", version: "v1", plural: "priorityclasses", singular: "priorityclass",
            kind: "PriorityClass", namespaced: false, shortNames: ["pc"],
            schemaName: "io.k8s.api.scheduling.v1.PriorityClass")
    ]

    /// `coordination.k8s.io/v1`.
    static let coordination: [ResourceInfo] = [
        ResourceInfo(
            group: "coordination.k8s.io", version: "v1", plural: "leases", singular: "lease", kind: "Lease",
            namespaced: true, schemaName: "io.k8s.api.coordination.v1.Lease")
    ]
}
