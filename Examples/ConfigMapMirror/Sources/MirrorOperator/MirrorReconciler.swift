import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels

/// Copies every ConfigMap labelled `swiftlet.dev/mirror=true` into every
/// other namespace, and removes the copies (through a finalizer) when the
/// source goes.
public struct MirrorReconciler: Reconciler {
    public static let mirrorLabel = "swiftlet.dev/mirror"
    public static let copyOfLabel = "swiftlet.dev/mirror-of"
    static let finalizer = "swiftlet.dev/mirror-cleanup"
    let client: KubernetesClient
    let namespaces: ObjectStore<CoreV1.Namespace>

    public init(client: KubernetesClient, namespaces: ObjectStore<CoreV1.Namespace>) {
        self.client = client
        self.namespaces = namespaces
    }

    public func reconcile(_ request: NamespacedName) async throws -> ReconcileResult {
        let sources = client.resource(CoreV1.ConfigMap.self, namespace: request.namespace)
        guard var source = try? await sources.get(request.name),
            source.hasFinalizer(Self.finalizer)
                || source.labels?[Self.mirrorLabel] == "true"
        else { return .done }
        let targets = namespaces.list().compactMap(\.name).filter { $0 != request.namespace }
        let copyName = "\(request.namespace).\(request.name)"
        if source.isBeingDeleted || source.labels?[Self.mirrorLabel] != "true" {
            for ns in targets {
                let copies = client.resource(CoreV1.ConfigMap.self, namespace: ns)
                // Only our own copies go; a user's ConfigMap of the same name stays.
                guard let copy = try? await copies.get(request.name), copy.labels?[Self.copyOfLabel] == copyName
                else { continue }
                _ = try? await copies.delete(request.name, options: DeleteOptions(preconditionUID: copy.uid))
            }
            if source.removeFinalizer(Self.finalizer) { _ = try await sources.update(source) }
            return .done
        }
        if source.addFinalizer(Self.finalizer) { source = try await sources.update(source) }
        let (data, binaryData) = (source.data, source.binaryData)
        for ns in targets where namespaces.get(namespace: "", name: ns)?.status?.phase != "Terminating" {
            let copies = client.resource(CoreV1.ConfigMap.self, namespace: ns)
            if let other = try? await copies.get(request.name), other.labels?[Self.copyOfLabel] != copyName { continue }
            try await copies.createOrUpdate(name: request.name) {
                $0.data = data
                $0.binaryData = binaryData
                $0.labels = [Self.copyOfLabel: copyName]
            }
        }
        return .done
    }
}
