import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels

/// Keeps a Deployment and a Service for each WebApp and reports how many
/// replicas are ready. Both children carry the WebApp as controller owner,
/// so they go when it goes and their changes wake it.
public struct WebAppReconciler: Reconciler {
    let client: KubernetesClient

    public init(client: KubernetesClient) { self.client = client }

    public func reconcile(_ request: NamespacedName) async throws -> ReconcileResult {
        let webApps = client.resource(WebAppObject.self, namespace: request.namespace)
        guard let app = try? await webApps.get(request.name), !app.isBeingDeleted, let spec = app.spec else {
            return .done
        }
        let labels = ["app.kubernetes.io/name": request.name, "app.kubernetes.io/managed-by": "webapp-operator"]
        let port = spec.port ?? 80
        let deployment = try await client.resource(AppsV1.Deployment.self, namespace: request.namespace)
            .createOrUpdate(name: request.name) { d in
                d.setControllerReference(app)
                d.labels = labels
                d.json["spec"] = [
                    "replicas": .int(Int64(spec.replicas)),
                    "selector": ["matchLabels": labels.json],
                    "template": [
                        "metadata": ["labels": labels.json],
                        "spec": [
                            "containers": [
                                [
                                    "name": "web", "image": .string(spec.image),
                                    "ports": [["containerPort": .int(Int64(port))]],
                                ]
                            ]
                        ],
                    ],
                ]
            }
        try await client.resource(CoreV1.Service.self, namespace: request.namespace)
            .createOrUpdate(name: request.name) { s in
                s.setControllerReference(app)
                s.labels = labels
                s.json[path: ["spec", "selector"]] = labels.json
                s.json[path: ["spec", "ports"]] = [["name": "http", "port": .int(Int64(port))]]
            }

        let ready = deployment.status?.readyReplicas ?? 0
        let status = WebAppStatus(
            readyReplicas: ready,
            selector: labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","),
            conditions: [
                WebAppCondition(
                    type: "Ready", status: ready >= spec.replicas ? "True" : "False",
                    reason: ready >= spec.replicas ? "ReplicasReady" : "ReplicasStarting",
                    message: "\(ready) of \(spec.replicas) replicas are ready")
            ])
        if app.status != status {
            var updated = app
            updated.status = status
            _ = try await webApps.updateStatus(updated)
        }
        return .done
    }
}

extension Dictionary where Key == String, Value == String {
    var json: JSONValue {
        .object(JSONObject(sorted { $0.key < $1.key }.map { (key: $0.key, value: .string($0.value)) }))
    }
}
