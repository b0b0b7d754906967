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
        return manager
    }
}
