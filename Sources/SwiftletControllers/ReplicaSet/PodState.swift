import Foundation
import SwiftletAPI
import SwiftletModels

/// Facts about pods that the workload controllers share.
enum PodState {
    static func isActive(_ pod: CoreV1.Pod) -> Bool {
        let phase = pod.status?.phase
        return pod.deletionTimestamp == nil && phase != "Succeeded" && phase != "Failed"
    }

    static func isReady(_ pod: CoreV1.Pod) -> Bool {
        pod.status?.conditions?.contains { $0.type == "Ready" && $0.status == "True" } ?? false
    }

    /// Ready for at least `minReadySeconds`.
    static func isAvailable(_ pod: CoreV1.Pod, minReadySeconds: Int32, now: Date) -> Bool {
        guard let ready = pod.status?.conditions?.first(where: { $0.type == "Ready" && $0.status == "True" }) else {
            return false
        }
        guard minReadySeconds > 0 else { return true }
        guard let since = ready.lastTransitionTime.flatMap(parseTime) else { return false }
        return now.timeIntervalSince(since) >= Double(minReadySeconds)
    }

    /// Controllers read timestamps on every pass: no formatter per call.
    static func parseTime(_ text: String) -> Date? { Timestamp.date(text) }

    /// Upstream's order for scale-down: pods that cost least to lose first.
    /// Unassigned before assigned, pending before unknown before running,
    /// not ready before ready, more restarts first, newer before older.
    static func deletionOrder(_ a: CoreV1.Pod, _ b: CoreV1.Pod) -> Bool {
        let assignedA = !(a.spec?.nodeName ?? "").isEmpty
        let assignedB = !(b.spec?.nodeName ?? "").isEmpty
        if assignedA != assignedB { return !assignedA }
        let rank: [String: Int] = ["Pending": 0, "Unknown": 1, "Running": 2]
        let phaseA = rank[a.status?.phase ?? "Pending"] ?? 0
        let phaseB = rank[b.status?.phase ?? "Pending"] ?? 0
        if phaseA != phaseB { return phaseA < phaseB }
        if isReady(a) != isReady(b) { return !isReady(a) }
        let restartsA = a.status?.containerStatuses?.reduce(0) { $0 + Int($1.restartCount ?? 0) } ?? 0
        let restartsB = b.status?.containerStatuses?.reduce(0) { $0 + Int($1.restartCount ?? 0) } ?? 0
        if restartsA != restartsB { return restartsA > restartsB }
        return (a.creationTimestamp ?? "") > (b.creationTimestamp ?? "")
    }
}
