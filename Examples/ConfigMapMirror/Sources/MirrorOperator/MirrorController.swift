import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels

/// Wires the mirror reconciler: source ConfigMaps are the primary objects;
/// a new namespace or a changed copy wakes the sources it concerns.
public enum MirrorController {
    public static func make(manager: Manager) -> Controller {
        let configMaps = manager.informer(for: CoreV1.ConfigMap.self).store
        let namespaces = manager.informer(for: CoreV1.Namespace.self).store
        return Controller.for(CoreV1.ConfigMap.self)
            .named("configmap-mirror")
            .watches(CoreV1.Namespace.self) { _ in
                configMaps.list().filter { $0.labels?[MirrorReconciler.mirrorLabel] == "true" }
                    .map { NamespacedName(namespace: $0.namespace ?? "", name: $0.name ?? "") }
            }
            .watches(CoreV1.ConfigMap.self) { copy in
                // A copy is labelled with its source's "namespace.name".
                guard let source = copy.labels?[MirrorReconciler.copyOfLabel],
                    let dot = source.firstIndex(of: ".")
                else { return [] }
                return [
                    NamespacedName(namespace: String(source[..<dot]), name: String(source[source.index(after: dot)...]))
                ]
            }
            .complete(MirrorReconciler(client: manager.client, namespaces: namespaces))
    }
}
