import SwiftletAPI
import SwiftletTesting
import Testing

/// `application/vnd.kubernetes.protobuf` as typed Go clients (kubectl 1.32's
/// `create` subcommands) send and accept it.
@Suite struct ProtobufTests {
    static let protobuf = "application/vnd.kubernetes.protobuf"
    static let goClientAccept = [("Accept", "application/vnd.kubernetes.protobuf,application/json")]

    @Test func protobufBodiesAreStoredAndAnsweredInProtobuf() async throws {
        try await withServer { s in
            let body = try #require(KubernetesProtobuf.encode(configMap("pb", data: ["greeting": "hello"])))
            let created = try await s.request(
                "POST", "/api/v1/namespaces/default/configmaps", rawBody: body, contentType: Self.protobuf,
                headers: Self.goClientAccept)
            #expect(created.status == 201)
            #expect(created.headers.first(name: "Content-Type") == Self.protobuf)
            let answer = try KubernetesProtobuf.decode(created.body)
            #expect(answer[path: ["data", "greeting"]] == "hello")
            #expect(answer[path: ["metadata", "uid"]]?.stringValue?.isEmpty == false)

            // JSON clients see the same object.
            let json = try await s.request("GET", "/api/v1/namespaces/default/configmaps/pb")
            #expect(json.headers.first(name: "Content-Type") == "application/json")
            #expect(json.json?[path: ["data", "greeting"]] == "hello")

            let list = try await s.request(
                "GET", "/api/v1/namespaces/default/configmaps", headers: Self.goClientAccept)
            let decoded = try KubernetesProtobuf.decode(list.body)
            #expect(decoded["kind"] == "ConfigMapList")
            #expect(decoded["items"]?.arrayValue?.contains { $0[path: ["metadata", "name"]] == "pb" } == true)
        }
    }

    @Test func errorsComeBackAsProtobufStatus() async throws {
        try await withServer { s in
            let missing = try await s.request(
                "GET", "/api/v1/namespaces/default/configmaps/absent", headers: Self.goClientAccept)
            #expect(missing.status == 404)
            #expect(missing.headers.first(name: "Content-Type") == Self.protobuf)
            let status = try KubernetesProtobuf.decode(missing.body)
            #expect(status["kind"] == "Status")
            #expect(status["reason"] == "NotFound")
            #expect(status["code"] == .int(404))
        }
    }

    @Test func malformedProtobufIs400AndStoresNothing() async throws {
        try await withServer { s in
            var body = try #require(KubernetesProtobuf.encode(configMap("broken")))
            body.removeLast(3)
            let reply = try await s.request(
                "POST", "/api/v1/namespaces/default/configmaps", rawBody: body, contentType: Self.protobuf)
            #expect(reply.status == 400)
            #expect(reply.json?["message"]?.stringValue?.contains("could not be decoded as protobuf") == true)
            #expect(try await s.request("GET", "/api/v1/namespaces/default/configmaps/broken").status == 404)

            // A protobuf ConfigMap sent to the secrets endpoint is refused by kind.
            let wrongKind = try #require(KubernetesProtobuf.encode(configMap("cm")))
            let refused = try await s.request(
                "POST", "/api/v1/namespaces/default/secrets", rawBody: wrongKind, contentType: Self.protobuf)
            #expect(refused.status == 400)
        }
    }

    @Test func tablesStayJSON() async throws {
        try await withServer { s in
            let reply = try await s.request(
                "GET", "/api/v1/namespaces",
                headers: [("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json")])
            #expect(reply.headers.first(name: "Content-Type") == "application/json")
            #expect(reply.json?["kind"] == "Table")
        }
    }

    /// A typed Go client's watch answers in length-prefixed protobuf
    /// WatchEvents, each object in its envelope. Custom kinds,
    /// which have no messages, stay JSON.
    @Test func watchesStreamProtobufFrames() async throws {
        try await withServer { s in
            let path = "/api/v1/namespaces/default/configmaps"
            #expect(try await s.request("POST", path, body: configMap("one", data: ["k": "v"])).status == 201)
            #expect(try await s.request("POST", path, body: configMap("two", data: ["k": "v"])).status == 201)
            let reply = try await s.request(
                "GET", path + "?watch=true&resourceVersion=0&timeoutSeconds=1", headers: Self.goClientAccept)
            #expect(reply.status == 200)
            #expect(
                reply.headers.first(name: "Content-Type") == "application/vnd.kubernetes.protobuf;stream=watch")
            let events = try ProtobufWatchFrame.decode(reply.body)
            #expect(events.map(\.type) == ["ADDED", "ADDED"])
            #expect(
                events.map { $0.object[path: ["metadata", "name"]]?.stringValue ?? "" }.sorted() == ["one", "two"])
            #expect(events.first?.object["kind"] == "ConfigMap")
            #expect(events.first?.object[path: ["data", "k"]] == "v")

            let json = try await s.request("GET", path + "?watch=true&resourceVersion=0&timeoutSeconds=1")
            #expect(json.headers.first(name: "Content-Type") == "application/json")
            #expect(json.text.hasPrefix(#"{"type":"ADDED""#))
        }
    }
}
