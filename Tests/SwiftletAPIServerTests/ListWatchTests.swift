import SwiftletAPI
import SwiftletStorage
import SwiftletTesting
import Testing

@Suite("API server list and watch")
struct ListWatchTests {
    @Test func paginationWithLimitAndContinueIsConsistent() async throws {
        try await withServer { s in
            for i in 0..<7 {
                #expect(
                    try await s.request("POST", "/api/v1/namespaces/default/configmaps", body: configMap("c\(i)"))
                        .status == 201)
            }
            let first = try await s.request("GET", "/api/v1/namespaces/default/configmaps?limit=3")
            let meta = try #require(first.json?["metadata"])
            let token = try #require(meta["continue"]?.stringValue)
            #expect(meta["remainingItemCount"] == 4)
            // A write between pages does not show up in later pages.
            #expect(
                try await s.request("POST", "/api/v1/namespaces/default/configmaps", body: configMap("c8")).status
                    == 201)
            var names =
                first.json?["items"]?.arrayValue?.compactMap { $0[path: ["metadata", "name"]]?.stringValue } ?? []
            var next: String? = token
            while let t = next {
                let page = try await s.request("GET", "/api/v1/namespaces/default/configmaps?limit=3&continue=\(t)")
                #expect(page.status == 200)
                #expect(page.resourceVersion == first.resourceVersion)
                names +=
                    page.json?["items"]?.arrayValue?.compactMap { $0[path: ["metadata", "name"]]?.stringValue } ?? []
                next = page.json?[path: ["metadata", "continue"]]?.stringValue
            }
            #expect(names == (0..<7).map { "c\($0)" })
            let bad = try await s.request("GET", "/api/v1/namespaces/default/configmaps?limit=3&continue=garbage")
            #expect(bad.status == 400)
        }
    }

    @Test func labelAndFieldSelectorsFilter() async throws {
        try await withServer { s in
            _ = try await s.request(
                "POST", "/api/v1/namespaces/default/configmaps",
                body: configMap("a", labels: ["tier": "web", "env": "prod"]))
            _ = try await s.request(
                "POST", "/api/v1/namespaces/default/configmaps",
                body: configMap("b", labels: ["tier": "db", "env": "prod"]))
            _ = try await s.request(
                "POST", "/api/v1/namespaces/kube-system/configmaps",
                body: configMap("c", namespace: "kube-system", labels: ["tier": "web"]))
            func names(_ path: String) async throws -> [String] {
                let reply = try await s.request("GET", path)
                #expect(reply.status == 200, "\(path): \(reply.text)")
                return reply.json?["items"]?.arrayValue?.compactMap { $0[path: ["metadata", "name"]]?.stringValue }
                    ?? []
            }
            #expect(Set(try await names("/api/v1/configmaps?labelSelector=tier%3Dweb")) == ["a", "c"])
            #expect(
                try await names("/api/v1/namespaces/default/configmaps?labelSelector=tier%20in%20(db,cache)") == ["b"])
            #expect(try await names("/api/v1/namespaces/default/configmaps?labelSelector=env,tier!%3Dweb") == ["b"])
            #expect(try await names("/api/v1/configmaps?fieldSelector=metadata.namespace%3Dkube-system") == ["c"])
            #expect(try await names("/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name!%3Da") == ["b"])
            let unsupported = try await s.request("GET", "/api/v1/configmaps?fieldSelector=spec.nodeName%3Dx")
            #expect(unsupported.status == 400)
            let badLabel = try await s.request("GET", "/api/v1/configmaps?labelSelector=a%20in%20(")
            #expect(badLabel.status == 400)
        }
    }

    @Test func watchReplaysFromResourceVersionInOrder() async throws {
        try await withServer { s in
            let created = try await s.request("POST", "/api/v1/namespaces/default/configmaps", body: configMap("w"))
            let rv = created.resourceVersion
            var changed = try #require(created.json)
            changed[path: ["data", "x"]] = "1"
            _ = try await s.request("PUT", "/api/v1/namespaces/default/configmaps/w", body: changed)
            let events = try await s.watch(
                "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=\(rv)&timeoutSeconds=5")
            _ = try await s.request("DELETE", "/api/v1/namespaces/default/configmaps/w")
            var types: [String] = []
            for try await event in events {
                types.append(event["type"]?.stringValue ?? "")
                if types.count == 2 { break }
            }
            #expect(types == ["MODIFIED", "DELETED"])
        }
    }

    @Test func watchWithoutVersionStartsWithCurrentStateAndFiltersLabels() async throws {
        try await withServer { s in
            _ = try await s.request(
                "POST", "/api/v1/namespaces/default/configmaps", body: configMap("in", labels: ["app": "x"]))
            _ = try await s.request(
                "POST", "/api/v1/namespaces/default/configmaps", body: configMap("out", labels: ["app": "y"]))
            let events = try await s.watch(
                "/api/v1/namespaces/default/configmaps?watch=1&labelSelector=app%3Dx&timeoutSeconds=30")
            // "out" starts matching: the watcher sees it ADDED; then leaves: DELETED.
            let out = try await s.request("GET", "/api/v1/namespaces/default/configmaps/out")
            var relabeled = try #require(out.json)
            relabeled[path: ["metadata", "labels", "app"]] = "x"
            let r1 = try await s.request("PUT", "/api/v1/namespaces/default/configmaps/out", body: relabeled)
            var back = try #require(r1.json)
            back[path: ["metadata", "labels", "app"]] = "z"
            _ = try await s.request("PUT", "/api/v1/namespaces/default/configmaps/out", body: back)
            var seen: [String] = []
            for try await event in events {
                seen.append(
                    "\(event["type"]?.stringValue ?? "") \(event[path: ["object", "metadata", "name"]]?.stringValue ?? "")"
                )
                if seen.count == 3 { break }
            }
            #expect(seen == ["ADDED in", "ADDED out", "DELETED out"])
        }
    }

    @Test func watchFromCompactedVersionGetsExpiredError() async throws {
        try await withServer { s in
            let first = try await s.request("POST", "/api/v1/namespaces/default/configmaps", body: configMap("old"))
            for i in 0..<3 {
                _ = try await s.request("POST", "/api/v1/namespaces/default/configmaps", body: configMap("n\(i)"))
            }
            let current = try await s.storage.currentRevision()
            try await s.storage.compact(upTo: current)
            let events = try await s.watch(
                "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=\(first.resourceVersion)")
            var first410: JSONValue?
            for try await event in events {
                first410 = event
                break
            }
            #expect(first410?["type"] == "ERROR")
            #expect(first410?[path: ["object", "code"]] == 410)
            #expect(first410?[path: ["object", "reason"]] == "Expired")
        }
    }

    @Test func bookmarksArriveWhenAsked() async throws {
        try await withServer { s in
            let events = try await s.watch(
                "/api/v1/namespaces/default/configmaps?watch=1&allowWatchBookmarks=true&timeoutSeconds=5")
            var bookmark: JSONValue?
            for try await event in events where event["type"] == "BOOKMARK" {
                bookmark = event
                break
            }
            #expect(bookmark?[path: ["object", "kind"]] == "ConfigMap")
            #expect(bookmark?[path: ["object", "metadata", "resourceVersion"]]?.stringValue?.isEmpty == false)
        }
    }

    @Test func tableOutputHasUpstreamColumns() async throws {
        try await withServer { s in
            _ = try await s.request(
                "POST", "/apis/apps/v1/namespaces/default/deployments", body: deployment("web", replicas: 3))
            let reply = try await s.request(
                "GET", "/apis/apps/v1/namespaces/default/deployments",
                headers: [("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json")])
            let table = try #require(reply.json)
            #expect(table["kind"] == "Table")
            let columns = table["columnDefinitions"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            #expect(columns.prefix(5) == ["Name", "Ready", "Up-to-date", "Available", "Age"])
            let row = try #require(table["rows"]?.arrayValue?.first)
            #expect(row["cells"]?.arrayValue?.first == "web")
            #expect(row["cells"]?.arrayValue?[1] == "0/3")
            #expect(row[path: ["object", "kind"]] == "PartialObjectMetadata")
        }
    }
}
