import Foundation
import SwiftletAPI
import SwiftletAPIServer
import SwiftletTesting
import Testing

@Suite("API server verbs")
struct CoreVerbTests {
    @Test func createGetUpdateDeleteRoundTrip() async throws {
        try await withServer { s in
            let created = try await s.request(
                "POST", "/api/v1/namespaces/default/configmaps", body: configMap("app", data: ["k": "v"]))
            #expect(created.status == 201)
            let object = try #require(created.json)
            #expect(object[path: ["metadata", "uid"]]?.stringValue?.count == 36)
            #expect(object[path: ["metadata", "creationTimestamp"]]?.stringValue?.hasSuffix("Z") == true)
            let rv = created.resourceVersion
            #expect(!rv.isEmpty)

            let got = try await s.request("GET", "/api/v1/namespaces/default/configmaps/app")
            #expect(got.status == 200)
            #expect(got.json?[path: ["data", "k"]] == "v")
            #expect(got.resourceVersion == rv)

            var changed = object
            changed[path: ["data", "k"]] = "w"
            let updated = try await s.request("PUT", "/api/v1/namespaces/default/configmaps/app", body: changed)
            #expect(updated.status == 200)
            #expect(updated.json?[path: ["data", "k"]] == "w")
            #expect(updated.resourceVersion != rv)

            // The old resourceVersion no longer matches: optimistic concurrency.
            let stale = try await s.request("PUT", "/api/v1/namespaces/default/configmaps/app", body: changed)
            #expect(stale.status == 409)
            #expect(stale.json?["reason"] == "Conflict")
            #expect(
                stale.json?["message"]
                    == "Operation cannot be fulfilled on configmaps \"app\": the object has been modified; please apply your changes to the latest version and try again"
            )

            let deleted = try await s.request("DELETE", "/api/v1/namespaces/default/configmaps/app")
            #expect(deleted.status == 200)
            #expect(deleted.json?["status"] == "Success")
            #expect(deleted.json?[path: ["details", "uid"]] == object[path: ["metadata", "uid"]])

            let gone = try await s.request("GET", "/api/v1/namespaces/default/configmaps/app")
            #expect(gone.status == 404)
            #expect(
                gone.text
                    == #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"configmaps \"app\" not found","reason":"NotFound","details":{"name":"app","kind":"configmaps"},"code":404}"#
                    + "\n")
        }
    }

    @Test func alreadyExistsIsByteCompatibleWithUpstream() async throws {
        try await withServer { s in
            #expect(
                try await s.request("POST", "/apis/apps/v1/namespaces/default/deployments", body: deployment("web"))
                    .status == 201)
            let again = try await s.request(
                "POST", "/apis/apps/v1/namespaces/default/deployments", body: deployment("web"))
            #expect(again.status == 409)
            #expect(
                again.text
                    == #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"deployments.apps \"web\" already exists","reason":"AlreadyExists","details":{"name":"web","group":"apps","kind":"deployments"},"code":409}"#
                    + "\n")
        }
    }

    @Test func initialNamespacesExistAndMissingNamespaceIs404() async throws {
        try await withServer { s in
            let list = try await s.request("GET", "/api/v1/namespaces")
            let names =
                list.json?["items"]?.arrayValue?.compactMap { $0[path: ["metadata", "name"]]?.stringValue } ?? []
            #expect(Set(names) == ["default", "kube-system", "kube-public", "kube-node-lease"])
            let reply = try await s.request(
                "POST", "/api/v1/namespaces/nope/configmaps", body: configMap("x", namespace: "nope"))
            #expect(reply.status == 404)
            #expect(reply.json?["message"] == "namespaces \"nope\" not found")
            #expect(try await s.request("GET", "/api/v1/namespaces/nope/configmaps/x").status == 404)
        }
    }

    @Test func generateNameAndDefaults() async throws {
        try await withServer { s in
            var cm = configMap("")
            cm.setMetaForTest("name", nil)
            cm.setMetaForTest("generateName", "gen-")
            let reply = try await s.request("POST", "/api/v1/namespaces/default/configmaps", body: cm)
            #expect(reply.status == 201)
            let name = reply.json?[path: ["metadata", "name"]]?.stringValue ?? ""
            #expect(name.hasPrefix("gen-") && name.count == 9)

            let d = try await s.request("POST", "/apis/apps/v1/namespaces/default/deployments", body: deployment("def"))
            let spec = try #require(d.json?["spec"])
            #expect(spec[path: ["strategy", "type"]] == "RollingUpdate")
            #expect(spec["revisionHistoryLimit"] == 10)
            #expect(spec["progressDeadlineSeconds"] == 600)
            #expect(spec[path: ["template", "spec", "restartPolicy"]] == "Always")
            #expect(d.json?[path: ["metadata", "generation"]] == 1)
        }
    }

    @Test func validationFailuresAre422AndStoreNothing() async throws {
        try await withServer { s in
            let bad = try await s.request("POST", "/api/v1/namespaces/default/configmaps", body: configMap("Bad_Name"))
            #expect(bad.status == 422)
            #expect(bad.json?["reason"] == "Invalid")
            #expect(
                (bad.json?["message"]?.stringValue ?? "").hasPrefix(
                    "ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\""))
            var noImage = deployment("noimage")
            noImage[path: ["spec", "template", "spec", "containers"]] = [["name": "web"]]
            let reply = try await s.request("POST", "/apis/apps/v1/namespaces/default/deployments", body: noImage)
            #expect(reply.status == 422)
            #expect(reply.json?[path: ["details", "causes"]]?.arrayValue?.isEmpty == false)
            let list = try await s.request("GET", "/apis/apps/v1/namespaces/default/deployments")
            #expect(list.json?["items"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test func strictFieldValidationRejectsUnknownFields() async throws {
        try await withServer { s in
            var d = deployment("strict")
            d[path: ["spec", "replica"]] = 3
            let strict = try await s.request(
                "POST", "/apis/apps/v1/namespaces/default/deployments?fieldValidation=Strict", body: d)
            #expect(strict.status == 400)
            #expect(strict.json?["message"]?.stringValue?.contains("unknown field \"spec.replica\"") == true)
            let warn = try await s.request(
                "POST", "/apis/apps/v1/namespaces/default/deployments?fieldValidation=Warn", body: d)
            #expect(warn.status == 201)
            #expect(warn.headers["Warning"].first?.contains("unknown field") == true)
            // Unknown fields are never stored.
            #expect(warn.json?[path: ["spec", "replica"]] == nil)
        }
    }

    @Test func authenticationIsRequired() async throws {
        try await withServer { s in
            try await using(try s.anonymousClient()) { anonymous in
                let denied = try await s.request("GET", "/api/v1/namespaces", using: anonymous)
                #expect(denied.status == 401)
                #expect(denied.json?["reason"] == "Unauthorized")
                let version = try await s.request("GET", "/version", using: anonymous)
                #expect(version.status == 200)
                #expect(version.json?["minor"] == "32")
                #expect(version.json?["gitVersion"] == "v1.32.0")
                #expect(try await s.request("GET", "/healthz", using: anonymous).text == "ok")
                // TLS negotiates HTTP/2 with clients that offer it; HTTP/1.1
                // clients authenticate the same way.
                #expect(version.httpVersion == .http2)
            }
            try await using(try s.http1Client()) { http1 in
                let overHTTP1 = try await s.request("GET", "/api/v1/namespaces", using: http1)
                #expect(overHTTP1.status == 200)
                #expect(overHTTP1.httpVersion == .http1_1)
            }
        }
    }

    /// Upstream fills a missing kind and apiVersion from the endpoint.
    @Test func bodiesWithoutKindTakeTheEndpoints() async throws {
        try await withServer { s in
            let reply = try await s.request(
                "POST", "/api/v1/namespaces/default/configmaps",
                rawBody: Array(#"{"metadata":{"name":"bare"},"data":{"a":"b"}}"#.utf8))
            #expect(reply.status == 201)
            #expect(reply.json?["kind"] == "ConfigMap")
            #expect(reply.json?["apiVersion"] == "v1")
        }
    }

    @Test func oversizedBodyIs413() async throws {
        try await withServer { s in
            let big = configMap("big", data: ["blob": String(repeating: "x", count: 3 * 1024 * 1024 + 10)])
            let reply = try await s.request("POST", "/api/v1/namespaces/default/configmaps", body: big)
            #expect(reply.status == 413)
            #expect(try await s.request("GET", "/api/v1/namespaces/default/configmaps/big").status == 404)
        }
    }

    /// A body under the 3 MiB request limit can still make an object over
    /// etcd's 1.5 MiB: refused as upstream's etcd refuses it, nothing stored.
    @Test func objectsOverTheStoredLimitAre413() async throws {
        try await withServer { s in
            let value = String(repeating: "v", count: 1_600_000)
            let deployment: JSONValue = [
                "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "huge"],
                "spec": [
                    "selector": ["matchLabels": ["app": "huge"]],
                    "template": [
                        "metadata": ["labels": ["app": "huge"]],
                        "spec": [
                            "containers": [
                                ["name": "c", "image": "i", "env": [["name": "BIG", "value": .string(value)]]]
                            ]
                        ],
                    ],
                ],
            ]
            let path = "/apis/apps/v1/namespaces/default/deployments"
            let reply = try await s.request("POST", path, body: deployment)
            #expect(reply.status == 413)
            #expect(reply.json?["reason"] == "RequestEntityTooLarge")
            #expect(reply.json?["message"] == "etcdserver: request is too large")
            #expect(try await s.request("GET", path + "/huge").status == 404)

            var small = deployment
            small[path: ["spec", "template", "spec", "containers"]] = [["name": "c", "image": "i"]]
            #expect(try await s.request("POST", path, body: small).status == 201)
            let grown = try await s.request(
                "PATCH", path + "/huge", body: deployment, contentType: "application/merge-patch+json")
            #expect(grown.status == 413)
            let stored = try await s.request("GET", path + "/huge")
            #expect(stored.json?[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first?["env"] == nil)
        }
    }

    /// Deprecated pod fields are accepted with upstream's Warning header, on
    /// create and on update.
    @Test func deprecatedPodFieldsWarn() async throws {
        try await withServer { s in
            let pod: JSONValue = [
                "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "old"],
                "spec": [
                    "nodeSelector": ["beta.kubernetes.io/arch": "amd64"], "containers": [["name": "c", "image": "i"]],
                ],
            ]
            let path = "/api/v1/namespaces/default/pods"
            let created = try await s.request("POST", path, body: pod)
            #expect(created.status == 201)
            let expected =
                #"299 - "spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use \"kubernetes.io/arch\" instead""#
            #expect(created.headers["Warning"] == [expected])
            let patched = try await s.request(
                "PATCH", path + "/old", body: ["metadata": ["labels": ["a": "b"]]],
                contentType: "application/merge-patch+json")
            #expect(patched.status == 200)
            #expect(patched.headers["Warning"] == [expected])
            var clean = pod
            clean[path: ["metadata", "name"]] = "new"
            clean[path: ["spec", "nodeSelector"]] = ["kubernetes.io/arch": "amd64"]
            #expect(try await s.request("POST", path, body: clean).headers["Warning"].isEmpty)
        }
    }

    /// Server-owned metadata is overwritten, but a wrong type or an overflow
    /// in it is refused as upstream's decoder refuses it.
    @Test func wrongTypesInServerOwnedMetadataAre400() async throws {
        try await withServer { s in
            let path = "/api/v1/namespaces/default/configmaps"
            for (name, meta) in [
                ("a", #""generation":"x""#), ("b", #""generation":99999999999999999999"#),
                ("c", #""deletionGracePeriodSeconds":1.5"#), ("d", #""uid":7"#), ("e", #""creationTimestamp":true"#),
            ] {
                let body = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)",\#(meta)}}"#
                let reply = try await s.request("POST", path, rawBody: Array(body.utf8))
                #expect(reply.status == 400, "\(meta): \(reply.text)")
                #expect(
                    reply.json?["message"]?.stringValue?.hasPrefix(
                        #"ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal"#) == true,
                    "\(reply.text)")
                #expect(try await s.request("GET", path + "/" + name).status == 404)
            }
            let fine = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"f","generation":3,"uid":"x"}}"#
            #expect(try await s.request("POST", path, rawBody: Array(fine.utf8)).status == 201)
        }
    }

    /// A new object's status has the fields Go always writes (not
    /// omitempty), at zero: clients generated from the schema require them
    /// (the Python client cannot read a ReplicaSet list without them).
    @Test func newStatusesCarryGosAlwaysWrittenFields() async throws {
        try await withServer { s in
            func workload(_ kind: String) -> JSONValue {
                [
                    "apiVersion": "apps/v1", "kind": .string(kind), "metadata": ["name": "z"],
                    "spec": [
                        "selector": ["matchLabels": ["a": "b"]],
                        "template": [
                            "metadata": ["labels": ["a": "b"]], "spec": ["containers": [["name": "c", "image": "i"]]],
                        ],
                    ],
                ]
            }
            let expected: [(String, String, JSONValue)] = [
                ("ReplicaSet", "replicasets", ["replicas": 0]),
                (
                    "DaemonSet", "daemonsets",
                    [
                        "currentNumberScheduled": 0, "numberMisscheduled": 0, "desiredNumberScheduled": 0,
                        "numberReady": 0,
                    ]
                ),
                ("Deployment", "deployments", [:]),
            ]
            for (kind, plural, status) in expected {
                let created = try await s.request(
                    "POST", "/apis/apps/v1/namespaces/default/\(plural)", body: workload(kind))
                #expect(created.status == 201, "\(created.text)")
                #expect(created.json?["status"] == status, "\(kind): \(created.text)")
            }
        }
    }

    @Test func malformedBodiesAre400() async throws {
        try await withServer { s in
            for raw in ["{", "[]", "{\"kind\":\"Secret\"}", String(repeating: "[", count: 5000)] {
                let reply = try await s.request(
                    "POST", "/api/v1/namespaces/default/configmaps", rawBody: Array(raw.utf8))
                #expect(reply.status == 400, "body \(raw.prefix(20))")
                #expect(reply.json?["kind"] == "Status")
            }
        }
    }
}

extension JSONValue {
    mutating func setMetaForTest(_ field: String, _ value: JSONValue?) {
        self[path: ["metadata", field]] = value
    }
}

@Suite("API server limits")
struct LimitTests {
    @Test func overTheInFlightLimitIs429WithRetryAfter() async throws {
        var options = APIServerOptions(dataDirectory: FileManager.default.temporaryDirectory, port: 0)
        options.maxMutatingInFlight = 0
        let server = try await TestAPIServer.start(options: options)
        let write = try await server.request("POST", "/api/v1/namespaces/default/configmaps", body: configMap("x"))
        #expect(write.status == 429)
        #expect(write.headers["Retry-After"].first == "1")
        #expect(
            write.text
                == #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Too many requests, please try again later.","reason":"TooManyRequests","details":{"retryAfterSeconds":1},"code":429}"#
                + "\n")
        // Reads have their own budget, and nothing was stored.
        let read = try await server.request("GET", "/api/v1/namespaces/default/configmaps/x")
        #expect(read.status == 404)
        await server.stop()
    }

    @Test func dryRunValidatesAndStoresNothing() async throws {
        try await withServer { s in
            let created = try await s.request(
                "POST", "/api/v1/namespaces/default/configmaps?dryRun=All", body: configMap("dry", data: ["a": "b"]))
            #expect(created.status == 201)
            #expect(created.json?[path: ["data", "a"]] == "b")
            #expect(try await s.request("GET", "/api/v1/namespaces/default/configmaps/dry").status == 404)
            let invalid = try await s.request(
                "POST", "/api/v1/namespaces/default/configmaps?dryRun=All", body: configMap("Bad_Name"))
            #expect(invalid.status == 422)
            _ = try await s.request(
                "POST", "/api/v1/namespaces/default/configmaps", body: configMap("real", data: ["a": "b"]))
            let patched = try await s.request(
                "PATCH", "/api/v1/namespaces/default/configmaps/real?dryRun=All", body: ["data": ["a": "c"]],
                contentType: "application/merge-patch+json")
            #expect(patched.json?[path: ["data", "a"]] == "c")
            let deleted = try await s.request("DELETE", "/api/v1/namespaces/default/configmaps/real?dryRun=All")
            #expect(deleted.status == 200)
            let still = try await s.request("GET", "/api/v1/namespaces/default/configmaps/real")
            #expect(still.json?[path: ["data", "a"]] == "b")
        }
    }

    @Test func deleteCollectionHonoursSelectors() async throws {
        try await withServer { s in
            for (name, tier) in [("a", "web"), ("b", "web"), ("c", "db")] {
                _ = try await s.request(
                    "POST", "/api/v1/namespaces/default/configmaps", body: configMap(name, labels: ["tier": tier]))
            }
            let reply = try await s.request("DELETE", "/api/v1/namespaces/default/configmaps?labelSelector=tier%3Dweb")
            #expect(reply.status == 200)
            #expect(reply.json?["items"]?.arrayValue?.count == 2)
            let left = try await s.request("GET", "/api/v1/namespaces/default/configmaps")
            #expect(
                left.json?["items"]?.arrayValue?.compactMap { $0[path: ["metadata", "name"]]?.stringValue } == ["c"])
        }
    }

    @Test func podsOnANodeAreDeletedGracefully() async throws {
        try await withServer { s in
            let pod: JSONValue = [
                "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p"],
                "spec": ["nodeName": "node-1", "containers": [["name": "c", "image": "nginx"]]],
            ]
            _ = try await s.request("POST", "/api/v1/namespaces/default/pods", body: pod)
            let deleting = try await s.request("DELETE", "/api/v1/namespaces/default/pods/p")
            #expect(deleting.json?[path: ["metadata", "deletionGracePeriodSeconds"]] == 30)
            #expect(try await s.request("GET", "/api/v1/namespaces/default/pods/p").status == 200)
            // A pod never scheduled goes at once.
            var unscheduled = pod
            unscheduled[path: ["metadata", "name"]] = "q"
            unscheduled[path: ["spec", "nodeName"]] = nil
            _ = try await s.request("POST", "/api/v1/namespaces/default/pods", body: unscheduled)
            _ = try await s.request("DELETE", "/api/v1/namespaces/default/pods/q")
            #expect(try await s.request("GET", "/api/v1/namespaces/default/pods/q").status == 404)
        }
    }
}
