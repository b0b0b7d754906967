import Foundation
import SwiftletAPI
import SwiftletModels

/// One reconcile's view of a Job: its spec facts and the status being built.
struct JobState {
    let now: Date
    let parallelism: Int
    let completions: Int
    let hasCompletions: Bool
    let indexed: Bool
    let backoffLimit: Int
    let suspended: Bool
    let activeDeadline: Int64?
    let failureRules: [JSONValue]

    var succeeded: Int
    var failed: Int
    var uncountedSucceeded: [String]
    var uncountedFailed: [String]
    var completedIndexes: Set<Int>
    var conditions: [JSONValue]
    var startTime: String?
    var completionTime: String?
    /// Why the Job is failing, once it is (reason, message).
    var failureTarget: (String, String)?
    private(set) var uncountedChanged = false
    /// The completion index of each owned pod, by uid (Indexed Jobs).
    var podIndexes: [String: Int] = [:]

    init(job: BatchV1.Job, now: Date) {
        self.now = now
        let spec = job.json["spec"] ?? .object(JSONObject())
        let status = job.json["status"] ?? .object(JSONObject())
        parallelism = Int(spec["parallelism"]?.intValue ?? 1)
        hasCompletions = spec["completions"]?.intValue != nil
        completions = Int(spec["completions"]?.intValue ?? 0)
        indexed = spec["completionMode"]?.stringValue == "Indexed"
        backoffLimit = Int(spec["backoffLimit"]?.intValue ?? 6)
        suspended = spec["suspend"]?.boolValue ?? false
        activeDeadline = spec["activeDeadlineSeconds"]?.intValue
        failureRules = spec[path: ["podFailurePolicy", "rules"]]?.arrayValue ?? []
        succeeded = Int(status["succeeded"]?.intValue ?? 0)
        failed = Int(status["failed"]?.intValue ?? 0)
        uncountedSucceeded =
            status[path: ["uncountedTerminatedPods", "succeeded"]]?.arrayValue?.compactMap(\.stringValue) ?? []
        uncountedFailed =
            status[path: ["uncountedTerminatedPods", "failed"]]?.arrayValue?.compactMap(\.stringValue) ?? []
        completedIndexes = JobPods.parseIntervals(status["completedIndexes"]?.stringValue)
        conditions = status["conditions"]?.arrayValue ?? []
        startTime = status["startTime"]?.stringValue
        completionTime = status["completionTime"]?.stringValue
        if let target = conditions.first(where: { $0["type"] == "FailureTarget" && $0["status"] == "True" }) {
            failureTarget = (target["reason"]?.stringValue ?? "", target["message"]?.stringValue ?? "")
        }
    }

    // MARK: Counting

    func isUncounted(_ uid: String) -> Bool { uncountedSucceeded.contains(uid) || uncountedFailed.contains(uid) }

    var allCounted: Bool { uncountedSucceeded.isEmpty && uncountedFailed.isEmpty }

    mutating func addUncounted(_ pod: CoreV1.Pod) {
        guard let uid = pod.uid else { return }
        if JobPods.succeeded(pod) {
            uncountedSucceeded.append(uid)
        } else {
            uncountedFailed.append(uid)
        }
        uncountedChanged = true
    }

    /// A pod whose finalizer is off: its uncounted entry becomes a count.
    mutating func confirmCounted(_ uid: String) {
        if let i = uncountedSucceeded.firstIndex(of: uid) {
            uncountedSucceeded.remove(at: i)
            succeeded += 1
            if indexed, let index = podIndexes[uid], index < completions { completedIndexes.insert(index) }
        } else if let i = uncountedFailed.firstIndex(of: uid) {
            uncountedFailed.remove(at: i)
            failed += 1
        }
    }

    /// Uncounted pods that are gone altogether count too.
    mutating func countGone(present: Set<String>) {
        for uid in uncountedSucceeded + uncountedFailed where !present.contains(uid) { confirmCounted(uid) }
    }

    // MARK: Decisions

    var isFinished: Bool { hasCondition("Complete") || hasCondition("Failed") }

    var deadline: Date? {
        guard let seconds = activeDeadline, let start = startTime.flatMap(PodState.parseTime) else { return nil }
        return start.addingTimeInterval(TimeInterval(seconds))
    }

    mutating func checkFailure() {
        guard failureTarget == nil else { return }
        if failed + uncountedFailed.count > backoffLimit {
            failureTarget = ("BackoffLimitExceeded", "Job has reached the specified backoff limit")
        } else if let deadline, deadline <= now {
            failureTarget = ("DeadlineExceeded", "Job was active longer than specified deadline")
        }
    }

    func succeededEnough(activeCount: Int) -> Bool {
        let done = succeeded + uncountedSucceeded.count
        if indexed {
            let pending = Set(uncountedSucceeded.compactMap { podIndexes[$0] }.filter { $0 < completions })
            return completedIndexes.union(pending).count >= completions
        }
        if hasCompletions { return done >= completions }
        // Without completions, the first success ends the Job once nothing else runs.
        return done > 0 && activeCount == 0
    }

    var finishedAt: Date? {
        if let completionTime, let date = PodState.parseTime(completionTime) { return date }
        let failedCondition = conditions.first { $0["type"] == "Failed" && $0["status"] == "True" }
        return failedCondition?["lastTransitionTime"]?.stringValue.flatMap(PodState.parseTime)
    }

    // MARK: Conditions

    func hasCondition(_ type: String) -> Bool {
        conditions.contains { $0["type"]?.stringValue == type && $0["status"] == "True" }
    }

    mutating func setCondition(_ type: String, status: String = "True", reason: String, message: String) {
        let stamp = JSONValue.string(Timestamp.rfc3339(now))
        if let i = conditions.firstIndex(where: { $0["type"]?.stringValue == type }) {
            guard conditions[i]["status"]?.stringValue != status || conditions[i]["reason"]?.stringValue != reason
            else { return }
            conditions[i] = [
                "type": .string(type), "status": .string(status), "reason": .string(reason),
                "message": .string(message), "lastProbeTime": stamp, "lastTransitionTime": stamp,
            ]
        } else {
            conditions.append([
                "type": .string(type), "status": .string(status), "reason": .string(reason),
                "message": .string(message), "lastProbeTime": stamp, "lastTransitionTime": stamp,
            ])
        }
    }

    /// The status to write, from the pods the Job owns now.
    func status(active owned: [CoreV1.Pod]) -> JSONValue {
        var status = JSONObject()
        if !conditions.isEmpty { status["conditions"] = .array(conditions) }
        if let startTime { status["startTime"] = .string(startTime) }
        if let completionTime { status["completionTime"] = .string(completionTime) }
        let active = owned.filter(JobPods.active)
        if !active.isEmpty { status["active"] = .int(Int64(active.count)) }
        if succeeded > 0 { status["succeeded"] = .int(Int64(succeeded)) }
        if failed > 0 { status["failed"] = .int(Int64(failed)) }
        let stopping = owned.filter {
            $0.deletionTimestamp != nil && !["Succeeded", "Failed"].contains(JobPods.phase($0))
        }
        status["terminating"] = .int(Int64(stopping.count))
        status["ready"] = .int(Int64(active.filter(PodState.isReady).count))
        if indexed { status["completedIndexes"] = .string(JobPods.intervals(completedIndexes)) }
        var uncounted = JSONObject()
        if !uncountedSucceeded.isEmpty { uncounted["succeeded"] = .array(uncountedSucceeded.map { .string($0) }) }
        if !uncountedFailed.isEmpty { uncounted["failed"] = .array(uncountedFailed.map { .string($0) }) }
        status["uncountedTerminatedPods"] = .object(uncounted)
        return .object(status)
    }
}
