import Foundation
import Synchronization

/// Request, storage and watch metrics, exposed in the Prometheus text format
/// at /metrics with upstream's metric names where they exist.
public final class APIMetrics: Sendable {
    /// Upper bounds (seconds) of the latency histograms.
    static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]

    private struct Histogram {
        var counts = [UInt64](repeating: 0, count: APIMetrics.buckets.count)
        var sum = 0.0
        var count: UInt64 = 0

        mutating func observe(_ seconds: Double) {
            for (i, bound) in APIMetrics.buckets.enumerated() where seconds <= bound { counts[i] += 1 }
            sum += seconds
            count += 1
        }
    }

    private struct State {
        var requests: [String: UInt64] = [:]  // labels -> count
        var requestLatency: [String: Histogram] = [:]
        var storageLatency: [String: Histogram] = [:]
        var watchers: [String: Int] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    func request(verb: String, group: String, resource: String, code: Int, seconds: Double) {
        let labels = "verb=\"\(verb)\",group=\"\(group)\",resource=\"\(resource)\""
        state.withLock { s in
            s.requests["\(labels),code=\"\(code)\"", default: 0] += 1
            s.requestLatency[labels, default: Histogram()].observe(seconds)
        }
    }

    func storage(operation: String, resource: String, seconds: Double) {
        state.withLock { s in
            s.storageLatency["operation=\"\(operation)\",resource=\"\(resource)\"", default: Histogram()].observe(
                seconds)
        }
    }

    func watchStarted(_ resource: String) {
        state.withLock { $0.watchers[resource, default: 0] += 1 }
    }

    func watchEnded(_ resource: String) {
        state.withLock { $0.watchers[resource, default: 0] -= 1 }
    }

    public var prometheusText: String {
        let s = state.withLock { $0 }
        var out = ""
        out +=
            "# HELP apiserver_request_total Counter of apiserver requests broken out by verb, group, resource and HTTP response code.\n"
        out += "# TYPE apiserver_request_total counter\n"
        for (labels, count) in s.requests.sorted(by: { $0.key < $1.key }) {
            out += "apiserver_request_total{\(labels)} \(count)\n"
        }
        out += histogramText(
            "apiserver_request_duration_seconds",
            help: "Response latency distribution in seconds for each verb, group and resource.",
            s.requestLatency)
        out += histogramText(
            "swiftlet_storage_operation_duration_seconds",
            help: "Storage operation latency in seconds by operation and resource.",
            s.storageLatency)
        out += "# HELP apiserver_longrunning_requests Gauge of all active long-running apiserver requests.\n"
        out += "# TYPE apiserver_longrunning_requests gauge\n"
        for (resource, n) in s.watchers.sorted(by: { $0.key < $1.key }) {
            out += "apiserver_longrunning_requests{verb=\"WATCH\",resource=\"\(resource)\"} \(n)\n"
        }
        return out
    }

    private func histogramText(_ name: String, help: String, _ histograms: [String: Histogram]) -> String {
        var out = "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
        for (labels, h) in histograms.sorted(by: { $0.key < $1.key }) {
            for (i, bound) in Self.buckets.enumerated() {
                out += "\(name)_bucket{\(labels),le=\"\(bound)\"} \(h.counts[i])\n"
            }
            out += "\(name)_bucket{\(labels),le=\"+Inf\"} \(h.count)\n"
            out += "\(name)_sum{\(labels)} \(h.sum)\n"
            out += "\(name)_count{\(labels)} \(h.count)\n"
        }
        return out
    }
}
