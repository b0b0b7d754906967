import SwiftletAPI
import SwiftletTesting
import Testing

@Suite("API server discovery and OpenAPI")
struct DiscoveryTests {
    @Test func legacyDiscovery() async throws {
        try await withServer { s in
            let api = try await s.request("GET", "/api")
            #expect(api.json?["versions"] == ["v1"])
            let groups = try await s.request("GET", "/apis")
            let names = groups.json?["groups"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            for group in [
                "apps", "batch", "coordination.k8s.io", "rbac.authorization.k8s.io", "autoscaling", "networking.k8s.io",
            ] {
                #expect(names.contains(group))
            }
            let apps = try await s.request("GET", "/apis/apps/v1")
            let resources = apps.json?["resources"]?.arrayValue ?? []
            let scale = resources.first { $0["name"] == "deployments/scale" }
            #expect(scale?["kind"] == "Scale")
            #expect(scale?["group"] == "autoscaling")
            #expect(resources.first { $0["name"] == "deployments" }?["shortNames"] == ["deploy"])
            let core = try await s.request("GET", "/api/v1")
            #expect(core.json?["resources"]?.arrayValue?.contains { $0["name"] == "pods/status" } == true)
        }
    }

    @Test func aggregatedDiscovery() async throws {
        try await withServer { s in
            let accept = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json"
            let reply = try await s.request("GET", "/apis", headers: [("Accept", accept)])
            #expect(
                reply.headers["Content-Type"].first
                    == "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
            #expect(reply.json?["kind"] == "APIGroupDiscoveryList")
            let apps = reply.json?["items"]?.arrayValue?.first { $0[path: ["metadata", "name"]] == "apps" }
            let deployments = apps?["versions"]?.arrayValue?.first?["resources"]?.arrayValue?.first {
                $0["resource"] == "deployments"
            }
            #expect(deployments?["scope"] == "Namespaced")
            #expect(deployments?["subresources"]?.arrayValue?.contains { $0["subresource"] == "scale" } == true)
        }
    }

    @Test func openAPIv3() async throws {
        try await withServer { s in
            let index = try await s.request("GET", "/openapi/v3")
            let url = try #require(index.json?[path: ["paths", "apis/apps/v1", "serverRelativeURL"]]?.stringValue)
            let doc = try await s.request("GET", url)
            #expect(doc.status == 200)
            let json = try #require(doc.json)
            #expect(json[path: ["components", "schemas", "io.k8s.api.apps.v1.Deployment"]] != nil)
            let patch = json[path: ["paths", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}", "patch"]]
            #expect(
                patch?["x-kubernetes-group-version-kind"] == ["group": "apps", "version": "v1", "kind": "Deployment"])
            #expect(patch?["parameters"]?.arrayValue?.contains { $0["name"] == "fieldValidation" } == true)
            #expect(try await s.request("GET", "/openapi/v2").status == 404)
        }
    }

    @Test func metricsCountRequests() async throws {
        try await withServer { s in
            _ = try await s.request("GET", "/api/v1/namespaces")
            let metrics = try await s.request("GET", "/metrics")
            #expect(
                metrics.text.contains(
                    "apiserver_request_total{verb=\"LIST\",group=\"\",resource=\"namespaces\",code=\"200\"}"))
            #expect(metrics.text.contains("apiserver_request_duration_seconds_bucket"))
            #expect(metrics.text.contains("swiftlet_storage_operation_duration_seconds_count"))
        }
    }
}
