import AsyncHTTPClient
import SwiftletAPI
import SwiftletTesting
import Testing

/// Runs `body` against a fresh in-process API server and stops it after.
func withServer(_ body: (TestAPIServer) async throws -> Void) async throws {
    let server = try await TestAPIServer.start()
    do {
        try await body(server)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}

func configMap(
    _ name: String, namespace: String = "default", labels: [String: String] = [:], data: [String: String] = [:]
)
    -> JSONValue
{
    var meta: JSONObject = ["name": .string(name), "namespace": .string(namespace)]
    if !labels.isEmpty {
        meta["labels"] = .object(
            JSONObject(labels.sorted { $0.key < $1.key }.map { (key: $0.key, value: .string($0.value)) }))
    }
    return [
        "apiVersion": "v1", "kind": "ConfigMap", "metadata": .object(meta),
        "data": .object(JSONObject(data.sorted { $0.key < $1.key }.map { (key: $0.key, value: .string($0.value)) })),
    ]
}

func deployment(_ name: String, replicas: Int64 = 1, image: String = "nginx:1.27") -> JSONValue {
    [
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": ["name": .string(name), "labels": ["app": .string(name)]],
        "spec": [
            "replicas": .int(replicas),
            "selector": ["matchLabels": ["app": .string(name)]],
            "template": [
                "metadata": ["labels": ["app": .string(name)]],
                "spec": ["containers": [["name": "web", "image": .string(image)]]],
            ],
        ],
    ]
}

extension TestAPIServer.Reply {
    var resourceVersion: String { json?[path: ["metadata", "resourceVersion"]]?.stringValue ?? "" }
}

/// Runs `body` with `client` and shuts the client down however `body` ends:
/// an HTTPClient dropped without shutdown stops the whole test process.
func using<T>(_ client: HTTPClient, _ body: (HTTPClient) async throws -> T) async throws -> T {
    do {
        let result = try await body(client)
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}
