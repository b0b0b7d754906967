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

    public static func make(
        client: KubernetesClient, identity: String = LeaderElector.defaultIdentity(),
        endpoints: (host: String, port: Int)? = nil, logger: Logger = Logger(label: "swiftlet.controller-manager")
    ) -> Manager {
        let manager = Manager(
            client: client,
            leaderElection: LeaderElector.Configuration(
                leaseName: leaseName, leaseNamespace: "kube-system", identity: identity),
            endpoints: endpoints, logger: logger)
        let namespaced = BuiltinResources.all.filter {
            $0.namespaced && $0.verbs.contains("list") && $0.verbs.contains("delete")
                // core/v1 Events are also served as events.k8s.io Events: delete them once.
                && !($0.group == "events.k8s.io")
        }
        manager.add(
            Controller.for(CoreV1.Namespace.self).named("namespace").maxConcurrentReconciles(2)
                .complete(NamespaceReconciler(client: client, resources: namespaced)))
        let namespaces = manager.informer(for: CoreV1.Namespace.self).store
        manager.add(
            Controller.for(CoreV1.Namespace.self).named("serviceaccount")
                .watches(CoreV1.ServiceAccount.self) { account in
                    account.name == "default" ? [NamespacedName(name: account.namespace ?? "")] : []
                }
                .complete(ServiceAccountReconciler(client: client, namespaces: namespaces)))
        manager.add(replicaSetController(manager: manager, client: client))
        manager.add(garbageCollector(manager: manager, client: client))
        manager.add(jobController(manager: manager, client: client))
        manager.add(
            Controller.for(BatchV1.CronJob.self).named("cronjob").maxConcurrentReconciles(2)
                .owns(BatchV1.Job.self)
                .complete(
                    CronJobReconciler(
                        client: client, jobs: manager.informer(for: BatchV1.Job.self).store,
                        events: EventRecorder(client: client, component: "cronjob-controller"))))
        manager.add(
            Controller.for(AppsV1.Deployment.self).named("deployment").maxConcurrentReconciles(2)
                .owns(AppsV1.ReplicaSet.self)
                .complete(
                    DeploymentReconciler(
                        client: client, replicaSets: manager.informer(for: AppsV1.ReplicaSet.self).store)))
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
        let expectations = Expectations()
        let podInformer = manager.informer(for: CoreV1.Pod.self)
        let sets = manager.informer(for: AppsV1.ReplicaSet.self).store
        @Sendable func ownerKey(_ pod: CoreV1.Pod) -> String? {
            guard let ref = pod.ownerReferences?.first(where: { $0.controller == true && $0.kind == "ReplicaSet" }),
                let name = ref.name
            else { return nil }
            return NamespacedName(namespace: pod.namespace ?? "", name: name).description
        }
        podInformer.addHandler(
            EventHandler(
                onAdd: { pod in ownerKey(pod).map(expectations.observedAdd) },
                onUpdate: { old, new in
                    if old.deletionTimestamp == nil, new.deletionTimestamp != nil {
                        ownerKey(new).map(expectations.observedDelete)
                    }
                },
                onDelete: { pod in
                    if pod.deletionTimestamp == nil { ownerKey(pod).map(expectations.observedDelete) }
                }))
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
        let expectations = Expectations()
        let podInformer = manager.informer(for: CoreV1.Pod.self)
        @Sendable func ownerKey(_ pod: CoreV1.Pod) -> String? {
            guard let ref = pod.ownerReferences?.first(where: { $0.controller == true && $0.kind == "Job" }),
                let name = ref.name
            else { return nil }
            return NamespacedName(namespace: pod.namespace ?? "", name: name).description
        }
        podInformer.addHandler(EventHandler(onAdd: { pod in ownerKey(pod).map(expectations.observedAdd) }))
        return Controller.for(BatchV1.Job.self).named("job").maxConcurrentReconciles(2)
            .owns(CoreV1.Pod.self)
            .complete(
                JobReconciler(
                    client: client, pods: podInformer.store, expectations: expectations,
                    events: EventRecorder(client: client, component: "job-controller")))
    }
}
