import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels

/// Creates a Job from a CronJob's template at each scheduled time, as
/// upstream's cronjob controller (v2) does: the Job is named after the
/// schedule time (`NAME-MINUTES`, so a retry never runs it twice), late
/// starts honour `startingDeadlineSeconds`, `concurrencyPolicy` decides what
/// happens to a Job still running (Allow, Forbid, Replace), `suspend` stops
/// new Jobs, finished Jobs beyond the history limits are deleted, and status
/// keeps `active`, `lastScheduleTime` and `lastSuccessfulTime`.
struct CronJobReconciler: Reconciler {
    let client: KubernetesClient
    let jobs: ObjectStore<BatchV1.Job>
    let events: EventRecorder?
    /// Upstream stops counting missed start times here and starts the latest one.
    static let maxMissedStarts = 100
    static let scheduledAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp"

    func reconcile(_ request: NamespacedName) async throws -> ReconcileResult {
        let api = client.resource(BatchV1.CronJob.self, namespace: request.namespace)
        let cronJob: BatchV1.CronJob
        do {
            cronJob = try await api.get(request.name)
        } catch let error as KubernetesError where error.isNotFound {
            return .done
        }
        guard !cronJob.isBeingDeleted else { return .done }
        let now = Date()
        let owned = jobs.list(namespace: request.namespace).filter { job in
            job.ownerReferences?.contains { $0.controller == true && $0.uid == cronJob.uid } ?? false
        }
        var status = cronJob.json["status"]?.objectValue ?? JSONObject()

        // Active refs: the owned Jobs still running.
        let running = owned.filter { !Self.finished($0) }
        status["active"] =
            running.isEmpty ? nil : .array(running.sorted { ($0.name ?? "") < ($1.name ?? "") }.map(Self.reference))
        for job in owned where Self.succeeded(job) {
            let time = job.json[path: ["status", "completionTime"]]?.stringValue
            if let time, (status["lastSuccessfulTime"]?.stringValue ?? "") < time {
                status["lastSuccessfulTime"] = .string(time)
            }
        }
        try await cleanUpHistory(cronJob, owned: owned)

        let spec = cronJob.json["spec"] ?? .object(JSONObject())
        let schedule: CronSchedule
        let zone: TimeZone
        do {
            schedule = try CronSchedule(spec["schedule"]?.stringValue ?? "")
            guard let z = Self.zone(spec["timeZone"]?.stringValue) else {
                throw CronSchedule.ParseError(description: "unknown time zone \(spec["timeZone"]?.stringValue ?? "")")
            }
            zone = z
        } catch {
            await events?.record(
                cronJob, type: .warning, reason: "UnparseableSchedule", message: "unparseable schedule: \(error)")
            try await writeStatus(cronJob, status)
            throw TerminalError("\(request): \(error)")
        }
        if spec["suspend"]?.boolValue == true {
            try await writeStatus(cronJob, status)
            return .done
        }

        // The latest schedule time not yet started.
        let created = cronJob.creationTimestamp.flatMap(PodState.parseTime) ?? now
        var earliest = status["lastScheduleTime"]?.stringValue.flatMap(PodState.parseTime) ?? created
        let deadline = spec["startingDeadlineSeconds"]?.intValue
        if let deadline { earliest = max(earliest, now.addingTimeInterval(-TimeInterval(deadline))) }
        var latest: Date?
        var missed = 0
        var t = earliest
        while let next = schedule.next(after: t, in: zone), next <= now {
            latest = next
            t = next
            missed += 1
            if missed > Self.maxMissedStarts {
                // Jump to the latest time without walking every one.
                var probe = now.addingTimeInterval(-7 * 86400)
                while let n = schedule.next(after: probe, in: zone), n <= now { latest = n; probe = n }
                break
            }
        }
        let upcoming = schedule.next(after: now, in: zone)
        let wait: ReconcileResult =
            upcoming.map { .requeueAfter(.milliseconds(Int64(max(0, $0.timeIntervalSince(now)) * 1000) + 100)) }
            ?? .done
        if missed > Self.maxMissedStarts {
            await events?.record(
                cronJob, type: .warning, reason: "TooManyMissedTimes",
                message:
                    "too many missed start times: \(missed). Set or decrease .spec.startingDeadlineSeconds or check clock skew"
            )
        }
        guard let scheduled = latest else {
            try await writeStatus(cronJob, status)
            return wait
        }
        if let deadline, scheduled.addingTimeInterval(TimeInterval(deadline)) < now {
            await events?.record(
                cronJob, type: .warning, reason: "MissSchedule",
                message: "Missed scheduled time to start a job: \(Timestamp.rfc3339(scheduled))")
            try await writeStatus(cronJob, status)
            return wait
        }
        switch spec["concurrencyPolicy"]?.stringValue ?? "Allow" {
        case "Forbid" where !running.isEmpty:
            try await writeStatus(cronJob, status)
            return wait
        case "Replace":
            for job in running {
                _ = try? await client.resource(BatchV1.Job.self, namespace: job.namespace).delete(
                    job.name ?? "", options: DeleteOptions(propagationPolicy: .background))
                await events?.record(cronJob, reason: "SuccessfulDelete", message: "Deleted job \(job.name ?? "")")
            }
            status["active"] = nil
        default: break
        }

        let job = Self.job(from: cronJob, scheduled: scheduled)
        let jobsAPI = client.resource(BatchV1.Job.self, namespace: request.namespace)
        let made: BatchV1.Job
        do {
            made = try await jobsAPI.create(job)
            await events?.record(cronJob, reason: "SuccessfulCreate", message: "Created job \(made.name ?? "")")
        } catch let error as KubernetesError where error.isAlreadyExists {
            made = try await jobsAPI.get(job.name ?? "")
            guard made.ownerReferences?.contains(where: { $0.uid == cronJob.uid }) == true else { throw error }
        }
        var active = status["active"]?.arrayValue ?? []
        if !active.contains(where: { $0["uid"]?.stringValue == made.uid }) { active.append(Self.reference(made)) }
        status["active"] = .array(active)
        status["lastScheduleTime"] = .string(Timestamp.rfc3339(scheduled))
        try await writeStatus(cronJob, status)
        return wait
    }

    /// The Job for one scheduled time: the template, owned by the CronJob.
    static func job(from cronJob: BatchV1.CronJob, scheduled: Date) -> BatchV1.Job {
        var job = BatchV1.Job()
        let template = cronJob.json[path: ["spec", "jobTemplate"]] ?? .object(JSONObject())
        job.json["metadata"] = template["metadata"] ?? .object(JSONObject())
        job.json[path: ["metadata", "name"]] = .string(
            "\(cronJob.name ?? "")-\(Int64(scheduled.timeIntervalSince1970) / 60)")
        job.json[path: ["metadata", "namespace"]] = nil
        job.json[path: ["metadata", "annotations", scheduledAnnotation]] = .string(Timestamp.rfc3339(scheduled))
        job.json["spec"] = template["spec"] ?? .object(JSONObject())
        job.setControllerReference(cronJob)
        return job
    }

    static func reference(_ job: BatchV1.Job) -> JSONValue {
        [
            "kind": "Job", "apiVersion": "batch/v1", "name": .string(job.name ?? ""),
            "namespace": .string(job.namespace ?? ""), "uid": .string(job.uid ?? ""),
            "resourceVersion": .string(job.resourceVersion ?? ""),
        ]
    }

    static func condition(_ job: BatchV1.Job, _ type: String) -> Bool {
        (job.json[path: ["status", "conditions"]]?.arrayValue ?? []).contains {
            $0["type"]?.stringValue == type && $0["status"] == "True"
        }
    }

    static func finished(_ job: BatchV1.Job) -> Bool { condition(job, "Complete") || condition(job, "Failed") }
    static func succeeded(_ job: BatchV1.Job) -> Bool { condition(job, "Complete") }

    static func zone(_ name: String?) -> TimeZone? {
        guard let name, !name.isEmpty else { return TimeZone(identifier: "UTC") }
        return TimeZone(identifier: name)
    }

    /// Deletes the oldest finished Jobs beyond the history limits.
    private func cleanUpHistory(_ cronJob: BatchV1.CronJob, owned: [BatchV1.Job]) async throws {
        let limits: [(Bool, Int64)] = [
            (true, cronJob.json[path: ["spec", "successfulJobsHistoryLimit"]]?.intValue ?? 3),
            (false, cronJob.json[path: ["spec", "failedJobsHistoryLimit"]]?.intValue ?? 1),
        ]
        for (successful, limit) in limits {
            let finished = owned.filter { successful ? Self.succeeded($0) : Self.condition($0, "Failed") }
                .sorted {
                    ($0.json[path: ["status", "startTime"]]?.stringValue ?? $0.creationTimestamp ?? "")
                        < ($1.json[path: ["status", "startTime"]]?.stringValue ?? $1.creationTimestamp ?? "")
                }
            guard finished.count > Int(limit) else { continue }
            for job in finished.prefix(finished.count - Int(limit)) where !job.isBeingDeleted {
                _ = try? await client.resource(BatchV1.Job.self, namespace: job.namespace).delete(
                    job.name ?? "", options: DeleteOptions(propagationPolicy: .background))
                await events?.record(cronJob, reason: "SuccessfulDelete", message: "Deleted job \(job.name ?? "")")
            }
        }
    }

    private func writeStatus(_ cronJob: BatchV1.CronJob, _ status: JSONObject) async throws {
        guard JSONValue.object(status) != (cronJob.json["status"] ?? .object(JSONObject())) else { return }
        var updated = cronJob
        updated.json["status"] = .object(status)
        _ = try await client.resource(BatchV1.CronJob.self, namespace: cronJob.namespace).updateStatus(updated)
    }
}
