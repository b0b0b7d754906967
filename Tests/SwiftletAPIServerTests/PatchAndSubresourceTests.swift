import SwiftletAPI
import SwiftletTesting
import Testing

@Suite("API server patches and subresources")
struct PatchAndSubresourceTests {
    @Test func patchTypes() async throws {
        try await withServer { s in
            _ = try await s.request("POST", "/apis/apps/v1/namespaces/default/deployments", body: deployment("p"))
            let path = "/apis/apps/v1/namespaces/default/deployments/p"
            let merge = try await s.request(
                "PATCH", path, body: ["metadata": ["labels": ["team": "a"]]],
                contentType: "application/merge-patch+json")
            #expect(merge.status == 200)
            #expect(merge.json?[path: ["metadata", "labels", "team"]] == "a")

            let json = try await s.request(
                "PATCH", path, body: [["op": "replace", "path": "/spec/replicas", "value": 4]],
                contentType: "application/json-patch+json")
            #expect(json.json?[path: ["spec", "replicas"]] == 4)
            #expect(json.json?[path: ["metadata", "generation"]] == 2)

            let failedTest = try await s.request(
                "PATCH", path, body: [["op": "test", "path": "/spec/replicas", "value": 9]],
                contentType: "application/json-patch+json")
            #expect(failedTest.status == 422)

            // Strategic merge: containers merge by name.
            let smp: JSONValue = [
                "spec": [
                    "template": [
                        "spec": [
                            "containers": [
                                ["name": "sidecar", "image": "busybox"], ["name": "web", "image": "nginx:1.28"],
                            ]
                        ]
                    ]
                ]
            ]
            let strategic = try await s.request(
                "PATCH", path, body: smp, contentType: "application/strategic-merge-patch+json")
            #expect(strategic.status == 200)
            let containers = strategic.json?[path: ["spec", "template", "spec", "containers"]]?.arrayValue ?? []
            #expect(Set(containers.compactMap { $0["name"]?.stringValue }) == ["web", "sidecar"])
            #expect(containers.first { $0["name"] == "web" }?["image"] == "nginx:1.28")

            let unsupported = try await s.request("PATCH", path, body: ["a": 1], contentType: "application/xml")
            #expect(unsupported.status == 415)
        }
    }

    @Test func statusIsKeptApartFromSpec() async throws {
        try await withServer { s in
            let created = try await s.request(
                "POST", "/apis/apps/v1/namespaces/default/deployments", body: deployment("st"))
            var withStatus = try #require(created.json)
            withStatus["status"] = ["replicas": 5]
            let main = try await s.request("PUT", "/apis/apps/v1/namespaces/default/deployments/st", body: withStatus)
            #expect(main.json?[path: ["status", "replicas"]] == nil)

            var statusUpdate = try #require(main.json)
            statusUpdate["status"] = ["replicas": 2]
            statusUpdate[path: ["spec", "replicas"]] = 7
            let status = try await s.request(
                "PUT", "/apis/apps/v1/namespaces/default/deployments/st/status", body: statusUpdate)
            #expect(status.status == 200)
            #expect(status.json?[path: ["status", "replicas"]] == 2)
            #expect(status.json?[path: ["spec", "replicas"]] == 1)
            #expect(status.json?[path: ["metadata", "generation"]] == 1)
        }
    }

    @Test func scaleSubresource() async throws {
        try await withServer { s in
            _ = try await s.request(
                "POST", "/apis/apps/v1/namespaces/default/deployments", body: deployment("sc", replicas: 2))
            let scale = try await s.request("GET", "/apis/apps/v1/namespaces/default/deployments/sc/scale")
            #expect(scale.json?["kind"] == "Scale")
            #expect(scale.json?["apiVersion"] == "autoscaling/v1")
            #expect(scale.json?[path: ["spec", "replicas"]] == 2)
            #expect(scale.json?[path: ["status", "selector"]] == "app=sc")
            let patched = try await s.request(
                "PATCH", "/apis/apps/v1/namespaces/default/deployments/sc/scale", body: ["spec": ["replicas": 6]],
                contentType: "application/merge-patch+json")
            #expect(patched.json?[path: ["spec", "replicas"]] == 6)
            let deployment = try await s.request("GET", "/apis/apps/v1/namespaces/default/deployments/sc")
            #expect(deployment.json?[path: ["spec", "replicas"]] == 6)
        }
    }

    @Test func finalizersHoldDeletionUntilRemoved() async throws {
        try await withServer { s in
            var cm = configMap("fin")
            cm[path: ["metadata", "finalizers"]] = ["example.com/hold"]
            _ = try await s.request("POST", "/api/v1/namespaces/default/configmaps", body: cm)
            let deleting = try await s.request("DELETE", "/api/v1/namespaces/default/configmaps/fin")
            #expect(deleting.status == 200)
            #expect(deleting.json?[path: ["metadata", "deletionTimestamp"]] != nil)
            #expect(try await s.request("GET", "/api/v1/namespaces/default/configmaps/fin").status == 200)
            let released = try await s.request(
                "PATCH", "/api/v1/namespaces/default/configmaps/fin", body: ["metadata": ["finalizers": .null]],
                contentType: "application/merge-patch+json")
            #expect(released.status == 200)
            #expect(try await s.request("GET", "/api/v1/namespaces/default/configmaps/fin").status == 404)
        }
    }

    @Test func uidInAWriteIsAPrecondition() async throws {
        try await withServer { s in
            _ = try await s.request("POST", "/api/v1/namespaces/default/configmaps", body: configMap("u"))
            let wrong = try await s.request(
                "PATCH", "/api/v1/namespaces/default/configmaps/u",
                body: ["metadata": ["uid": "not-this-one", "labels": ["a": "b"]]],
                contentType: "application/merge-patch+json")
            #expect(wrong.status == 409)
            #expect(
                wrong.json?["message"]?.stringValue?.contains("Precondition failed: UID in precondition: not-this-one")
                    == true)
            let current = try await s.request("GET", "/api/v1/namespaces/default/configmaps/u")
            #expect(current.json?[path: ["metadata", "labels"]] == nil)
            let uid = current.json?[path: ["metadata", "uid"]] ?? .null
            let right = try await s.request(
                "PATCH", "/api/v1/namespaces/default/configmaps/u",
                body: ["metadata": ["uid": uid, "labels": ["a": "b"]]],
                contentType: "application/merge-patch+json")
            #expect(right.status == 200)
        }
    }

    @Test func deletePreconditions() async throws {
        try await withServer { s in
            _ = try await s.request("POST", "/api/v1/namespaces/default/configmaps", body: configMap("pre"))
            let wrong = try await s.request(
                "DELETE", "/api/v1/namespaces/default/configmaps/pre",
                body: ["kind": "DeleteOptions", "apiVersion": "v1", "preconditions": ["uid": "nope"]])
            #expect(wrong.status == 409)
            #expect(try await s.request("GET", "/api/v1/namespaces/default/configmaps/pre").status == 200)
        }
    }
}
