import SwiftletAPI

/// Lookups over the generated models.
public enum KubernetesModels {
    /// The model of a built-in resource by its group, version and kind, e.g.
    /// `AppsV1.Deployment.self` for `apps/v1` `Deployment`.
    public static func resourceType(for gvk: GroupVersionKind) -> (any KubernetesResource.Type)? {
        resourceTypesByKind[gvk]
    }

    private static let resourceTypesByKind: [GroupVersionKind: any KubernetesResource.Type] = {
        var byKind: [GroupVersionKind: any KubernetesResource.Type] = [:]
        for type in resourceTypes { byKind[type.groupVersionKind] = type }
        return byKind
    }()
}
