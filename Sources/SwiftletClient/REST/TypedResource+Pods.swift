import SwiftletAPI
import SwiftletModels

extension TypedResource where R == CoreV1.Pod {
    /// Assigns a pod to a node through `pods/binding`, as a scheduler does.
    public func bind(_ podName: String, toNode node: String) async throws {
        let binding: JSONValue = [
            "apiVersion": "v1", "kind": "Binding", "metadata": ["name": .string(podName)],
            "target": ["apiVersion": "v1", "kind": "Node", "name": .string(node)],
        ]
        _ = try await dynamic.client.send(
            .POST, dynamic.path(podName, "binding"), body: binding.serialized())
    }

    /// Evicts a pod through `pods/eviction`: a deletion that its
    /// PodDisruptionBudget may refuse (`KubernetesError.tooManyRequests`).
    public func evict(_ podName: String, gracePeriodSeconds: Int? = nil) async throws {
        var eviction: JSONObject = [
            "apiVersion": "policy/v1", "kind": "Eviction", "metadata": ["name": .string(podName)],
        ]
        if let grace = gracePeriodSeconds { eviction["deleteOptions"] = ["gracePeriodSeconds": .int(Int64(grace))] }
        _ = try await dynamic.client.send(
            .POST, dynamic.path(podName, "eviction"), body: JSONValue.object(eviction).serialized(), retry: false)
    }
}
