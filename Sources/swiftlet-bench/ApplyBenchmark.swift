import ArgumentParser
import Foundation
import SwiftletAPI

/// `swiftlet-bench apply`: server-side apply of a 50-field Deployment
/// beside plain writes of the same object (POST to create, a merge patch to
/// change it), in alternating rounds.
struct ApplyBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply", abstract: "Benchmark server-side apply beside plain creates and patches.")

    @Option(help: "Concurrent clients.") var clients = 64
    @Option(help: "Deployments per round and way of writing.") var objects = 600
    @Option(help: "The swiftlet binary (default: next to this one).") var swiftlet: String?

    func run() async throws {
        let dir = try BenchWorkspace.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let binary = BenchWorkspace.swiftletBinary(swiftlet)
        BenchWorkspace.printMachine()
        try await BenchWorkspace.withAPIServer(binary: binary, directory: dir) { _, api in
            try await ApplyLoad.run(api: api, clients: clients, objects: objects)
        }
    }
}

enum ApplyLoad {
    static let deployments = "/apis/apps/v1/namespaces/bench/deployments"
    static let applyType = "application/apply-patch+yaml"

    static func run(api: BenchClient, clients: Int, objects: Int) async throws {
        print("deployment of \(fieldCount(deployment("x", image: "i"))) fields")
        let rounds = 3
        var results: [String: (rates: [Double], latency: Samples)] = [:]
        func record(_ name: String, _ load: LoadResult) {
            results[name, default: ([], Samples())].rates.append(load.rate)
            results[name]!.latency.values += load.latency.values
        }
        for round in 0..<rounds {
            let base = round * objects
            record(
                "create (POST)",
                try await api.concurrently(total: objects, clients: clients) { i in
                    try await api.send(.POST, deployments, body: deployment("post-\(base + i)", image: "app:1"))
                })
            record(
                "create (apply)",
                try await api.concurrently(total: objects, clients: clients) { i in
                    let name = "apply-\(base + i)"
                    try await api.send(
                        .PATCH, "\(deployments)/\(name)?fieldManager=bench", body: deployment(name, image: "app:1"),
                        contentType: applyType)
                })
            record(
                "change image (strategic merge patch)",
                try await api.concurrently(total: objects, clients: clients) { i in
                    try await api.send(
                        .PATCH, "\(deployments)/post-\(base + i)",
                        body: [
                            "spec": [
                                "template": ["spec": ["containers": [["name": "app", "image": "app:2"]]]]
                            ]
                        ], contentType: "application/strategic-merge-patch+json")
                })
            record(
                "change image (apply)",
                try await api.concurrently(total: objects, clients: clients) { i in
                    let name = "apply-\(base + i)"
                    try await api.send(
                        .PATCH, "\(deployments)/\(name)?fieldManager=bench", body: deployment(name, image: "app:2"),
                        contentType: applyType)
                })
        }
        for name in ["create (POST)", "create (apply)", "change image (strategic merge patch)", "change image (apply)"]
        {
            let r = results[name]!
            print(
                "\(name): \(fmt(median(r.rates), 0))/s (median of \(rounds) rounds)  p50 \(fmt(r.latency.ms.p50)) ms  p99 \(fmt(r.latency.ms.p99)) ms"
            )
        }
        func ratios(_ a: String, _ b: String) -> String {
            let values = zip(results[a]!.rates, results[b]!.rates).map { $0 / $1 }
            return "\(values.map { fmt($0, 2) }.joined(separator: ", ")) (median \(fmt(median(values), 2)))"
        }
        print("apply / POST creates per round: \(ratios("create (apply)", "create (POST)"))")
        print(
            "apply / patch changes per round: \(ratios("change image (apply)", "change image (strategic merge patch)"))"
        )
    }

    /// A Deployment with about fifty fields: labels, annotations, two
    /// containers with environment, ports, resources and a probe.
    static func deployment(_ name: String, image: String) -> JSONValue {
        func env(_ prefix: String, _ count: Int) -> JSONValue {
            .array((0..<count).map { ["name": .string("\(prefix)_\($0)"), "value": .string("value-\($0)")] })
        }
        let labels: JSONValue = ["app": "bench", "tier": "web", "team": "platform"]
        return [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": [
                "name": .string(name), "labels": labels,
                "annotations": ["owner": "bench", "purpose": "apply benchmark"],
            ],
            "spec": [
                "replicas": 2, "revisionHistoryLimit": 5, "minReadySeconds": 1,
                "selector": ["matchLabels": ["app": "bench"]],
                "strategy": ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": 1, "maxUnavailable": 0]],
                "template": [
                    "metadata": ["labels": labels],
                    "spec": [
                        "containers": [
                            [
                                "name": "app", "image": .string(image), "env": env("APP", 6),
                                "ports": [["name": "http", "containerPort": 8080, "protocol": "TCP"]],
                                "resources": [
                                    "requests": ["cpu": "100m", "memory": "64Mi"],
                                    "limits": ["memory": "128Mi"],
                                ],
                                "readinessProbe": ["httpGet": ["path": "/ready", "port": 8080], "periodSeconds": 5],
                            ],
                            ["name": "log", "image": "log:1", "env": env("LOG", 3)],
                        ],
                        "terminationGracePeriodSeconds": 10,
                    ],
                ],
            ],
        ]
    }

    /// Leaves of a JSON document (scalars), the "fields" of the object.
    static func fieldCount(_ value: JSONValue) -> Int {
        switch value {
        case .object(let o): return o.reduce(0) { $0 + fieldCount($1.value) }
        case .array(let a): return a.reduce(0) { $0 + fieldCount($1) }
        default: return 1
        }
    }
}
