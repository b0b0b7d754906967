import SwiftletAPI
import SwiftletTesting
import Testing

@Suite("API server server-side apply")
struct ServerSideApplyTests {
    static let applyType = "application/apply-patch+yaml"
    /// Bytes that matter to YAML, for the fuzz test.
    static let yamlBytes = Array(":-[]{}&*!|>#'\"\t\n ?,%@`".utf8)
    static let configMaps = "/api/v1/namespaces/default/configmaps"

    func managers(_ object: JSONValue?) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for entry in object?[path: ["metadata", "managedFields"]]?.arrayValue ?? [] {
            let key = "\(entry["manager"]?.stringValue ?? "")/\(entry["operation"]?.stringValue ?? "")"
            out[key] = entry["fieldsV1"]
        }
        return out
    }

    @Test func applyCreatesFromYAMLThenUpdatesAndRemovesWhatItDropped() async throws {
        try await withServer { s in
            let yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: app
                  labels: {team: a}
                data:
                  key: one
                  other: two
                """
            let created = try await s.request(
                "PATCH", Self.configMaps + "/app?fieldManager=ci", rawBody: Array(yaml.utf8),
                contentType: Self.applyType)
            #expect(created.status == 201, "\(created.text)")
            #expect(created.json?["data"] == ["key": "one", "other": "two"])
            #expect(
                managers(created.json)["ci/Apply"]
                    == (try JSONParser.parse(
                        #"{"f:data":{"f:key":{},"f:other":{}},"f:metadata":{"f:labels":{"f:team":{}}}}"#)))

            let second = try await s.request(
                "PATCH", Self.configMaps + "/app?fieldManager=ci",
                body: ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "app"], "data": ["key": "two"]],
                contentType: Self.applyType)
            #expect(second.status == 200, "\(second.text)")
            #expect(second.json?["data"] == ["key": "two"])
            #expect(second.json?[path: ["metadata", "labels"]] == nil)
            let stored = try await s.request("GET", Self.configMaps + "/app")
            #expect(stored.json?["data"] == ["key": "two"])
        }
    }

    @Test func conflictsAre409WithCausesAndForceTakesOwnership() async throws {
        try await withServer { s in
            let created = try await s.request(
                "POST", Self.configMaps + "?fieldManager=editor",
                body: ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"], "data": ["a": "1"]])
            #expect(created.status == 201)
            #expect(managers(created.json)["editor/Update"] != nil)
            let applied: JSONValue = [
                "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"], "data": ["a": "2"],
            ]
            let conflict = try await s.request(
                "PATCH", Self.configMaps + "/c?fieldManager=ci", body: applied, contentType: Self.applyType)
            #expect(conflict.status == 409)
            #expect(conflict.json?["reason"] == "Conflict")
            #expect(
                conflict.json?["message"]
                    == #"Apply failed with 1 conflict: conflict with "editor" using v1: .data.a"#)
            let cause = conflict.json?[path: ["details", "causes"]]?.arrayValue?.first
            #expect(cause?["reason"] == "FieldManagerConflict")
            #expect(cause?["field"] == ".data.a")
            #expect(try await s.request("GET", Self.configMaps + "/c").json?["data"] == ["a": "1"])

            let forced = try await s.request(
                "PATCH", Self.configMaps + "/c?fieldManager=ci&force=true", body: applied,
                contentType: Self.applyType)
            #expect(forced.status == 200, "\(forced.text)")
            #expect(forced.json?["data"] == ["a": "2"])
            let owners = managers(forced.json)
            #expect(owners["ci/Apply"] == (try JSONParser.parse(#"{"f:data":{"f:a":{}}}"#)))
            // The editor keeps only the map it made, not the field.
            #expect(owners["editor/Update"] == (try JSONParser.parse(#"{"f:data":{}}"#)))
        }
    }

    @Test func dryRunAppliesNothingAndOptionsAreChecked() async throws {
        try await withServer { s in
            let applied: JSONValue = [
                "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "dry"], "data": ["a": "1"],
            ]
            let dry = try await s.request(
                "PATCH", Self.configMaps + "/dry?fieldManager=ci&dryRun=All", body: applied,
                contentType: Self.applyType)
            #expect(dry.status == 201, "\(dry.text)")
            #expect(try await s.request("GET", Self.configMaps + "/dry").status == 404)

            let noManager = try await s.request(
                "PATCH", Self.configMaps + "/dry", body: applied, contentType: Self.applyType)
            #expect(noManager.status == 422)
            #expect(noManager.json?[path: ["details", "causes"]]?.arrayValue?.first?["field"] == "fieldManager")
            let renamed = try await s.request(
                "PATCH", Self.configMaps + "/other?fieldManager=ci", body: applied, contentType: Self.applyType)
            #expect(renamed.status == 400)
            let duplicate = try await s.request(
                "PATCH", "/api/v1/namespaces/default/pods/p?fieldManager=ci",
                body: [
                    "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p"],
                    "spec": ["containers": [["name": "a", "image": "x"], ["name": "a", "image": "y"]]],
                ], contentType: Self.applyType)
            #expect(duplicate.status == 422, "\(duplicate.text)")
            #expect(try await s.request("GET", "/api/v1/namespaces/default/pods/p").status == 404)
        }
    }

    @Test func hostileYAMLIsRefusedAndStoresNothing() async throws {
        try await withServer { s in
            var laughs =
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
            for i in 1..<9 {
                laughs += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
            }
            let deep =
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata: " + String(repeating: "[", count: 500)
                + String(repeating: "]", count: 500) + "\n"
            let bodies = [
                laughs, deep, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\nmetadata: {name: again}\n",
                "{not yaml: [", "- a\n- b\n",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\nn: 99999999999999999999999\ndata: {a: .inf}\n",
            ]
            for body in bodies {
                let reply = try await s.request(
                    "PATCH", Self.configMaps + "/lol?fieldManager=ci", rawBody: Array(body.utf8),
                    contentType: Self.applyType)
                #expect((400..<500).contains(reply.status), "\(body.prefix(60)): \(reply.status) \(reply.text)")
                #expect(reply.json?["kind"] == "Status")
            }
            var invalidUTF8 = Array("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata: {a: \"".utf8)
            invalidUTF8 += [0xff, 0xfe, 0x22, 0x7d, 0x0a]
            let reply = try await s.request(
                "PATCH", Self.configMaps + "/lol?fieldManager=ci", rawBody: invalidUTF8, contentType: Self.applyType)
            #expect(reply.status == 400)
            #expect(try await s.request("GET", Self.configMaps + "/lol").status == 404)
        }
    }

    /// Seeded damage to a YAML apply body, sent to a running server: no
    /// answer is a 5xx, and the server keeps answering.
    @Test func damagedYAMLAppliesNeverFailTheServer() async throws {
        try await withServer { s in
            let yaml = Array(
                """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: fuzz
                  labels: {a: b, "c": 'd'}
                  annotations:
                    note: |
                      multi
                      line
                data:
                  k: v
                  list: "[1, 2]"
                  anchor: &x text
                  alias: *x
                """.utf8)
            var state: UInt64 = 20_261_206
            func next() -> Int {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Int(truncatingIfNeeded: state >> 33)
            }
            var codes: [Int: Int] = [:]
            for _ in 0..<300 {
                var body = yaml
                for _ in 0...(next() % 4) {
                    let at = next() % body.count
                    switch next() % 3 {
                    case 0: body[at] = Self.yamlBytes[next() % Self.yamlBytes.count]
                    case 1: body.remove(at: at)
                    default: body.insert(contentsOf: body[at..<min(body.count, at + 12)], at: at)
                    }
                }
                let reply = try await s.request(
                    "PATCH", Self.configMaps + "/fuzz?fieldManager=fuzz", rawBody: body, contentType: Self.applyType)
                codes[reply.status, default: 0] += 1
                #expect(reply.status < 500, "\(String(decoding: body, as: UTF8.self)): \(reply.text)")
            }
            print("YAML apply fuzz: status codes \(codes.sorted { $0.key < $1.key })")
            #expect(try await s.request("GET", "/healthz").text == "ok")
        }
    }

    @Test func writesRecordTheirManagerFromTheParameterOrUserAgent() async throws {
        try await withServer { s in
            let created = try await s.request(
                "POST", Self.configMaps,
                body: ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "ua"], "data": ["a": "1"]],
                headers: [("User-Agent", "my-tool/1.2 (linux/amd64)")])
            #expect(
                managers(created.json)["my-tool/Update"] == (try JSONParser.parse(#"{"f:data":{".":{},"f:a":{}}}"#)))
            let patched = try await s.request(
                "PATCH", Self.configMaps + "/ua?fieldManager=patcher", body: ["data": ["b": "2"]],
                contentType: "application/merge-patch+json")
            #expect(managers(patched.json)["patcher/Update"] == (try JSONParser.parse(#"{"f:data":{"f:b":{}}}"#)))
            #expect(managers(patched.json)["my-tool/Update"] != nil)
        }
    }

    @Test func customResourcesApplyWithTheirSchemaAndStatusApartFromSpec() async throws {
        try await withServer { s in
            #expect(
                try await s.request(
                    "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", body: webAppCRD()
                )
                .status == 201)
            let applied = try await s.request(
                "PATCH", webApps + "/shop?fieldManager=ci", body: webApp("shop", extra: ["replicas": 2]),
                contentType: Self.applyType)
            #expect(applied.status == 201, "\(applied.text)")
            #expect(
                managers(applied.json)["ci/Apply"]
                    == (try JSONParser.parse(#"{"f:spec":{"f:image":{},"f:replicas":{}}}"#)))
            let status = try await s.request(
                "PATCH", webApps + "/shop/status?fieldManager=controller",
                body: [
                    "apiVersion": "example.com/v1", "kind": "WebApp", "metadata": ["name": "shop"],
                    "status": ["readyReplicas": 2],
                ], contentType: Self.applyType)
            #expect(status.status == 200, "\(status.text)")
            #expect(status.json?[path: ["status", "readyReplicas"]] == 2)
            #expect(status.json?[path: ["spec", "replicas"]] == 2)
            let entry = status.json?[path: ["metadata", "managedFields"]]?.arrayValue?.first {
                $0["manager"] == "controller"
            }
            #expect(entry?["subresource"] == "status")
            #expect(entry?["fieldsV1"] == (try JSONParser.parse(#"{"f:status":{"f:readyReplicas":{}}}"#)))
        }
    }
}
