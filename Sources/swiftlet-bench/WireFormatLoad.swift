import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwiftletAPI
import Synchronization

/// Protobuf beside JSON for the same reads, and the cost of refusing
/// hostile requests.
enum WireFormatLoad {
    static let protobuf = "application/vnd.kubernetes.protobuf"

    /// GETs of existing ConfigMaps and LISTs of the pods, once asking for
    /// JSON and once for protobuf, alternating so both see the same machine.
    static func reads(api: BenchClient, clients: Int, configMaps: Int, seconds getSeconds: Int) async throws {
        var getRates: [String: [Double]] = [:]
        var listTimes: [String: [Double]] = [:]
        for _ in 0..<3 {
            for accept in ["application/json", protobuf] {
                let gets = try await api.forDuration(.seconds(getSeconds), clients: clients) { i in
                    try await api.send(
                        .GET, "/api/v1/namespaces/bench/configmaps/cm-\(i % configMaps)", accept: accept)
                }
                getRates[accept, default: []].append(gets.rate)
                let start = ContinuousClock.now
                try await api.send(.GET, "/api/v1/namespaces/bench/pods", accept: accept)
                listTimes[accept, default: []].append(seconds(ContinuousClock.now - start))
            }
        }
        for accept in ["application/json", protobuf] {
            print(
                "\(accept == protobuf ? "protobuf" : "JSON"): GETs \(fmt(median(getRates[accept]!), 0))/s, LIST of the pods \(fmt(median(listTimes[accept]!) * 1000)) ms (medians of 3)"
            )
        }
        let getRatio = zip(getRates[protobuf]!, getRates["application/json"]!).map { $0 / $1 }
        let listRatio = zip(listTimes["application/json"]!, listTimes[protobuf]!).map { $0 / $1 }
        print(
            "protobuf / JSON: GET throughput \(getRatio.map { fmt($0, 2) }.joined(separator: ", ")) (median \(fmt(median(getRatio), 2))), LIST speed \(listRatio.map { fmt($0, 2) }.joined(separator: ", ")) (median \(fmt(median(listRatio), 2)))"
        )
    }

    /// Hostile requests (malformed bodies of each format, bad patches,
    /// selectors, names, an alias bomb) sent for a while by every client:
    /// how many the server refuses per second, next to valid GETs, and
    /// that every answer was a 4xx and the store did not move.
    static func hostile(api: BenchClient, clients: Int, seconds duration: Int) async throws {
        let cm = "/api/v1/namespaces/bench/configmaps"
        var laughs = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-0}\na0: &a0 [x, x, x, x, x, x, x, x]\n"
        for i in 1..<9 {
            laughs += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 8).joined(separator: ", ") + "]\n"
        }
        let probes: [(HTTPMethod, String, String, String)] = [
            (.POST, cm, "{", "application/json"),
            (.POST, cm, String(repeating: "[", count: 5000), "application/json"),
            (.POST, cm, #"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"Bad_Name"}}"#, "application/json"),
            (.POST, cm, "k8s\0\u{0a}\u{ff}\u{ff}", protobuf),
            (.PATCH, cm + "/cm-0", #"[{"op":"explode","path":"/data"}]"#, "application/json-patch+json"),
            (.PATCH, cm + "/cm-0", #"{"metadata":{"name":"renamed"}}"#, "application/merge-patch+json"),
            (.PATCH, cm + "/cm-0?fieldManager=bench", laughs, "application/apply-patch+yaml"),
            (.GET, cm + "?labelSelector=a%20in%20(", "", ""),
            (.GET, cm + "?limit=abc", "", ""),
            (.DELETE, cm + "/cm-0", #"{"propagationPolicy":42}"#, "application/json"),
        ]
        let before = try await api.json(cm + "?limit=1")[path: ["metadata", "resourceVersion"]]
        let statuses = StatusCounter()
        let load = try await api.forDuration(.seconds(duration), clients: clients) { i in
            let (method, path, body, type) = probes[i % probes.count]
            let code = try await api.status(
                method, path, body: body.isEmpty ? nil : Array(body.utf8), contentType: type)
            statuses.add(code)
        }
        let valid = try await api.forDuration(.seconds(duration), clients: clients) { i in
            try await api.send(.GET, cm + "/cm-\(i % 100)")
        }
        let after = try await api.json(cm + "?limit=1")[path: ["metadata", "resourceVersion"]]
        let counts = statuses.counts
        let unharmful = counts.keys.allSatisfy { (400..<500).contains($0) }
        print(
            "hostile requests: \(fmt(load.rate, 0))/s refused (p99 \(fmt(load.latency.ms.p99)) ms) beside \(fmt(valid.rate, 0)) valid GETs/s; statuses \(counts.sorted { $0.key < $1.key }.map { "\($0.key)x\($0.value)" }.joined(separator: " ")); all 4xx: \(unharmful); store unchanged: \(before == after)"
        )
    }
}

/// Counts answers by status code across concurrent clients.
final class StatusCounter: Sendable {
    private let storage = Mutex<[Int: Int]>([:])
    func add(_ code: Int) { storage.withLock { $0[code, default: 0] += 1 } }
    var counts: [Int: Int] { storage.withLock { $0 } }
}
