import Foundation
import Synchronization

/// Per-controller reconcile metrics, with controller-runtime's metric names
/// so existing dashboards read them.
public final class ControllerMetrics: Sendable {
    static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    private struct PerController {
        var results: [String: UInt64] = [:]
        var errors: UInt64 = 0
        var bucketCounts = [UInt64](repeating: 0, count: ControllerMetrics.buckets.count)
        var sum = 0.0
        var count: UInt64 = 0
        var active = 0
    }

    private let state = Mutex<[String: PerController]>([:])

    public init() {}

    func reconciled(_ controller: String, result: String, seconds: Double, failed: Bool) {
        state.withLock { all in
            var c = all[controller, default: PerController()]
            c.results[result, default: 0] += 1
            if failed { c.errors += 1 }
            for (i, bound) in Self.buckets.enumerated() where seconds <= bound { c.bucketCounts[i] += 1 }
            c.sum += seconds
            c.count += 1
            all[controller] = c
        }
    }

    func activeWorkers(_ controller: String, delta: Int) {
        state.withLock { $0[controller, default: PerController()].active += delta }
    }

    /// The Prometheus text exposition of every controller's metrics.
    public var prometheusText: String {
        let all = state.withLock { $0 }
        var out = "# HELP controller_runtime_reconcile_total Total number of reconciliations per controller.\n"
        out += "# TYPE controller_runtime_reconcile_total counter\n"
        for (name, c) in all.sorted(by: { $0.key < $1.key }) {
            for (result, n) in c.results.sorted(by: { $0.key < $1.key }) {
                out += "controller_runtime_reconcile_total{controller=\"\(name)\",result=\"\(result)\"} \(n)\n"
            }
        }
        out +=
            "# HELP controller_runtime_reconcile_errors_total Total number of reconciliation errors per controller.\n"
        out += "# TYPE controller_runtime_reconcile_errors_total counter\n"
        for (name, c) in all.sorted(by: { $0.key < $1.key }) {
            out += "controller_runtime_reconcile_errors_total{controller=\"\(name)\"} \(c.errors)\n"
        }
        out += "# HELP controller_runtime_reconcile_time_seconds Length of time per reconciliation per controller.\n"
        out += "# TYPE controller_runtime_reconcile_time_seconds histogram\n"
        for (name, c) in all.sorted(by: { $0.key < $1.key }) {
            for (i, bound) in Self.buckets.enumerated() {
                out +=
                    "controller_runtime_reconcile_time_seconds_bucket{controller=\"\(name)\",le=\"\(bound)\"} \(c.bucketCounts[i])\n"
            }
            out += "controller_runtime_reconcile_time_seconds_bucket{controller=\"\(name)\",le=\"+Inf\"} \(c.count)\n"
            out += "controller_runtime_reconcile_time_seconds_sum{controller=\"\(name)\"} \(c.sum)\n"
            out += "controller_runtime_reconcile_time_seconds_count{controller=\"\(name)\"} \(c.count)\n"
        }
        out += "# HELP controller_runtime_active_workers Number of currently used workers per controller.\n"
        out += "# TYPE controller_runtime_active_workers gauge\n"
        for (name, c) in all.sorted(by: { $0.key < $1.key }) {
            out += "controller_runtime_active_workers{controller=\"\(name)\"} \(c.active)\n"
        }
        return out
    }
}
