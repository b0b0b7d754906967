import SwiftletAPI
import SwiftletTesting
import Testing

/// A WebApp CRD: namespaced, a v1 storage version with a schema, status and
/// scale subresources and printer columns, and optionally a deprecated
/// v1beta1.
func webAppCRD(withBeta: Bool = false, plural: String = "webapps", kind: String = "WebApp") -> JSONValue {
    let schema: JSONValue = [
        "type": "object",
        "properties": [
            "spec": [
                "type": "object", "required": ["image"],
                "properties": [
                    "image": ["type": "string", "minLength": 1],
                    "replicas": ["type": "integer", "minimum": 0, "maximum": 10, "default": 1],
                    "selector": ["type": "string"],
                ],
            ],
            "status": [
                "type": "object",
                "properties": ["readyReplicas": ["type": "integer"], "selector": ["type": "string"]],
            ],
        ],
    ]
    var versions: [JSONValue] = [
        [
            "name": "v1", "served": true, "storage": true, "schema": ["openAPIV3Schema": schema],
            "subresources": [
                "status": [:],
                "scale": [
                    "specReplicasPath": ".spec.replicas", "statusReplicasPath": ".status.readyReplicas",
                    "labelSelectorPath": ".status.selector",
                ],
            ],
            "additionalPrinterColumns": [
                ["name": "Image", "type": "string", "jsonPath": ".spec.image"],
                ["name": "Replicas", "type": "integer", "jsonPath": ".spec.replicas"],
                ["name": "Ready", "type": "integer", "jsonPath": ".status.readyReplicas", "priority": 1],
            ],
        ]
    ]
    if withBeta {
        versions.append([
            "name": "v1beta1", "served": true, "storage": false, "deprecated": true,
            "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]],
        ])
    }
    return [
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": ["name": .string("\(plural).example.com")],
        "spec": [
            "group": "example.com", "scope": "Namespaced",
            "names": [
                "plural": .string(plural), "singular": .string(kind.lowercased()), "kind": .string(kind),
                "shortNames": ["wa"], "categories": ["all"],
            ],
            "versions": .array(versions),
        ],
    ]
}

func webApp(_ name: String, image: String = "nginx:1.27", extra: JSONObject = [:]) -> JSONValue {
    var spec: JSONObject = ["image": .string(image)]
    for (k, v) in extra { spec[k] = v }
    return [
        "apiVersion": "example.com/v1", "kind": "WebApp", "metadata": ["name": .string(name)], "spec": .object(spec),
    ]
}

let webApps = "/apis/example.com/v1/namespaces/default/webapps"

@Suite("API server custom resources")
struct CustomResourceTests {
    @Test func crdIsServedAtOnceWithConditionsAndDiscovery() async throws {
        try await withServer { s in
            let before = try await s.request("GET", "/openapi/v3")
            #expect(try await s.request("GET", webApps).status == 404)
            let created = try await s.request(
                "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", body: webAppCRD())
            #expect(created.status == 201)
            // Served at once: no wait between the CRD and its first object.
            let first = try await s.request("POST", webApps, body: webApp("shop"))
            #expect(first.status == 201, "\(first.text)")

            let crd = try await s.request(
                "GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/webapps.example.com")
            let conditions = crd.json?[path: ["status", "conditions"]]?.arrayValue ?? []
            let byType = Dictionary(uniqueKeysWithValues: conditions.map { ($0["type"]?.stringValue ?? "", $0) })
            #expect(byType["NamesAccepted"]?["status"] == "True")
            #expect(byType["NamesAccepted"]?["reason"] == "NoConflicts")
            #expect(byType["Established"]?["status"] == "True")
            #expect(crd.json?[path: ["status", "acceptedNames", "kind"]] == "WebApp")
            #expect(crd.json?[path: ["status", "acceptedNames", "listKind"]] == "WebAppList")
            #expect(crd.json?[path: ["status", "storedVersions"]] == ["v1"])

            let legacy = try await s.request("GET", "/apis/example.com/v1")
            let names = (legacy.json?["resources"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            #expect(names == ["webapps", "webapps/scale", "webapps/status"])
            let groups = try await s.request("GET", "/apis")
            #expect(
                (groups.json?["groups"]?.arrayValue ?? []).contains { $0["name"] == "example.com" })
            let aggregated = try await s.request(
                "GET", "/apis",
                headers: [("Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")])
            let group = (aggregated.json?["items"]?.arrayValue ?? []).first {
                $0[path: ["metadata", "name"]] == "example.com"
            }
            let resource = group?["versions"]?.arrayValue?.first?["resources"]?.arrayValue?.first
            #expect(resource?["resource"] == "webapps")
            #expect(resource?["shortNames"] == ["wa"])
            #expect(resource?["categories"] == ["all"])

            let after = try await s.request("GET", "/openapi/v3")
            #expect(before.json?[path: ["paths", "apis/example.com/v1"]] == nil)
            let url = after.json?[path: ["paths", "apis/example.com/v1", "serverRelativeURL"]]?.stringValue ?? ""
            #expect(url.hasPrefix("/openapi/v3/apis/example.com/v1?hash="))
            let document = try await s.request("GET", url)
            #expect(
                document.json?[path: [
                    "components", "schemas", "com.example.v1.WebApp", "properties", "spec", "required",
                ]] == ["image"])
        }
    }

    @Test func objectsAreValidatedPrunedAndDefaulted() async throws {
        try await withServer { s in
            _ = try await s.request(
                "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", body: webAppCRD())
            let invalid = try await s.request(
                "POST", webApps, body: webApp("bad", image: "", extra: ["replicas": 20]))
            #expect(invalid.status == 422)
            #expect(
                invalid.json?["message"]
                    == #"WebApp.example.com "bad" is invalid: [spec.image: Invalid value: "": spec.image in body should be at least 1 chars long, spec.replicas: Invalid value: 20: spec.replicas in body should be less than or equal to 10]"#
            )
            #expect(try await s.request("GET", webApps + "/bad").status == 404)

            let missing = try await s.request(
                "POST", webApps,
                body: ["apiVersion": "example.com/v1", "kind": "WebApp", "metadata": ["name": "m"], "spec": [:]])
            #expect(missing.status == 422)
            #expect((missing.json?[path: ["details", "causes"]]?.arrayValue ?? []).first?["field"] == "spec.image")

            let strict = try await s.request(
                "POST", webApps + "?fieldValidation=Strict", body: webApp("s", extra: ["bogus": 1]))
            #expect(strict.status == 400)
            #expect(
                strict.json?["message"]
                    == #"WebApp in version "v1" cannot be handled as a WebApp: strict decoding error: unknown field "spec.bogus""#
            )

            let warned = try await s.request("POST", webApps, body: webApp("shop", extra: ["bogus": 1]))
            #expect(warned.status == 201)
            #expect(
                warned.headers["Warning"].first?.contains(#"unknown field \"spec.bogus\""#) == true
                    || warned.headers["Warning"].first?.contains("unknown field") == true)
            #expect(warned.json?[path: ["spec", "bogus"]] == nil)
            #expect(warned.json?[path: ["spec", "replicas"]] == 1)  // defaulted
            #expect(warned.json?[path: ["metadata", "generation"]] == 1)
            // Status is written through /status only.
            let sneaky = try await s.request(
                "PATCH", webApps + "/shop", body: ["status": ["readyReplicas": 5], "spec": ["replicas": 2]],
                contentType: "application/merge-patch+json")
            #expect(sneaky.json?[path: ["status", "readyReplicas"]] == nil)
            #expect(sneaky.json?[path: ["metadata", "generation"]] == 2)
            let status = try await s.request(
                "PATCH", webApps + "/shop/status", body: ["status": ["readyReplicas": 2], "spec": ["replicas": 9]],
                contentType: "application/merge-patch+json")
            #expect(status.json?[path: ["status", "readyReplicas"]] == 2)
            #expect(status.json?[path: ["spec", "replicas"]] == 2)
            #expect(status.json?[path: ["metadata", "generation"]] == 2)

            let smp = try await s.request(
                "PATCH", webApps + "/shop", body: ["spec": ["replicas": 3]],
                contentType: "application/strategic-merge-patch+json")
            #expect(smp.status == 415)
            #expect(
                smp.json?["message"]
                    == "the body of the request was in an unknown format - accepted media types include: application/apply-patch+yaml, application/json-patch+json, application/merge-patch+json"
            )
            let jsonPatch = try await s.request(
                "PATCH", webApps + "/shop", body: [["op": "replace", "path": "/spec/replicas", "value": 4]],
                contentType: "application/json-patch+json")
            #expect(jsonPatch.json?[path: ["spec", "replicas"]] == 4)
            let badPatch = try await s.request(
                "PATCH", webApps + "/shop", body: ["spec": ["replicas": "x"]],
                contentType: "application/merge-patch+json")
            #expect(badPatch.status == 422)
        }
    }

    @Test func scaleAndTableFollowTheDefinition() async throws {
        try await withServer { s in
            _ = try await s.request(
                "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", body: webAppCRD())
            _ = try await s.request("POST", webApps, body: webApp("shop", extra: ["replicas": 2]))
            _ = try await s.request(
                "PATCH", webApps + "/shop/status", body: ["status": ["readyReplicas": 1, "selector": "app=shop"]],
                contentType: "application/merge-patch+json")
            let scale = try await s.request("GET", webApps + "/shop/scale")
            #expect(scale.json?["kind"] == "Scale")
            #expect(scale.json?["apiVersion"] == "autoscaling/v1")
            #expect(scale.json?[path: ["spec", "replicas"]] == 2)
            #expect(scale.json?[path: ["status", "replicas"]] == 1)
            #expect(scale.json?[path: ["status", "selector"]] == "app=shop")
            let scaled = try await s.request(
                "PATCH", webApps + "/shop/scale", body: ["spec": ["replicas": 5]],
                contentType: "application/merge-patch+json")
            #expect(scaled.json?[path: ["spec", "replicas"]] == 5)
            #expect(try await s.request("GET", webApps + "/shop").json?[path: ["spec", "replicas"]] == 5)

            let table = try await s.request(
                "GET", webApps, headers: [("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io")])
            let columns = (table.json?["columnDefinitions"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            #expect(columns == ["Name", "Image", "Replicas", "Ready"])
            #expect(table.json?["columnDefinitions"]?.arrayValue?.last?["priority"] == 1)
            #expect(table.json?["rows"]?.arrayValue?.first?["cells"] == ["shop", "nginx:1.27", 5, 1])
        }
    }

    @Test func versionsShareStorageAndDeprecatedOnesWarn() async throws {
        try await withServer { s in
            _ = try await s.request(
                "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", body: webAppCRD(withBeta: true))
            _ = try await s.request("POST", webApps, body: webApp("shop"))
            let beta = try await s.request("GET", "/apis/example.com/v1beta1/namespaces/default/webapps/shop")
            #expect(beta.json?["apiVersion"] == "example.com/v1beta1")
            #expect(beta.headers["Warning"].first?.contains("example.com/v1beta1 WebApp is deprecated") == true)
            let v1 = try await s.request("GET", webApps + "/shop")
            #expect(v1.headers["Warning"].isEmpty)
            var viaBeta = webApp("other")
            viaBeta["apiVersion"] = "example.com/v1beta1"
            let created = try await s.request(
                "POST", "/apis/example.com/v1beta1/namespaces/default/webapps", body: viaBeta)
            #expect(created.status == 201)
            let list = try await s.request("GET", webApps)
            #expect(
                (list.json?["items"]?.arrayValue ?? []).map { $0["apiVersion"] } == [
                    "example.com/v1", "example.com/v1",
                ])
            let group = try await s.request("GET", "/apis/example.com")
            #expect(group.json?[path: ["preferredVersion", "version"]] == "v1")
        }
    }

    @Test func deletingTheDefinitionRemovesItsObjectsFirst() async throws {
        try await withServer { s in
            let crds = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions"
            _ = try await s.request("POST", crds, body: webAppCRD())
            _ = try await s.request("POST", webApps, body: webApp("plain"))
            var held = webApp("held")
            held["metadata"] = ["name": "held", "finalizers": ["example.com/hold"]]
            _ = try await s.request("POST", webApps, body: held)

            let deleted = try await s.request("DELETE", crds + "/webapps.example.com")
            #expect(deleted.status == 200)
            // The finalizer of one object keeps the CRD (and the endpoint) until it goes.
            let crd = try await s.request("GET", crds + "/webapps.example.com")
            #expect(crd.json?[path: ["metadata", "finalizers"]] == ["customresourcecleanup.apiextensions.k8s.io"])
            let terminating = (crd.json?[path: ["status", "conditions"]]?.arrayValue ?? []).first {
                $0["type"] == "Terminating"
            }
            #expect(terminating?["status"] == "True")
            #expect(try await s.request("GET", webApps + "/plain").status == 404)
            #expect(
                try await s.request("GET", webApps + "/held").json?[path: ["metadata", "deletionTimestamp"]] != nil)
            let refused = try await s.request("POST", webApps, body: webApp("late"))
            #expect(refused.status == 405)
            #expect(refused.json?["message"] == "create not allowed while custom resource definition is terminating")

            _ = try await s.request(
                "PATCH", webApps + "/held", body: ["metadata": ["finalizers": .null]],
                contentType: "application/merge-patch+json")
            // The controller notices and finishes within a pass or two.
            var gone = false
            for _ in 0..<50 where !gone {
                gone = try await s.request("GET", crds + "/webapps.example.com").status == 404
                if !gone { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(gone)
            #expect(try await s.request("GET", webApps).status == 404)
            #expect(try await s.request("GET", "/apis/example.com/v1").status == 404)
        }
    }

    @Test func conflictingNamesAreReportedInConditions() async throws {
        try await withServer { s in
            let crds = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions"
            _ = try await s.request("POST", crds, body: webAppCRD())
            // Another plural, but the same singular, short name and kind in the same group.
            let rival = try await s.request("POST", crds, body: webAppCRD(plural: "webapplications"))
            #expect(rival.status == 201)
            let got = try await s.request("GET", crds + "/webapplications.example.com")
            let conditions = got.json?[path: ["status", "conditions"]]?.arrayValue ?? []
            let accepted = conditions.first { $0["type"] == "NamesAccepted" }
            #expect(accepted?["status"] == "False")
            #expect(accepted?["reason"] == "SingularConflict")
            #expect(accepted?["message"] == #""webapp" is already in use"#)
            #expect(conditions.first { $0["type"] == "Established" }?["status"] == "False")
            #expect(try await s.request("GET", "/apis/example.com/v1/namespaces/default/webapplications").status == 404)
        }
    }

    @Test func invalidDefinitionsAreRejected() async throws {
        try await withServer { s in
            let crds = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions"
            var crd = webAppCRD()
            crd[path: ["spec", "versions"]] = [
                [
                    "name": "v1", "served": true, "storage": true,
                    "schema": ["openAPIV3Schema": ["properties": ["spec": ["type": "object"]]]],
                ]
            ]
            let nonStructural = try await s.request("POST", crds, body: crd)
            #expect(nonStructural.status == 422)
            #expect(nonStructural.text.contains("must not be empty at the root"))
            #expect(try await s.request("GET", crds + "/webapps.example.com").status == 404)

            var cel = webAppCRD()
            cel[path: ["spec", "versions"]] = [
                [
                    "name": "v1", "served": true, "storage": true,
                    "schema": [
                        "openAPIV3Schema": ["type": "object", "x-kubernetes-validations": [["rule": "has(self.spec)"]]]
                    ],
                ]
            ]
            let warned = try await s.request("POST", crds, body: cel)
            #expect(warned.status == 201)
            #expect(warned.headers["Warning"].joined().contains("x-kubernetes-validations"))
        }
    }
}
