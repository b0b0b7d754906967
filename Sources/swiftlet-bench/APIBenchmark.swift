import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import SwiftletAPI

/// `swiftlet-bench api`: the API server over TLS under 64 concurrent
/// clients, beside raw SQLite inserts with the same durability.
struct APIBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "api", abstract: "Benchmark the API server.")

    @Option(help: "Concurrent clients.") var clients = 64
    @Option(help: "ConfigMaps to create.") var creates = 5000
    @Option(help: "Custom objects (and as many ConfigMaps beside them) to create.") var customCreates = 3000
    @Option(help: "Pods in the LIST test.") var pods = 10_000
    @Option(help: "Watchers in the watch test.") var watchers = 100
    @Option(help: "Events the watchers must each receive.") var watchEvents = 200
    @Option(help: "Seconds of GET load.") var getSeconds = 5
    @Option(help: "The swiftlet binary (default: next to this one).") var swiftlet: String?

    func run() async throws {
        let dir = try BenchWorkspace.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let binary = BenchWorkspace.swiftletBinary(swiftlet)
        BenchWorkspace.printMachine()

        // Idle memory of the whole single-machine server (API server and controllers) ...
        let whole = try ServerUnderTest.start(
            binary: binary, dataDir: dir.appendingPathComponent("whole"), command: "server", extra: ["--no-node"])
        try await Task.sleep(for: .seconds(3))
        print("idle swiftlet server RSS (API server and controllers): \(fmt(Double(whole.rssKiB()) / 1024)) MiB")
        whole.stop()
        // ... and the API server alone, which the rest measures.
        try await BenchWorkspace.withAPIServer(
            binary: binary, directory: dir,
            idle: { print("idle swiftlet apiserver RSS: \(fmt(Double($0.rssKiB()) / 1024)) MiB") }
        ) { server, api in
            try await measure(server: server, api: api, scratch: dir)
        }
    }

    /// Everything after the idle figures, on the API server alone.
    func measure(server: ServerUnderTest, api: BenchClient, scratch dir: URL) async throws {

        // Creates of small ConfigMaps by `clients` concurrent clients, in
        // rounds that alternate with the anchor (raw SQLite inserts with the
        // same durability) so disk noise hits both alike.
        var ratios: [Double] = []
        var rates: [Double] = []
        var rawRates: [Double] = []
        var createLatency = Samples()
        let rounds = 3
        let perRound = creates / rounds
        for round in 0..<rounds {
            let raw = try RawSQLite.insertsPerSecond(
                count: 1000, valueSize: 300, directory: dir, name: "raw-\(round).db")
            let stats = try await api.concurrently(total: perRound, clients: clients) { i in
                try await api.send(
                    .POST, "/api/v1/namespaces/bench/configmaps", body: Self.configMap(round * perRound + i))
            }
            rawRates.append(raw)
            rates.append(stats.rate)
            ratios.append(stats.rate / raw)
            createLatency.values += stats.latency.values
        }
        print(
            "raw SQLite inserts (WAL, synchronous=FULL, 1 txn each), per round: \(rawRates.map { fmt($0, 0) }.joined(separator: ", "))/s"
        )
        print(
            "creates: \(fmt(median(rates), 0))/s (median of \(rounds) rounds)  p50 \(fmt(createLatency.ms.p50)) ms  p99 \(fmt(createLatency.ms.p99)) ms  ratio to raw SQLite per round: \(ratios.map { fmt($0, 2) }.joined(separator: ", ")) (median \(fmt(median(ratios), 2)))"
        )
        let created = perRound * rounds

        // Custom objects beside ConfigMaps of the same size, and how soon a
        // new CRD serves.
        try await CustomResourceLoad.run(api: api, clients: clients, creates: customCreates, definitions: 5)
        // Server-side apply of a 50-field Deployment beside plain writes.
        try await ApplyLoad.run(api: api, clients: clients, objects: 300)

        // GETs for a fixed time.
        let getStats = try await api.forDuration(.seconds(getSeconds), clients: clients) { i in
            try await api.send(.GET, "/api/v1/namespaces/bench/configmaps/cm-\(i % created)")
        }
        print(
            "gets: \(fmt(getStats.rate, 0))/s  p50 \(fmt(getStats.latency.ms.p50)) ms  p99 \(fmt(getStats.latency.ms.p99)) ms"
        )

        // LIST of `pods` pods.
        _ = try await api.concurrently(total: pods, clients: clients) { i in
            try await api.send(.POST, "/api/v1/namespaces/bench/pods", body: Self.pod(i))
        }
        var listTimes: [Double] = []
        for _ in 0..<5 {
            let start = ContinuousClock.now
            let bytes = try await api.send(.GET, "/api/v1/namespaces/bench/pods")
            listTimes.append(seconds(ContinuousClock.now - start))
            precondition(bytes > pods * 100, "list too small")
        }
        print("list \(pods) pods: median \(fmt(median(listTimes) * 1000)) ms over 5")

        // The same reads in protobuf and JSON, and hostile requests refused.
        try await WireFormatLoad.reads(api: api, clients: clients, configMaps: created, seconds: 3)
        try await WireFormatLoad.hostile(api: api, clients: clients, seconds: 5)

        // Watch delivery to `watchers` watchers.
        let watchClient = try server.makeClient(http1: true)
        let latency = try await WatchLatency.measure(
            api: api, watchAPI: BenchClient(client: watchClient, base: server.baseURL), watchers: watchers,
            events: watchEvents)
        try await watchClient.shutdown()
        print(
            "watch delivery to \(watchers) watchers: from write acknowledged p50 \(fmt(latency.fromAck.ms.p50)) ms p99 \(fmt(latency.fromAck.ms.p99)) ms; from write sent p50 \(fmt(latency.fromSend.ms.p50)) ms p99 \(fmt(latency.fromSend.ms.p99)) ms"
        )
        print("server RSS after load: \(fmt(Double(server.rssKiB()) / 1024)) MiB")
    }

    static func configMap(_ i: Int) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string("cm-\(i)")],
            "data": ["key": .string(String(repeating: "v", count: 64))],
        ]
    }

    static func pod(_ i: Int) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string("pod-\(i)"), "labels": ["app": "bench"]],
            "spec": [
                "containers": [
                    ["name": "app", "image": "registry.example/app:1.0", "ports": [["containerPort": 8080]]]
                ]
            ],
        ]
    }
}

/// The `swiftlet server` process being measured.
final class ServerUnderTest: Sendable {
    let process: Process
    let dataDir: URL
    let port: Int

    /// - Parameter command: `apiserver` (the API server alone, what the API
    ///   benchmark measures) or `server` (with the built-in controllers).
    static func start(binary: String, dataDir: URL, command: String = "apiserver", extra: [String] = []) throws
        -> ServerUnderTest
    {
        let port = Int.random(in: 20000...40000)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = [command, "--data-dir", dataDir.path, "--port", String(port)] + extra
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let kubeconfig = dataDir.appendingPathComponent("admin.kubeconfig")
        for _ in 0..<600 where !FileManager.default.fileExists(atPath: kubeconfig.path) { usleep(100_000) }
        return ServerUnderTest(process: p, dataDir: dataDir, port: port)
    }

    init(process: Process, dataDir: URL, port: Int) {
        self.process = process
        self.dataDir = dataDir
        self.port = port
    }

    var baseURL: String { "https://127.0.0.1:\(port)" }

    func rssKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)
        else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        return 0
    }

    /// - Parameter http1: one HTTP/1.1 connection per concurrent request
    ///   (watchers), instead of HTTP/2 streams on a shared connection.
    func makeClient(http1: Bool = false) throws -> HTTPClient {
        let pki = dataDir.appendingPathComponent("pki")
        func pem(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: pki.appendingPathComponent(name))) }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(try pem("ca.crt")))
        tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(try pem("admin.crt")).map { .certificate($0) }
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: try pem("admin.key"), format: .pem))
        var config = HTTPClient.Configuration(tlsConfiguration: tls)
        config.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 256)
        if http1 { config.httpVersion = .http1Only }
        config.timeout = .init(connect: .seconds(5), read: .seconds(60))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

struct LoadResult {
    var rate: Double
    var latency: Samples
}

/// A thin JSON-over-HTTPS client for the benchmark.
struct BenchClient: Sendable {
    let client: HTTPClient
    let base: String

    /// Sends a request; returns the response size; throws on non-2xx.
    @discardableResult
    func send(
        _ method: HTTPMethod, _ path: String, body: JSONValue? = nil, contentType: String = "application/json",
        accept: String? = nil
    ) async throws -> Int {
        let (code, bytes) = try await exchange(
            method, path, body: body?.serialized(), contentType: contentType, accept: accept)
        guard (200..<300).contains(code) else {
            throw BenchError(message: "\(method) \(path): \(code) \(String(buffer: bytes))")
        }
        return bytes.readableBytes
    }

    /// Sends a raw body and returns the status code, whatever it is.
    func status(_ method: HTTPMethod, _ path: String, body: [UInt8]?, contentType: String) async throws -> Int {
        try await exchange(method, path, body: body, contentType: contentType, accept: nil).0
    }

    /// GET of a JSON document.
    func json(_ path: String) async throws -> JSONValue {
        let (code, bytes) = try await exchange(.GET, path, body: nil, contentType: "", accept: nil)
        guard code == 200 else { throw BenchError(message: "GET \(path): \(code)") }
        return try JSONParser.parse(Array(bytes.readableBytesView))
    }

    private func exchange(
        _ method: HTTPMethod, _ path: String, body: [UInt8]?, contentType: String, accept: String?
    ) async throws -> (Int, ByteBuffer) {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if let accept { request.headers.add(name: "Accept", value: accept) }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await client.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 512 * 1024 * 1024)
        return (Int(response.status.code), bytes)
    }

    func concurrently(total: Int, clients: Int, _ body: @escaping @Sendable (Int) async throws -> Void) async throws
        -> LoadResult
    {
        let start = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for c in 0..<clients {
                group.addTask {
                    var mine: [Double] = []
                    var i = c
                    while i < total {
                        let t = ContinuousClock.now
                        try await body(i)
                        mine.append(seconds(ContinuousClock.now - t))
                        i += clients
                    }
                    return mine
                }
            }
            return try await group.reduce(into: [Double]()) { $0 += $1 }
        }
        return LoadResult(
            rate: Double(total) / seconds(ContinuousClock.now - start), latency: Samples(values: latencies))
    }

    func forDuration(_ duration: Duration, clients: Int, _ body: @escaping @Sendable (Int) async throws -> Void)
        async throws -> LoadResult
    {
        let start = ContinuousClock.now
        let end = start + duration
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for c in 0..<clients {
                group.addTask {
                    var mine: [Double] = []
                    var i = c
                    while ContinuousClock.now < end {
                        let t = ContinuousClock.now
                        try await body(i)
                        mine.append(seconds(ContinuousClock.now - t))
                        i += clients
                    }
                    return mine
                }
            }
            return try await group.reduce(into: [Double]()) { $0 += $1 }
        }
        return LoadResult(
            rate: Double(latencies.count) / seconds(ContinuousClock.now - start), latency: Samples(values: latencies))
    }
}

struct BenchError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
