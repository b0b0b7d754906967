import ArgumentParser
import Foundation
import SwiftletAPI

/// `swiftlet-bench crd`: the custom-resource part of the API benchmark on
/// its own (`swiftlet-bench api` runs it too).
struct CustomResourceBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crd", abstract: "Benchmark custom resources beside ConfigMaps of the same size.")

    @Option(help: "Concurrent clients.") var clients = 64
    @Option(help: "Objects of each kind to create.") var creates = 3000
    @Option(help: "CRDs to time from create to the first object.") var definitions = 5
    @Option(help: "The swiftlet binary (default: next to this one).") var swiftlet: String?

    func run() async throws {
        let dir = try BenchWorkspace.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let binary = BenchWorkspace.swiftletBinary(swiftlet)
        BenchWorkspace.printMachine()
        try await BenchWorkspace.withAPIServer(binary: binary, directory: dir) { _, api in
            try await CustomResourceLoad.run(api: api, clients: clients, creates: creates, definitions: definitions)
        }
    }
}

/// Custom objects against ConfigMaps carrying the same payload, in
/// alternating rounds so disk noise hits both alike, and the time a new CRD
/// takes to become usable.
enum CustomResourceLoad {
    static let group = "bench.swiftlet.dev"
    static let payload = String(repeating: "v", count: 64)

    static func run(api: BenchClient, clients: Int, creates: Int, definitions: Int) async throws {
        // Time from the CRD's create to the first custom object accepted:
        // what an operator installing its CRD then creating objects waits.
        var readiness: [Double] = []
        for d in 0..<definitions {
            let plural = "items\(d)"
            let start = ContinuousClock.now
            try await api.send(.POST, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", body: crd(plural))
            var accepted = false
            for attempt in 0..<10_000 {
                do {
                    try await api.send(
                        .POST, "/apis/\(group)/v1/namespaces/bench/\(plural)", body: object(plural, "first"))
                    accepted = true
                    break
                } catch {
                    if attempt % 1000 == 999 { print("still waiting for \(plural): \(error)") }
                    try await Task.sleep(for: .milliseconds(1))
                }
            }
            guard accepted else { throw BenchError(message: "\(plural) never accepted an object") }
            readiness.append(seconds(ContinuousClock.now - start))
        }
        let readyMs = readiness.map { $0 * 1000 }
        print(
            "CRD create to first object created: median \(fmt(median(readyMs))) ms, max \(fmt(readyMs.max() ?? .nan)) ms over \(definitions)"
        )

        let rounds = 3
        let perRound = creates / rounds
        var configMapRates: [Double] = []
        var customRates: [Double] = []
        var ratios: [Double] = []
        var configMapLatency = Samples()
        var customLatency = Samples()
        for round in 0..<rounds {
            let configMaps = try await api.concurrently(total: perRound, clients: clients) { i in
                try await api.send(
                    .POST, "/api/v1/namespaces/bench/configmaps", body: configMap("same-\(round * perRound + i)"))
            }
            let custom = try await api.concurrently(total: perRound, clients: clients) { i in
                try await api.send(
                    .POST, "/apis/\(group)/v1/namespaces/bench/items0",
                    body: object("items0", "same-\(round * perRound + i)"))
            }
            configMapRates.append(configMaps.rate)
            customRates.append(custom.rate)
            ratios.append(custom.rate / configMaps.rate)
            configMapLatency.values += configMaps.latency.values
            customLatency.values += custom.latency.values
        }
        print(
            "ConfigMap creates: \(fmt(median(configMapRates), 0))/s (median of \(rounds) rounds)  p50 \(fmt(configMapLatency.ms.p50)) ms  p99 \(fmt(configMapLatency.ms.p99)) ms"
        )
        print(
            "custom object creates: \(fmt(median(customRates), 0))/s (median of \(rounds) rounds)  p50 \(fmt(customLatency.ms.p50)) ms  p99 \(fmt(customLatency.ms.p99)) ms"
        )
        print(
            "custom / ConfigMap creates per round: \(ratios.map { fmt($0, 2) }.joined(separator: ", ")) (median \(fmt(median(ratios), 2)))"
        )
    }

    /// A namespaced kind whose schema validates the same one string field a
    /// ConfigMap's `data` carries, so both bodies are the same size.
    static func crd(_ plural: String) -> JSONValue {
        [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": ["name": .string("\(plural).\(group)")],
            "spec": [
                "group": .string(group), "scope": "Namespaced",
                "names": ["plural": .string(plural), "kind": .string(kind(plural))],
                "versions": [
                    [
                        "name": "v1", "served": true, "storage": true,
                        "schema": [
                            "openAPIV3Schema": [
                                "type": "object",
                                "properties": [
                                    "data": ["type": "object", "properties": ["key": ["type": "string"]]]
                                ],
                            ]
                        ],
                    ]
                ],
            ],
        ]
    }

    static func kind(_ plural: String) -> String { "BenchItem" + plural.dropFirst("items".count) }

    static func object(_ plural: String, _ name: String) -> JSONValue {
        [
            "apiVersion": .string("\(group)/v1"), "kind": .string(kind(plural)), "metadata": ["name": .string(name)],
            "data": ["key": .string(payload)],
        ]
    }

    static func configMap(_ name: String) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name)],
            "data": ["key": .string(payload)],
        ]
    }
}
