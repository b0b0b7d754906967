import SwiftletAPI

// Shortcuts to the most used members of `metadata`. Reading gives nil when
// `metadata` is absent; writing a value creates `metadata` if needed; writing
// nil never creates it.
extension KubernetesResource {
    public var name: String? {
        get { metadata?.name }
        set { setMetadata(\.name, newValue) }
    }

    public var namespace: String? {
        get { metadata?.namespace }
        set { setMetadata(\.namespace, newValue) }
    }

    public var labels: [String: String]? {
        get { metadata?.labels }
        set { setMetadata(\.labels, newValue) }
    }

    public var annotations: [String: String]? {
        get { metadata?.annotations }
        set { setMetadata(\.annotations, newValue) }
    }

    public var uid: String? {
        get { metadata?.uid }
        set { setMetadata(\.uid, newValue) }
    }

    /// The store revision the object was read at; opaque to clients.
    public var resourceVersion: String? {
        get { metadata?.resourceVersion }
        set { setMetadata(\.resourceVersion, newValue) }
    }

    public var generation: Int64? {
        get { metadata?.generation }
        set { setMetadata(\.generation, newValue) }
    }

    public var finalizers: [String]? {
        get { metadata?.finalizers }
        set { setMetadata(\.finalizers, newValue) }
    }

    public var ownerReferences: [MetaV1.OwnerReference]? {
        get { metadata?.ownerReferences }
        set { setMetadata(\.ownerReferences, newValue) }
    }

    /// RFC 3339 time the object was created at.
    public var creationTimestamp: String? {
        get { metadata?.creationTimestamp }
        set { setMetadata(\.creationTimestamp, newValue) }
    }

    /// RFC 3339 time after which the object goes away; set by a delete while
    /// finalizers remain.
    public var deletionTimestamp: String? {
        get { metadata?.deletionTimestamp }
        set { setMetadata(\.deletionTimestamp, newValue) }
    }

    /// Namespace (empty for cluster-scoped objects) and name.
    public var namespacedName: NamespacedName {
        NamespacedName(namespace: metadata?.namespace ?? "", name: metadata?.name ?? "")
    }

    private mutating func setMetadata<Value>(_ field: WritableKeyPath<MetaV1.ObjectMeta, Value?>, _ value: Value?) {
        if value == nil && metadata == nil { return }
        var meta = metadata ?? MetaV1.ObjectMeta()
        meta[keyPath: field] = value
        metadata = meta
    }
}
