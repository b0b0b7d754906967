import SwiftletAPI
import SwiftletTesting
import Testing

/// `pods/eviction` against a PodDisruptionBudget whose status a disruption
/// controller would keep (written by the test here).
@Suite struct EvictionTests {
    static let names = (1...8).map { "p\($0)" }

    @Test func concurrentEvictionsShareTheBudgetWithoutConflicts() async throws {
        try await withServer { s in
            for name in Self.names + ["last"] {
                let pod: JSONValue = [
                    "apiVersion": "v1", "kind": "Pod",
                    "metadata": ["name": .string(name), "labels": ["app": "web"]],
                    "spec": ["containers": [["name": "c", "image": "x"]]],
                ]
                #expect(try await s.request("POST", "/api/v1/namespaces/default/pods", body: pod).status == 201)
                var running = try #require(
                    try await s.request("GET", "/api/v1/namespaces/default/pods/\(name)").json)
                running["status"] = ["phase": "Running"]
                _ = try await s.request("PUT", "/api/v1/namespaces/default/pods/\(name)/status", body: running)
            }
            let pdb: JSONValue = [
                "apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": ["name": "web"],
                "spec": ["minAvailable": 1, "selector": ["matchLabels": ["app": "web"]]],
            ]
            var created = try #require(
                try await s.request("POST", "/apis/policy/v1/namespaces/default/poddisruptionbudgets", body: pdb).json)
            created["status"] = [
                "disruptionsAllowed": .int(Int64(Self.names.count)),
                "currentHealthy": .int(Int64(Self.names.count + 1)),
                "desiredHealthy": 1, "expectedPods": .int(Int64(Self.names.count + 1)),
                "observedGeneration": 1,
            ]
            _ = try await s.request(
                "PUT", "/apis/policy/v1/namespaces/default/poddisruptionbudgets/web/status", body: created)

            func evict(_ name: String) async throws -> Int {
                try await s.request(
                    "POST", "/api/v1/namespaces/default/pods/\(name)/eviction",
                    body: ["apiVersion": "policy/v1", "kind": "Eviction", "metadata": ["name": .string(name)]]
                ).status
            }
            // Eight at once, as kubectl drain sends them: every one spends
            // one of the eight disruptions, none is answered with a conflict.
            let codes = try await withThrowingTaskGroup(of: Int.self) { group in
                for name in Self.names { group.addTask { try await evict(name) } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(codes == Array(repeating: 201, count: Self.names.count))
            #expect(try await evict("last") == 429)
            let budget = try await s.request("GET", "/apis/policy/v1/namespaces/default/poddisruptionbudgets/web")
            #expect(budget.json?[path: ["status", "disruptionsAllowed"]] == 0)
            #expect(budget.json?[path: ["status", "disruptedPods"]]?.objectValue?.count == Self.names.count)
        }
    }
}
