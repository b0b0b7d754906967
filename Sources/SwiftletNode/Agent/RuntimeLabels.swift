import SwiftletAPI
import SwiftletCRI

/// The labels the agent puts on sandboxes and containers (upstream's names),
/// so that after a restart it finds which pod each belongs to from the
/// runtime alone.
enum RuntimeLabels {
    static let podName = "io.kubernetes.pod.name"
    static let podNamespace = "io.kubernetes.pod.namespace"
    static let podUID = "io.kubernetes.pod.uid"
    static let containerName = "io.kubernetes.container.name"
    /// The pod's restart policy, which the simulated runtime plays by.
    static let restartPolicy = "swiftlet.dev/restart-policy"

    static func pod(namespace: String, name: String, uid: String) -> [String: String] {
        [podName: name, podNamespace: namespace, podUID: uid]
    }

    /// The pod key a runtime object's labels name, if they name one.
    static func key(_ labels: [String: String]) -> NamespacedName? {
        guard let name = labels[podName], let namespace = labels[podNamespace] else { return nil }
        return NamespacedName(namespace: namespace, name: name)
    }
}

extension Runtime_V1_PodSandbox {
    var podUID: String { labels[RuntimeLabels.podUID] ?? metadata.uid }
}

extension Runtime_V1_Container {
    var podUID: String { labels[RuntimeLabels.podUID] ?? "" }
    var containerName: String { labels[RuntimeLabels.containerName] ?? metadata.name }
}
