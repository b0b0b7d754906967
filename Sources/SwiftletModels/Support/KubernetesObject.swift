import SwiftletAPI

/// A model of one API kind: an object that says its `apiVersion` and `kind`.
/// `init()` of a conforming model fills both in.
public protocol KubernetesObject: JSONBacked {
    /// The group, version and kind this model speaks.
    static var groupVersionKind: GroupVersionKind { get }
    var apiVersion: String? { get set }
    var kind: String? { get set }
}

/// A kind served as a resource by the built-in API (a row of
/// `BuiltinResources.table`): it has object metadata and a REST path.
public protocol KubernetesResource: KubernetesObject, Sendable {
    /// The resource that serves this kind: plural, scope, verbs, subresources.
    static var resource: ResourceInfo { get }
    var metadata: MetaV1.ObjectMeta? { get set }
}

/// The list kind of a resource, as a list request answers (`DeploymentList`).
public protocol KubernetesList: KubernetesObject {
    associatedtype Item: KubernetesResource
    var metadata: MetaV1.ListMeta? { get set }
    /// The items. Optional like every model property; a list answer always
    /// has it, possibly empty.
    var items: [Item]? { get set }
}

extension ResourceInfo {
    /// The row of the built-in resource table serving `gvk`. The generator
    /// only emits this call for kinds that the table serves.
    static func builtin(_ gvk: GroupVersionKind) -> ResourceInfo {
        guard let resource = BuiltinResources.table.byKind(gvk) else {
            preconditionFailure("\(gvk) is not a built-in resource")
        }
        return resource
    }
}
