import Foundation
import SwiftletAPI
import SwiftletModels

/// What the Job controller reads from its pods.
enum JobPods {
    /// Pods carry this finalizer until the controller has counted them, so a
    /// pod deleted early still counts once (upstream's job tracking).
    static let trackingFinalizer = "batch.kubernetes.io/job-tracking"
    static let indexAnnotation = "batch.kubernetes.io/job-completion-index"
    static let indexLabel = "batch.kubernetes.io/job-completion-index"

    static func phase(_ pod: CoreV1.Pod) -> String { pod.status?.phase ?? "Pending" }
    static func succeeded(_ pod: CoreV1.Pod) -> Bool { phase(pod) == "Succeeded" }

    /// Failed, or deleted before it could finish (upstream counts those as failed).
    static func failed(_ pod: CoreV1.Pod) -> Bool {
        phase(pod) == "Failed" || (pod.deletionTimestamp != nil && phase(pod) != "Succeeded")
    }

    static func finished(_ pod: CoreV1.Pod) -> Bool { succeeded(pod) || failed(pod) }

    static func tracked(_ pod: CoreV1.Pod) -> Bool { pod.finalizers?.contains(trackingFinalizer) ?? false }

    static func active(_ pod: CoreV1.Pod) -> Bool { pod.deletionTimestamp == nil && !finished(pod) }

    static func index(_ pod: CoreV1.Pod) -> Int? {
        (pod.annotations?[indexAnnotation]).flatMap { Int($0) }
    }

    /// When the pod's last container stopped, for the back-off clock.
    static func finishTime(_ pod: CoreV1.Pod) -> Date? {
        let times = (pod.json[path: ["status", "containerStatuses"]]?.arrayValue ?? []).compactMap {
            $0[path: ["state", "terminated", "finishedAt"]]?.stringValue.flatMap(PodState.parseTime)
        }
        return times.max() ?? pod.deletionTimestamp.flatMap(PodState.parseTime)
    }

    /// Upstream's pod-creation back-off after failures: 10 s doubling per
    /// failure, at most 6 minutes.
    static func backoff(failures: Int) -> TimeInterval {
        guard failures > 0 else { return 0 }
        return min(360, 10 * pow(2, Double(min(failures - 1, 10))))
    }

    /// `0-2,4`: sorted indexes as upstream writes `completedIndexes`.
    static func intervals(_ indexes: Set<Int>) -> String {
        var parts: [String] = []
        var start: Int?
        var previous = -2
        for i in indexes.sorted() {
            if i != previous + 1 {
                if let s = start { parts.append(s == previous ? "\(s)" : "\(s)-\(previous)") }
                start = i
            }
            previous = i
        }
        if let s = start { parts.append(s == previous ? "\(s)" : "\(s)-\(previous)") }
        return parts.joined(separator: ",")
    }

    static func parseIntervals(_ text: String?) -> Set<Int> {
        var out = Set<Int>()
        for part in (text ?? "").split(separator: ",") {
            let bounds = part.split(separator: "-").compactMap { Int($0) }
            if bounds.count == 1 { out.insert(bounds[0]) }
            if bounds.count == 2, bounds[0] <= bounds[1] { out.formUnion(bounds[0]...bounds[1]) }
        }
        return out
    }

    /// The action of the first podFailurePolicy rule a failed pod matches,
    /// with upstream's message for FailJob.
    static func failurePolicyAction(_ pod: CoreV1.Pod, rules: [JSONValue]) -> (action: String, message: String)? {
        let statuses = pod.json[path: ["status", "containerStatuses"]]?.arrayValue ?? []
        let conditions = pod.json[path: ["status", "conditions"]]?.arrayValue ?? []
        for (i, rule) in rules.enumerated() {
            let action = rule["action"]?.stringValue ?? ""
            if let exit = rule["onExitCodes"] {
                let container = exit["containerName"]?.stringValue
                let values = Set((exit["values"]?.arrayValue ?? []).compactMap(\.intValue))
                let isIn = exit["operator"]?.stringValue == "In"
                for status in statuses {
                    let name = status["name"]?.stringValue ?? ""
                    if let container, container != name { continue }
                    guard let code = status[path: ["state", "terminated", "exitCode"]]?.intValue, code != 0 else {
                        continue
                    }
                    if values.contains(code) == isIn {
                        let message =
                            "Container \(name) for pod \(pod.namespace ?? "")/\(pod.name ?? "") failed with exit code \(code) matching \(action) rule at index \(i)"
                        return (action, message)
                    }
                }
            }
            for pattern in rule["onPodConditions"]?.arrayValue ?? [] {
                let type = pattern["type"]?.stringValue ?? ""
                let status = pattern["status"]?.stringValue ?? "True"
                if conditions.contains(where: { $0["type"]?.stringValue == type && $0["status"]?.stringValue == status }
                ) {
                    let message =
                        "Pod \(pod.namespace ?? "")/\(pod.name ?? "") has condition \(type) matching \(action) rule at index \(i)"
                    return (action, message)
                }
            }
        }
        return nil
    }
}
