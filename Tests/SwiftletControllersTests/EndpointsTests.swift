import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletControllers
import SwiftletModels
import SwiftletTesting
import Testing

@Suite("Built-in controllers: Endpoints and EndpointSlices", .timeLimit(.minutes(2)))
struct EndpointsTests {
    @Test func serviceBackendsFollowPodsAndReadiness() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let run = Task {
            try await ControllerManager.make(client: client, controllers: ["endpoints", "endpointslice"]).run()
        }
        let podsAPI = client.resource(CoreV1.Pod.self, namespace: "default")
        var service = CoreV1.Service()
        service.name = "web"
        service.json["spec"] = [
            "selector": ["app": "web"],
            "ports": [["name": "http", "port": 80, "targetPort": "web-port"], ["name": "metrics", "port": 9090]],
        ]
        _ = try await client.resource(CoreV1.Service.self, namespace: "default").create(service)

        // Two pods with IPs, one ready; a third without an IP is left out.
        for (name, ip, ready) in [("a", "10.88.0.2", true), ("b", "10.88.0.3", false), ("c", "", false)] {
            var pod = CoreV1.Pod()
            pod.name = name
            pod.labels = ["app": "web"]
            pod.json["spec"] = [
                "nodeName": "n1",
                "containers": [["name": "c", "image": "x", "ports": [["name": "web-port", "containerPort": 8080]]]],
            ]
            let created = try await podsAPI.create(pod)
            guard !ip.isEmpty else { continue }
            var running = created
            running.json["status"] = [
                "phase": "Running", "podIP": .string(ip),
                "conditions": [["type": "Ready", "status": ready ? "True" : "False"]],
            ]
            _ = try await podsAPI.updateStatus(running)
        }
        let endpointsAPI = client.resource(CoreV1.Endpoints.self, namespace: "default")
        func subsets() async throws -> [JSONValue] {
            (try? await endpointsAPI.get("web"))?.json["subsets"]?.arrayValue ?? []
        }
        #expect(
            try await eventually {
                let s = try await subsets()
                return s.count == 1 && s[0]["addresses"]?.arrayValue?.count == 1
                    && s[0]["notReadyAddresses"]?.arrayValue?.count == 1
            })
        let subset = try #require(try await subsets().first)
        #expect(subset["addresses"]?.arrayValue?.first?["ip"] == "10.88.0.2")
        #expect(subset["addresses"]?.arrayValue?.first?[path: ["targetRef", "name"]] == "a")
        #expect(subset["addresses"]?.arrayValue?.first?["nodeName"] == "n1")
        // The named target port resolves through the container port.
        let ports = subset["ports"]?.arrayValue ?? []
        #expect(ports.contains { $0["name"] == "http" && $0["port"] == 8080 })
        #expect(ports.contains { $0["name"] == "metrics" && $0["port"] == 9090 })

        let slicesAPI = client.resource(DiscoveryV1.EndpointSlice.self, namespace: "default")
        func slice() async throws -> DiscoveryV1.EndpointSlice? {
            try await slicesAPI.list(ListOptions(labelSelector: "kubernetes.io/service-name=web")).items.first
        }
        #expect(try await eventually { try await slice()?.json["endpoints"]?.arrayValue?.count == 2 })
        let found = try #require(try await slice())
        #expect(found.labels?["endpointslice.kubernetes.io/managed-by"] == "endpointslice-controller.k8s.io")
        #expect(found.ownerReferences?.first?.kind == "Service")
        #expect(found.json["addressType"] == "IPv4")
        let notReady = found.json["endpoints"]?.arrayValue?.first { $0["addresses"] == ["10.88.0.3"] }
        #expect(notReady?[path: ["conditions", "ready"]] == false)

        // A pod being deleted (its node has yet to stop it) leaves Endpoints;
        // its slice endpoint stays, marked terminating and no longer ready.
        _ = try await podsAPI.delete("a")
        #expect(try await eventually { try await subsets().first?["addresses"] == nil })
        #expect(
            try await eventually {
                let a = try await slice()?.json["endpoints"]?.arrayValue?.first { $0["addresses"] == ["10.88.0.2"] }
                return a?[path: ["conditions", "terminating"]] == true && a?[path: ["conditions", "ready"]] == false
                    && a?[path: ["conditions", "serving"]] == true
            })
        run.cancel()
        try await client.shutdown()
        await server.stop()
    }
}
