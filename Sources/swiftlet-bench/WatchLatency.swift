import AsyncHTTPClient
import Foundation
import NIOCore
import SwiftletAPI
import Synchronization

/// Watch delivery latency: `watchers` watches on one namespace; a writer
/// creates objects one at a time and every watcher's receipt is timed from
/// the moment the server acknowledged the write.
enum WatchLatency {
    /// Returns latencies measured from the write's acknowledgement (a lower
    /// bound on time after commit) and from the moment the write was sent
    /// (an upper bound: it includes the write itself).
    static func measure(api: BenchClient, watchAPI: BenchClient, watchers: Int, events: Int) async throws -> (
        fromAck: Samples, fromSend: Samples
    ) {
        _ = try await api.send(
            .POST, "/api/v1/namespaces", body: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "watch"]])
        let shared = Shared()
        let rv = try await currentResourceVersion(api)
        return try await withThrowingTaskGroup(of: Void.self, returning: (Samples, Samples).self) { group in
            for _ in 0..<watchers {
                group.addTask {
                    var request = HTTPClientRequest(
                        url: watchAPI.base + "/api/v1/namespaces/watch/configmaps?watch=1&resourceVersion=\(rv)")
                    request.method = .GET
                    let response = try await watchAPI.client.execute(request, timeout: .seconds(300))
                    shared.ready.withLock { $0 += 1 }
                    var pending: [UInt8] = []
                    var seen = 0
                    for try await chunk in response.body {
                        let now = ContinuousClock.now
                        pending.append(contentsOf: chunk.readableBytesView)
                        while let nl = pending.firstIndex(of: UInt8(ascii: "\n")) {
                            let line = Array(pending[..<nl])
                            pending.removeSubrange(...nl)
                            guard let event = try? JSONParser.parse(line),
                                let name = event[path: ["object", "metadata", "name"]]?.stringValue
                            else { continue }
                            // The watch may see an event before the writer hears back.
                            var ack: ContinuousClock.Instant?
                            for _ in 0..<1000 {
                                ack = shared.acknowledged.withLock { $0[name] }
                                if ack != nil { break }
                                try await Task.sleep(for: .microseconds(100))
                            }
                            if let ack { shared.received.withLock { $0.append(max(0, seconds(now - ack))) } }
                            if let start = shared.sent.withLock({ $0[name] }) {
                                shared.receivedFromSend.withLock { $0.append(seconds(now - start)) }
                            }
                            seen += 1
                        }
                        if seen >= events { return }
                    }
                }
            }
            while shared.ready.withLock({ $0 }) < watchers { try await Task.sleep(for: .milliseconds(10)) }
            try await Task.sleep(for: .milliseconds(200))
            for i in 0..<events {
                let name = "w-\(i)"
                shared.sent.withLock { $0[name] = ContinuousClock.now }
                try await api.send(
                    .POST, "/api/v1/namespaces/watch/configmaps",
                    body: ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name)]])
                shared.acknowledged.withLock { $0[name] = ContinuousClock.now }
                try await Task.sleep(for: .milliseconds(5))
            }
            try await group.waitForAll()
            return (
                Samples(values: shared.received.withLock { $0 }),
                Samples(values: shared.receivedFromSend.withLock { $0 })
            )
        }
    }

    static func currentResourceVersion(_ api: BenchClient) async throws -> String {
        var request = HTTPClientRequest(url: api.base + "/api/v1/namespaces/watch/configmaps?limit=1")
        request.method = .GET
        let response = try await api.client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        let json = try JSONParser.parse(Array(body.readableBytesView))
        return json[path: ["metadata", "resourceVersion"]]?.stringValue ?? "0"
    }
}

/// State the writer and the watchers share.
final class Shared: Sendable {
    let acknowledged = Mutex<[String: ContinuousClock.Instant]>([:])
    let sent = Mutex<[String: ContinuousClock.Instant]>([:])
    let received = Mutex<[Double]>([])
    let receivedFromSend = Mutex<[Double]>([])
    let ready = Mutex(0)
}
