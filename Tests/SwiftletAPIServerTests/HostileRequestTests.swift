import Foundation
import SwiftletAPI
import SwiftletTesting
import Testing

/// A corpus of malformed and hostile requests against a running server:
/// each gets a 4xx `Status`, none a 5xx, and the store does not change.
@Suite struct HostileRequestTests {
    struct Probe {
        var method: String
        var path: String
        var body: [UInt8]?
        var contentType = "application/json"
    }

    static func corpus() -> [Probe] {
        var probes: [Probe] = []
        let cm = "/api/v1/namespaces/default/configmaps"
        let bodies: [String] = [
            "", "{", "}", "[]", "null", "true", "42", "\"string\"", "{\"kind\":1}", "{\"apiVersion\":[]}",
            #"{"kind":"ConfigMap","apiVersion":"v1"}"#,
            #"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"UPPER"}}"#,
            #"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"x"},"data":{"k":1}}"#,
            #"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"x","labels":{"bad key!":"v"}}}"#,
            #"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"x","generation":1e999}}"#,
            #"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"x","generation":99999999999999999999}}"#,
            #"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"x","generation":"1"}}"#,
            #"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"x"},"data":{"k":-1.5e20}}"#,
            #"{"kind":"Secret","apiVersion":"v1","metadata":{"name":"x"}}"#,
            #"{"kind":"ConfigMap","apiVersion":"v2","metadata":{"name":"x"}}"#,
            #"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"x"},"data":"#,
            #"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"\#(String(repeating: "a", count: 300))"}}"#,
            #"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"x","annotations":{"a":"\#(String(repeating: "v", count: 300_000))"}}}"#,
            String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000),
            String(repeating: "{\"a\":", count: 5000) + "1" + String(repeating: "}", count: 5000),
        ]
        for body in bodies {
            probes.append(Probe(method: "POST", path: cm, body: Array(body.utf8)))
            probes.append(Probe(method: "PUT", path: cm + "/existing", body: Array(body.utf8)))
        }
        // Duplicate and unknown fields fail under Strict (kubectl's default).
        for body in [
            #"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a","name":"b"}}"#,
            #"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a"},"spec":{}}"#,
        ] {
            probes.append(Probe(method: "POST", path: cm + "?fieldValidation=Strict", body: Array(body.utf8)))
        }
        // Invalid UTF-8 and binary noise.
        probes.append(Probe(method: "POST", path: cm, body: [0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]))
        probes.append(Probe(method: "POST", path: cm, body: (0..<512).map { UInt8(truncatingIfNeeded: $0 &* 7919) }))
        // Protobuf that is not.
        for raw in [
            [UInt8](), [0x6b, 0x38, 0x73, 0x00], [0x6b, 0x38, 0x73, 0x00, 0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f],
        ] {
            probes.append(
                Probe(method: "POST", path: cm, body: raw, contentType: "application/vnd.kubernetes.protobuf"))
        }
        // Unknown and mismatched media types.
        probes.append(Probe(method: "POST", path: cm, body: Array("{}".utf8), contentType: "text/plain"))
        probes.append(Probe(method: "POST", path: cm, body: Array("a: b".utf8), contentType: "application/yaml"))
        // Patches of every type, malformed.
        let patchTypes = [
            "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json",
            "application/apply-patch+yaml", "application/x-unknown",
        ]
        let patchBodies = [
            "", "{", "[", #"[{"op":"explode","path":"/data"}]"#, #"[{"op":"add","path":"/data/x/y","value":1}]"#,
            #"[{"op":"remove","path":"/metadata/name"}]"#, #"[{"op":"replace","path":"/metadata/uid","value":"x"}]"#,
            #"[{"op":"test","path":"/data/k","value":"nope"}]"#, #"{"metadata":{"name":"renamed"}}"#,
            #"{"metadata":{"labels":{"bad key!":"v"}}}"#, "42",
        ]
        for type in patchTypes {
            for body in patchBodies {
                probes.append(Probe(method: "PATCH", path: cm + "/existing", body: Array(body.utf8), contentType: type))
            }
        }
        // Server-side apply with a manager, so the body is read: malformed
        // YAML and JSON, aliases that expand without end, nesting, numbers
        // out of range, objects that name another object or no kind.
        var laughs = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: existing}\na0: &a0 [x, x, x, x, x, x, x, x]\n"
        for i in 1..<9 {
            laughs += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 8).joined(separator: ", ") + "]\n"
        }
        let applyBodies =
            patchBodies + [
                laughs, "data: " + String(repeating: "{a: ", count: 300) + String(repeating: "}", count: 300),
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: existing}\ndata: {a: 1e999}\n",
                "apiVersion: v1\nkind: Secret\nmetadata: {name: existing}\n",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: existing, managedFields: [{}]}\n",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: existing}\ndata: [1, 2]\n", "\t- :\n",
            ]
        for body in applyBodies {
            probes.append(
                Probe(
                    method: "PATCH", path: cm + "/existing?fieldManager=hostile", body: Array(body.utf8),
                    contentType: "application/apply-patch+yaml"))
        }
        // Query strings of lists, watches and deletes.
        let listQueries = [
            "labelSelector=a%20in%20(", "labelSelector=!!!", "labelSelector=a%3D%3Db%3D", "fieldSelector=spec.x%3Dy",
            "fieldSelector=metadata.name%3D%3D%3D", "limit=abc", "limit=99999999999999999999", "continue=garbage",
            "continue=eyJ2IjoxfQ", "resourceVersion=abc", "resourceVersionMatch=Sometimes",
            "resourceVersion=0&resourceVersionMatch=Exact", "timeoutSeconds=x", "watch=maybe&timeoutSeconds=1",
            "watch=true&resourceVersion=abc", "watch=true&timeoutSeconds=x",
        ]
        for q in listQueries { probes.append(Probe(method: "GET", path: cm + "?" + q)) }
        for q in ["propagationPolicy=Nope", "gracePeriodSeconds=x", "dryRun=Sometimes"] {
            probes.append(Probe(method: "DELETE", path: cm + "/existing?" + q))
        }
        // Paths and names.
        for path in [
            "/api/v1/namespaces/default/configmaps/%00", "/api/v1/namespaces/default/nothings",
            "/api/v1/namespaces/default/configmaps/existing/nope", "/apis/nope/v1/things", "/api/v9/pods",
            "/api/v1/namespaces/default/pods/missing/exec?command=sh", "/api/v1/namespaces/default/pods/missing/log",
            "/api/v1/namespaces/default/serviceaccounts/missing/token",
        ] {
            probes.append(Probe(method: "GET", path: path))
            probes.append(Probe(method: "POST", path: path, body: Array("{}".utf8)))
        }
        // Creating in a namespace that is not a name, or does not exist.
        for namespace in ["UPPER", String(repeating: "n", count: 5000), "missing"] {
            probes.append(
                Probe(
                    method: "POST", path: "/api/v1/namespaces/\(namespace)/configmaps",
                    body: Array(#"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"x"}}"#.utf8)))
        }
        // Deletes with malformed options.
        for body in ["{", #"{"kind":"DeleteOptions","preconditions":{"uid":"wrong"}}"#, #"{"gracePeriodSeconds":"x"}"#]
        {
            probes.append(Probe(method: "DELETE", path: cm + "/existing", body: Array(body.utf8)))
        }
        return probes
    }

    @Test func hostileCorpusGetsStatusErrorsAndChangesNothing() async throws {
        try await withServer { s in
            #expect(
                try await s.request(
                    "POST", "/api/v1/namespaces/default/configmaps",
                    body: configMap(
                        "existing",
                        data: ["k": "v"])
                ).status == 201)
            let before = try await s.storage.currentRevision()
            let corpus = Self.corpus()
            var statuses: [Int: Int] = [:]
            for probe in corpus {
                let reply = try await s.request(
                    probe.method, probe.path, rawBody: probe.body, contentType: probe.contentType)
                statuses[reply.status, default: 0] += 1
                #expect(
                    (400..<500).contains(reply.status),
                    """
                    \(probe.method) \(probe.path.prefix(120)) [\(probe.contentType)] \
                    \(String(decoding: (probe.body ?? []).prefix(100), as: UTF8.self)) -> \(reply.status)
                    """
                )
                if reply.status != 405, reply.status != 404 || reply.json != nil {
                    #expect(
                        reply.json?["kind"] == "Status",
                        "\(probe.method) \(probe.path.prefix(80)): \(reply.text.prefix(200))")
                }
            }
            print("hostile corpus: \(corpus.count) requests, status codes \(statuses.sorted { $0.key < $1.key })")
            // Nothing was written, and the object is as it was.
            #expect(try await s.storage.currentRevision() == before)
            let existing = try await s.request("GET", "/api/v1/namespaces/default/configmaps/existing")
            #expect(existing.json?[path: ["data", "k"]] == "v")
            #expect(try await s.request("GET", "/healthz").text == "ok")
        }
    }

    /// Seeded damage to list and delete-collection query strings: whatever
    /// the server makes of them, it never answers a 5xx and keeps serving.
    @Test func damagedQueryStringsNeverFailTheServer() async throws {
        try await withServer { s in
            let cm = "/api/v1/namespaces/default/configmaps"
            #expect(try await s.request("POST", cm, body: configMap("kept", data: ["k": "v"])).status == 201)
            let queries = [
                "labelSelector=app%3Dweb,tier%20in%20(a,b)&fieldSelector=metadata.name%3Dx&limit=5&resourceVersion=0",
                "limit=2&continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ&resourceVersionMatch=NotOlderThan&resourceVersion=1",
                "dryRun=All&gracePeriodSeconds=0&propagationPolicy=Foreground&labelSelector=a%21%3Db",
            ]
            let alphabet = Array("=&%,()!~-_.0123456789abcxyzAZ ;+#?/".utf8)
            var state: UInt64 = 17
            func next() -> Int {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Int(truncatingIfNeeded: state >> 33)
            }
            var codes: [Int: Int] = [:]
            for i in 0..<400 {
                var query = Array(queries[i % queries.count].utf8)
                for _ in 0...(next() % 4) {
                    let at = next() % query.count
                    switch next() % 3 {
                    case 0: query[at] = alphabet[next() % alphabet.count]
                    case 1: query.remove(at: at)
                    default: query.insert(contentsOf: query[at..<min(query.count, at + 8)], at: at)
                    }
                }
                // Spaces, '#' and '+' in a URL: encode them so the request is sent.
                let text = String(decoding: query, as: UTF8.self).replacingOccurrences(of: " ", with: "%20")
                    .replacingOccurrences(of: "#", with: "%23")
                // A damaged query must not start a watch that outlives the test.
                if text.lowercased().contains("watch") { continue }
                let isDelete = i % queries.count == 2
                let reply = try await s.request(isDelete ? "DELETE" : "GET", cm + "?" + text)
                codes[reply.status, default: 0] += 1
                #expect(reply.status < 500, "\(text): \(reply.status) \(reply.text)")
            }
            print("query fuzz: status codes \(codes.sorted { $0.key < $1.key })")
            #expect(try await s.request("GET", "/healthz").text == "ok")
        }
    }
}
