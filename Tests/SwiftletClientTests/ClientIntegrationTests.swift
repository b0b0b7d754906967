import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletModels
import SwiftletTesting
import Testing

/// The client against a real in-process API server (no fake client).
@Suite("Client against a server", .timeLimit(.minutes(2)))
struct ClientIntegrationTests {
    static func deployment(_ name: String) -> AppsV1.Deployment {
        var d = AppsV1.Deployment()
        d.name = name
        d.json[path: ["spec"]] = [
            "replicas": 1, "selector": ["matchLabels": ["app": .string(name)]],
            "template": [
                "metadata": ["labels": ["app": .string(name)]],
                "spec": ["containers": [["name": "c", "image": "nginx"]]],
            ],
        ]
        return d
    }

    @Test func typedVerbsAndErrors() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let deployments = client.resource(AppsV1.Deployment.self, namespace: "default")
        let created = try await deployments.create(Self.deployment("web"))
        #expect(created.uid?.isEmpty == false)
        #expect(created.spec?.replicas == 1)
        let fetched = try await deployments.get("web")
        var changed = fetched
        changed.spec?.replicas = 3
        let updated = try await deployments.update(changed)
        #expect(updated.spec?.replicas == 3)
        #expect(updated.generation == 2)

        do {
            _ = try await deployments.update(fetched)  // stale resourceVersion
            Issue.record("a stale update must conflict")
        } catch let error as KubernetesError {
            #expect(error.isConflict)
        }
        do {
            _ = try await deployments.get("missing")
            Issue.record("expected not found")
        } catch let error as KubernetesError {
            #expect(error.isNotFound)
        }
        do {
            _ = try await deployments.create(Self.deployment("web"))
            Issue.record("expected already exists")
        } catch let error as KubernetesError {
            #expect(error.isAlreadyExists)
        }
        var invalid = Self.deployment("Bad_Name")
        invalid.name = "Bad_Name"
        do {
            _ = try await deployments.create(invalid)
            Issue.record("expected invalid")
        } catch KubernetesError.invalid(_, let causes) {
            #expect(causes.contains { $0.field == "metadata.name" })
        }

        let patched = try await deployments.patch("web", .merge(["metadata": ["labels": ["tier": "web"]]]))
        #expect(patched.labels?["tier"] == "web")
        let strategic = try await deployments.patch(
            "web", .strategic(["spec": ["template": ["spec": ["containers": [["name": "c", "image": "nginx:2"]]]]]]))
        #expect(strategic.spec?.template?.spec?.containers?.first?.image == "nginx:2")
        let scale = try await deployments.updateScale("web", replicas: 5)
        #expect(scale.spec?.replicas == 5)

        // Pagination: the client follows continue tokens.
        let configMaps = client.resource(CoreV1.ConfigMap.self, namespace: "default")
        for i in 0..<12 {
            var cm = CoreV1.ConfigMap()
            cm.name = "cm-\(i)"
            _ = try await configMaps.create(cm)
        }
        let all = try await configMaps.list(ListOptions(limit: 5))
        #expect(all.items.count == 12)

        let deleted = try await deployments.delete("web")
        #expect(deleted == nil, "\(String(describing: deleted?.json.serializedString()))")
        try await client.shutdown()
        await server.stop()
    }

    @Test func typedWatchSeesChanges() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let configMaps = client.resource(CoreV1.ConfigMap.self, namespace: "default")
        let list = try await configMaps.list()
        let events = configMaps.watch(ListOptions(resourceVersion: list.resourceVersion, timeoutSeconds: 10))
        var cm = CoreV1.ConfigMap()
        cm.name = "watched"
        cm.data = ["a": "1"]
        _ = try await configMaps.create(cm)
        _ = try await configMaps.patch("watched", .merge(["data": ["a": "2"]]))
        _ = try await configMaps.delete("watched")
        var seen: [String] = []
        for try await event in events where event.type != .bookmark {
            seen.append("\(event.type) \(event.object.data?["a"] ?? "")")
            if seen.count == 3 { break }
        }
        #expect(seen == ["added 1", "modified 2", "deleted 2"])
        try await client.shutdown()
        await server.stop()
    }

    @Test func rateLimitSpacesRequests() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient(qps: 20, burst: 1)
        let namespaces = client.resource(CoreV1.Namespace.self)
        let start = ContinuousClock.now
        for _ in 0..<6 { _ = try await namespaces.get("default") }
        // Burst 1 at 20 qps: five waits of 50 ms at least.
        #expect(ContinuousClock.now - start >= .milliseconds(240))
        try await client.shutdown()
        await server.stop()
    }
}
