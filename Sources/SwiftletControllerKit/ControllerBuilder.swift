import SwiftletAPI
import SwiftletClient
import SwiftletModels

/// Says what a controller reconciles and what wakes it, then freezes into a
/// `Controller`:
///
///     Controller.for(AppsV1.ReplicaSet.self)
///         .owns(CoreV1.Pod.self)
///         .maxConcurrentReconciles(4)
///         .complete(ReplicaSetReconciler(client: client))
public struct ControllerBuilder<Primary: KubernetesResource>: Sendable {
    var name: String
    var sources: [EventSource] = []
    var predicates: [Predicate<Primary>] = []
    var workers = 1
    var namespace: String?

    init(name: String) {
        self.name = name
    }

    /// Also reconcile the controller owner of every `Child` that changes
    /// (the ownerReference with `controller: true` and the primary's kind).
    public func owns<Child: KubernetesResource>(_ type: Child.Type) -> ControllerBuilder {
        var copy = self
        let kind = Primary.groupVersionKind
        copy.sources.append(
            EventSource(register: { informers, enqueue in
                let informer = informers.informer(for: Child.self)
                informer.addHandler(
                    Self.handler(map: { child in Self.owner(of: child, kind: kind) }, predicate: nil, enqueue: enqueue))
                return informer
            }))
        return copy
    }

    /// Also reconcile whatever `map` says when an `Other` changes.
    public func watches<Other: KubernetesResource>(
        _ type: Other.Type, map: @escaping @Sendable (Other) -> [NamespacedName]
    ) -> ControllerBuilder {
        var copy = self
        copy.sources.append(
            EventSource(register: { informers, enqueue in
                let informer = informers.informer(for: Other.self)
                informer.addHandler(Self.handler(map: map, predicate: nil, enqueue: enqueue))
                return informer
            }))
        return copy
    }

    /// Only changes of the primary that pass every predicate are queued.
    public func withPredicates(_ predicates: Predicate<Primary>...) -> ControllerBuilder {
        var copy = self
        copy.predicates += predicates
        return copy
    }

    /// How many requests may be reconciled at once (never the same one twice).
    public func maxConcurrentReconciles(_ n: Int) -> ControllerBuilder {
        var copy = self
        copy.workers = max(1, n)
        return copy
    }

    public func named(_ name: String) -> ControllerBuilder {
        var copy = self
        copy.name = name
        return copy
    }

    public func complete(_ reconciler: some Reconciler) -> Controller {
        let predicates = self.predicates
        var accepts: (@Sendable (Primary?, Primary) -> Bool)? = nil
        if !predicates.isEmpty {
            accepts = { @Sendable old, new in predicates.allSatisfy { $0.accepts(old, new) } }
        }
        let selfKey: @Sendable (Primary) -> [NamespacedName] = { object in
            [NamespacedName(namespace: object.namespace ?? "", name: object.name ?? "")]
        }
        let filter = accepts
        let primary = EventSource(register: { informers, enqueue in
            let informer = informers.informer(for: Primary.self)
            informer.addHandler(Self.handler(map: selfKey, predicate: filter, enqueue: enqueue))
            return informer
        })
        return Controller(name: name, reconciler: reconciler, sources: [primary] + sources, workers: workers)
    }

    static func owner<Child: KubernetesResource>(of child: Child, kind: GroupVersionKind) -> [NamespacedName] {
        for ref in child.ownerReferences ?? [] where ref.controller == true && ref.kind == kind.kind {
            guard let apiVersion = ref.apiVersion, GroupVersion(apiVersion: apiVersion)?.group == kind.group,
                let name = ref.name
            else { continue }
            return [NamespacedName(namespace: child.namespace ?? "", name: name)]
        }
        return []
    }

    static func handler<Object: Sendable>(
        map: @escaping @Sendable (Object) -> [NamespacedName], predicate: (@Sendable (Object?, Object) -> Bool)?,
        enqueue: @escaping @Sendable (NamespacedName) -> Void
    ) -> EventHandler<Object> {
        EventHandler(
            onAdd: { new in
                if predicate?(nil, new) ?? true { map(new).forEach(enqueue) }
            },
            onUpdate: { old, new in
                guard predicate?(old, new) ?? true else { return }
                // Both: an object that moved from one owner to another wakes both.
                Set(map(old) + map(new)).forEach(enqueue)
            },
            onDelete: { old in
                if predicate?(nil, old) ?? true { map(old).forEach(enqueue) }
            })
    }
}

/// Wires informers to a controller's queue.
struct EventSource: Sendable {
    let register:
        @Sendable (SharedInformerFactory, @escaping @Sendable (NamespacedName) -> Void) -> [any SharedInformer]

    init(
        register one:
            @escaping @Sendable (SharedInformerFactory, @escaping @Sendable (NamespacedName) -> Void) ->
            any SharedInformer
    ) {
        self.register = { informers, enqueue in [one(informers, enqueue)] }
    }

    init(
        registerAll:
            @escaping @Sendable (SharedInformerFactory, @escaping @Sendable (NamespacedName) -> Void) ->
            [any SharedInformer]
    ) {
        self.register = registerAll
    }
}
