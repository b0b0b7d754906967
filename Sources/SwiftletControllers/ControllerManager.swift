import Foundation
import Logging
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels

/// The built-in controllers, assembled into one leader-elected manager
/// (upstream's lease name: `kube-system/kube-controller-manager`). Each
/// controller lives in its own folder and uses only the public ControllerKit.
public enum ControllerManager {
    public static let leaseName = "kube-controller-manager"

    /// Every built-in controller, by the name `--controllers` takes.
    public static let names = [
        "namespace", "serviceaccount", "garbagecollector", "replicaset", "deployment", "job", "cronjob",
        "daemonset", "statefulset", "endpoints", "endpointslice", "nodelifecycle", "disruption",
    ]

    public struct UnknownController: Error, CustomStringConvertible {
        public var name: String
        public var description: String {
            "\"\(name)\" is not in the list of known controllers: \(ControllerManager.names.joined(separator: ", "))"
        }
    }

    /// The controllers a `--controllers` value names, as upstream reads it:
    /// a comma-separated list where `*` is every controller, `NAME` adds
    /// one and `-NAME` removes one (`*,-cronjob`).
    public static func selection(_ flag: String) throws -> Set<String> {
        var chosen = Set<String>()
        var removed = Set<String>()
        for item in flag.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            if item == "*" {
                chosen.formUnion(names)
                continue
            }
            let name = item.hasPrefix("-") ? String(item.dropFirst()) : item
            guard names.contains(name) else { throw UnknownController(name: name) }
            if item.hasPrefix("-") { removed.insert(name) } else { chosen.insert(name) }
        }
        return chosen.subtracting(removed)
    }

    /// - Parameter controllers: the controllers to run, by name; all when nil.
    public static func make(
        client: KubernetesClient, identity: String = LeaderElector.defaultIdentity(),
        endpoints: (host: String, port: Int)? = nil, logger: Logger = Logger(label: "swiftlet.controller-manager"),
        controllers: Set<String>? = nil, nodeMonitorGracePeriod: Duration = .seconds(50)
    ) -> Manager {
        let manager = Manager(
            client: client,
            leaderElection: LeaderElector.Configuration(
                leaseName: leaseName, leaseNamespace: "kube-system", identity: identity),
            endpoints: endpoints, logger: logger)
        func enabled(_ name: String) -> Bool { controllers?.contains(name) ?? true }
        if enabled("namespace") {
            let namespaced = BuiltinResources.all.filter {
                $0.namespaced && $0.verbs.contains("list") && $0.verbs.contains("delete")
                    // core/v1 Events are also served as events.k8s.io Events: delete them once.
                    && !($0.group == "events.k8s.io")
            }
            manager.add(
                Controller.for(CoreV1.Namespace.self).named("namespace").maxConcurrentReconciles(2)
                    .complete(NamespaceReconciler(client: client, resources: namespaced)))
        }
        if enabled("serviceaccount") {
            let namespaces = manager.informer(for: CoreV1.Namespace.self).store
            manager.add(
                Controller.for(CoreV1.Namespace.self).named("serviceaccount")
                    .watches(CoreV1.ServiceAccount.self) { account in
                        account.name == "default" ? [NamespacedName(name: account.namespace ?? "")] : []
                    }
                    .complete(ServiceAccountReconciler(client: client, namespaces: namespaces)))
        }
        if enabled("replicaset") { manager.add(replicaSetController(manager: manager, client: client)) }
        if enabled("garbagecollector") { manager.add(garbageCollector(manager: manager, client: client)) }
        if enabled("job") { manager.add(jobController(manager: manager, client: client)) }
        if enabled("daemonset") { manager.add(daemonSetController(manager: manager, client: client)) }
        if enabled("statefulset") { manager.add(statefulSetController(manager: manager, client: client)) }
        if enabled("disruption") {
            let budgets = manager.informer(for: PolicyV1.PodDisruptionBudget.self).store
            manager.add(
                Controller.for(PolicyV1.PodDisruptionBudget.self).named("disruption").maxConcurrentReconciles(2)
                    .watches(CoreV1.Pod.self) { pod in
                        budgets.list(namespace: pod.namespace ?? "").filter { pdb in
                            (try? LabelSelector(json: pdb.json[path: ["spec", "selector"]]))?.matches(pod.labels ?? [:])
                                ?? false
                        }.map { NamespacedName(namespace: $0.namespace ?? "", name: $0.name ?? "") }
                    }
                    .complete(DisruptionReconciler(client: client, pods: manager.informer(for: CoreV1.Pod.self).store)))
        }
        if enabled("nodelifecycle") {
            let grace = nodeMonitorGracePeriod.components
            manager.add(
                nodeLifecycleController(
                    manager: manager, client: client,
                    gracePeriod: Double(grace.seconds) + Double(grace.attoseconds) / 1e18))
        }
        for controller in endpointControllers(manager: manager, client: client, enabled: enabled) {
            manager.add(controller)
        }
        if enabled("cronjob") {
            manager.add(
                Controller.for(BatchV1.CronJob.self).named("cronjob").maxConcurrentReconciles(2)
                    .owns(BatchV1.Job.self)
                    .complete(
                        CronJobReconciler(
                            client: client, jobs: manager.informer(for: BatchV1.Job.self).store,
                            events: EventRecorder(client: client, component: "cronjob-controller"))))
        }
        if enabled("deployment") {
            manager.add(
                Controller.for(AppsV1.Deployment.self).named("deployment").maxConcurrentReconciles(2)
                    .owns(AppsV1.ReplicaSet.self)
                    .complete(
                        DeploymentReconciler(
                            client: client, replicaSets: manager.informer(for: AppsV1.ReplicaSet.self).store)))
        }
        return manager
    }

    /// Resources the garbage collector follows: everything listable and
    /// deletable except Events, which nobody owns.
    static var collectedResources: [ResourceInfo] {
        BuiltinResources.all.filter {
            $0.verbs.contains("watch") && $0.verbs.contains("delete") && $0.plural != "events"
        }
    }

    static func garbageCollector(manager: Manager, client: KubernetesClient) -> Controller {
        let informers = collectedResources.map { resource in
            (
                resource,
                manager.informers.informer(for: resource, namespace: nil, as: JSONValue.self) {
                    Informer(client: client, resource: resource, indexers: OwnerGraph.indexers())
                }
            )
        }
        let graph = OwnerGraph(informers: informers)
        return Controller.custom(
            name: "garbagecollector", maxConcurrentReconciles: 4,
            reconciler: GarbageCollector(client: client, graph: graph)
        ) { _, enqueue in
            @Sendable func owners(_ object: JSONValue) {
                for ref in object[path: ["metadata", "ownerReferences"]]?.arrayValue ?? [] {
                    if let uid = ref["uid"]?.stringValue { enqueue(NamespacedName(name: uid)) }
                }
            }
            @Sendable func itself(_ object: JSONValue) {
                if let uid = object[path: ["metadata", "uid"]]?.stringValue { enqueue(NamespacedName(name: uid)) }
            }
            for (_, informer) in informers {
                informer.addHandler(
                    EventHandler(
                        onAdd: { owners($0) },
                        onUpdate: { old, new in
                            let finalizers = new[path: ["metadata", "finalizers"]]?.arrayValue ?? []
                            if new[path: ["metadata", "deletionTimestamp"]] != nil,
                                finalizers.contains("orphan") || finalizers.contains("foregroundDeletion")
                            {
                                itself(new)
                            }
                            if old[path: ["metadata", "ownerReferences"]] != new[path: ["metadata", "ownerReferences"]]
                            {
                                owners(new)
                            }
                        },
                        onDelete: { object in
                            itself(object)
                            owners(object)
                        }))
            }
            return informers.map { $0.1 }
        }
    }

    /// ReplicaSets own their pods; an orphan pod wakes every ReplicaSet
    /// whose selector matches it (adoption); pod events settle expectations.
    static func replicaSetController(manager: Manager, client: KubernetesClient) -> Controller {
        let podInformer = manager.informer(for: CoreV1.Pod.self)
        let expectations = podExpectations(podInformer, ownerKind: "ReplicaSet")
        let sets = manager.informer(for: AppsV1.ReplicaSet.self).store
        return Controller.for(AppsV1.ReplicaSet.self).named("replicaset").maxConcurrentReconciles(2)
            .owns(CoreV1.Pod.self)
            .watches(CoreV1.Pod.self) { pod in
                guard pod.ownerReferences?.contains(where: { $0.controller == true }) != true else { return [] }
                return sets.list(namespace: pod.namespace ?? "").filter { rs in
                    (try? LabelSelector(json: rs.json[path: ["spec", "selector"]]))?.matches(pod.labels ?? [:]) ?? false
                }.map { NamespacedName(namespace: $0.namespace ?? "", name: $0.name ?? "") }
            }
            .complete(ReplicaSetReconciler(client: client, pods: podInformer.store, expectations: expectations))
    }

    /// Jobs own their pods; pod events settle expectations and wake the Job
    /// (also after the Job is gone, so its pods lose their tracking finalizer).
    static func jobController(manager: Manager, client: KubernetesClient) -> Controller {
        let podInformer = manager.informer(for: CoreV1.Pod.self)
        let expectations = podExpectations(podInformer, ownerKind: "Job", countDeletes: false)
        return Controller.for(BatchV1.Job.self).named("job").maxConcurrentReconciles(2)
            .owns(CoreV1.Pod.self)
            .complete(
                JobReconciler(
                    client: client, pods: podInformer.store, expectations: expectations,
                    events: EventRecorder(client: client, component: "job-controller")))
    }

    /// DaemonSets own their pods and revisions; a node change wakes every
    /// DaemonSet (it may now want a pod there, or no longer).
    static func daemonSetController(manager: Manager, client: KubernetesClient) -> Controller {
        let podInformer = manager.informer(for: CoreV1.Pod.self)
        let expectations = podExpectations(podInformer, ownerKind: "DaemonSet")
        let sets = manager.informer(for: AppsV1.DaemonSet.self).store
        return Controller.for(AppsV1.DaemonSet.self).named("daemonset").maxConcurrentReconciles(2)
            .owns(CoreV1.Pod.self)
            .watches(CoreV1.Node.self) { _ in
                sets.list().map { NamespacedName(namespace: $0.namespace ?? "", name: $0.name ?? "") }
            }
            .complete(
                DaemonSetReconciler(
                    client: client, nodes: manager.informer(for: CoreV1.Node.self).store, pods: podInformer.store,
                    history: ControllerRevisions(
                        client: client, revisions: manager.informer(for: AppsV1.ControllerRevision.self).store),
                    expectations: expectations,
                    events: EventRecorder(client: client, component: "daemonset-controller")))
    }

    /// Endpoints and EndpointSlices follow each Service and the pods its
    /// selector matches: a pod change wakes the Services that select it.
    static func endpointControllers(
        manager: Manager, client: KubernetesClient, enabled: (String) -> Bool
    ) -> [Controller] {
        guard enabled("endpoints") || enabled("endpointslice") else { return [] }
        let services = manager.informer(for: CoreV1.Service.self).store
        let pods = manager.informer(for: CoreV1.Pod.self).store
        @Sendable func selecting(_ pod: CoreV1.Pod) -> [NamespacedName] {
            let labels = pod.labels ?? [:]
            return services.list(namespace: pod.namespace ?? "").filter { service in
                guard let selector = service.json[path: ["spec", "selector"]]?.objectValue, !selector.isEmpty else {
                    return false
                }
                return selector.allSatisfy { labels[$0.key] == $0.value.stringValue }
            }.map { NamespacedName(namespace: $0.namespace ?? "", name: $0.name ?? "") }
        }
        let endpoints = Controller.for(CoreV1.Service.self).named("endpoints").maxConcurrentReconciles(2)
            .watches(CoreV1.Pod.self, map: selecting)
            .watches(CoreV1.Endpoints.self) { [NamespacedName(namespace: $0.namespace ?? "", name: $0.name ?? "")] }
            .complete(EndpointsReconciler(client: client, services: services, pods: pods))
        let slices = Controller.for(CoreV1.Service.self).named("endpointslice").maxConcurrentReconciles(2)
            .watches(CoreV1.Pod.self, map: selecting)
            .owns(DiscoveryV1.EndpointSlice.self)
            .complete(
                EndpointSliceReconciler(
                    client: client, services: services, pods: pods,
                    slices: manager.informer(for: DiscoveryV1.EndpointSlice.self).store))
        return (enabled("endpoints") ? [endpoints] : []) + (enabled("endpointslice") ? [slices] : [])
    }

    /// StatefulSets own their pods (by name) and revisions; claims are read
    /// from an informer so each is created once.
    static func statefulSetController(manager: Manager, client: KubernetesClient) -> Controller {
        Controller.for(AppsV1.StatefulSet.self).named("statefulset").maxConcurrentReconciles(2)
            .owns(CoreV1.Pod.self)
            .complete(
                StatefulSetReconciler(
                    client: client, pods: manager.informer(for: CoreV1.Pod.self).store,
                    claims: manager.informer(for: CoreV1.PersistentVolumeClaim.self).store,
                    history: ControllerRevisions(
                        client: client, revisions: manager.informer(for: AppsV1.ControllerRevision.self).store),
                    events: EventRecorder(client: client, component: "statefulset-controller")))
    }

    /// Nodes are looked at when they, their Lease or their pods change, and
    /// again every few seconds, since a silent node changes nothing.
    static func nodeLifecycleController(manager: Manager, client: KubernetesClient, gracePeriod: TimeInterval)
        -> Controller
    {
        var reconciler = NodeLifecycleReconciler(
            client: client, nodes: manager.informer(for: CoreV1.Node.self).store,
            leases: manager.informer(for: CoordinationV1.Lease.self).store,
            pods: manager.informer(for: CoreV1.Pod.self).store,
            events: EventRecorder(client: client, component: "node-controller"))
        reconciler.gracePeriod = gracePeriod
        reconciler.monitorPeriod = min(5, max(0.2, gracePeriod / 4))
        return Controller.for(CoreV1.Node.self).named("nodelifecycle").maxConcurrentReconciles(2)
            .watches(CoordinationV1.Lease.self) { lease in
                lease.namespace == "kube-node-lease" ? [NamespacedName(name: lease.name ?? "")] : []
            }
            .watches(CoreV1.Pod.self) { pod in
                guard let node = pod.json[path: ["spec", "nodeName"]]?.stringValue, !node.isEmpty else { return [] }
                return [NamespacedName(name: node)]
            }
            .complete(reconciler)
    }

    /// Expectations settled by pod events: a pod of a controller of
    /// `ownerKind` appearing (a creation seen) or starting to go (a deletion
    /// seen), so the controller never acts twice on a lagging cache.
    static func podExpectations(_ pods: Informer<CoreV1.Pod>, ownerKind: String, countDeletes: Bool = true)
        -> Expectations
    {
        let expectations = Expectations()
        @Sendable func ownerKey(_ pod: CoreV1.Pod) -> String? {
            guard let ref = pod.ownerReferences?.first(where: { $0.controller == true && $0.kind == ownerKind }),
                let name = ref.name
            else { return nil }
            return NamespacedName(namespace: pod.namespace ?? "", name: name).description
        }
        pods.addHandler(
            EventHandler(
                onAdd: { pod in ownerKey(pod).map(expectations.observedAdd) },
                onUpdate: { old, new in
                    if countDeletes, old.deletionTimestamp == nil, new.deletionTimestamp != nil {
                        ownerKey(new).map(expectations.observedDelete)
                    }
                },
                onDelete: { pod in
                    if countDeletes, pod.deletionTimestamp == nil { ownerKey(pod).map(expectations.observedDelete) }
                }))
        return expectations
    }
}
