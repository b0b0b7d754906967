import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels
import Synchronization

/// Runs a Job's pods to completion as upstream's job controller does:
/// `parallelism` pods at a time until `completions` succeed (NonIndexed, or
/// one success per index with `completionMode: Indexed`), new pods held back
/// by the failure back-off, the Job failed after `backoffLimit` failures, at
/// its `activeDeadlineSeconds`, or by a `podFailurePolicy` rule; `suspend`
/// stops its pods; `ttlSecondsAfterFinished` deletes it after it finishes.
///
/// Finished pods are counted exactly once through the job-tracking
/// finalizer: their uids go to `status.uncountedTerminatedPods` first, the
/// finalizer comes off, and then they move into `succeeded` and `failed`.
struct JobReconciler: Reconciler {
    let client: KubernetesClient
    let pods: ObjectStore<CoreV1.Pod>
    let expectations: Expectations
    let events: EventRecorder?
    /// Pods whose tracking finalizer this controller removed, until the
    /// informer shows the change (so a stale cache never counts one twice).
    let released = ReleasedPods()

    static let burst = 500

    func reconcile(_ request: NamespacedName) async throws -> ReconcileResult {
        let key = request.description
        let jobs = client.resource(BatchV1.Job.self, namespace: request.namespace)
        let job: BatchV1.Job
        do {
            job = try await jobs.get(request.name)
        } catch let error as KubernetesError where error.isNotFound {
            expectations.forget(key)
            try await releaseOrphans(namespace: request.namespace, jobName: request.name)
            return .done
        }
        let owned = pods.list(namespace: request.namespace).filter { pod in
            pod.ownerReferences?.contains { $0.controller == true && $0.uid == job.uid } ?? false
        }
        forgetSeenReleases(owned)
        var state = JobState(job: job, now: Date())
        for pod in owned { if let uid = pod.uid, let index = JobPods.index(pod) { state.podIndexes[uid] = index } }

        // Count finished pods: uncounted first, then finalizers off, then counts.
        let newlyFinished = owned.filter { pod in
            JobPods.tracked(pod) && JobPods.finished(pod) && !state.isUncounted(pod.uid ?? "")
                && !released.contains(pod.uid ?? "")
        }
        var ignored: [CoreV1.Pod] = []
        for pod in newlyFinished {
            if JobPods.failed(pod), let (action, message) = JobPods.failurePolicyAction(pod, rules: state.failureRules)
            {
                switch action {
                case "Ignore":
                    ignored.append(pod)
                    continue
                case "FailJob":
                    state.failureTarget = state.failureTarget ?? ("PodFailurePolicy", message)
                default: break
                }
            }
            state.addUncounted(pod)
        }
        // Later status writes go on from this one, so a concurrent change
        // to the Job is a conflict (and a retry), never overwritten.
        var current = job
        if !newlyFinished.isEmpty, state.uncountedChanged {
            current = try await writeStatus(job, state.status(active: owned))
        }
        for pod in owned where JobPods.tracked(pod) && (state.isUncounted(pod.uid ?? "") || ignored.contains(pod)) {
            if try await removeFinalizer(pod) { state.confirmCounted(pod.uid ?? "") }
        }
        state.countGone(present: Set(owned.compactMap(\.uid)))

        if state.isFinished {
            try await deleteActive(owned, of: job)
            try await writeStatusIfChanged(current, state.status(active: owned))
            return try await expireAfterTTL(job, state: state)
        }

        let active = owned.filter(JobPods.active)
        state.checkFailure()
        if let (reason, message) = state.failureTarget {
            state.setCondition("FailureTarget", reason: reason, message: message)
            try await deleteActive(active, of: job)
            if active.isEmpty, state.allCounted {
                state.setCondition("Failed", reason: reason, message: message)
                await events?.record(job, type: .warning, reason: reason, message: message)
            }
            try await writeStatusIfChanged(current, state.status(active: owned))
            return state.isFinished ? try await expireAfterTTL(job, state: state) : .requeueAfter(.seconds(1))
        }
        if state.succeededEnough(activeCount: active.count) {
            try await deleteActive(active, of: job)
            if state.allCounted {
                state.setCondition(
                    "Complete", reason: "CompletionsReached", message: "Reached expected number of succeeded pods")
                state.completionTime = Timestamp.rfc3339(state.now)
                await events?.record(job, reason: "Completed", message: "Job completed")
            }
            try await writeStatusIfChanged(current, state.status(active: owned))
            return state.isFinished ? try await expireAfterTTL(job, state: state) : .requeueAfter(.seconds(1))
        }
        if state.suspended {
            try await deleteActive(active, of: job)
            if !state.hasCondition("Suspended") {
                await events?.record(job, reason: "Suspended", message: "Job suspended")
            }
            state.setCondition("Suspended", reason: "JobSuspended", message: "Job suspended")
            state.startTime = nil
            try await writeStatusIfChanged(current, state.status(active: owned))
            return .done
        }
        if state.hasCondition("Suspended") {
            state.setCondition("Suspended", status: "False", reason: "JobResumed", message: "Job resumed")
            await events?.record(job, reason: "Resumed", message: "Job resumed")
        }
        if state.startTime == nil { state.startTime = Timestamp.rfc3339(state.now) }

        var result = ReconcileResult.done
        if expectations.satisfied(key) {
            let wait = backoffRemaining(owned, failures: state.failed)
            if wait > 0 {
                result = .requeueAfter(.milliseconds(Int64(wait * 1000)))
            } else {
                try await manage(job, state: state, active: active, key: key)
            }
        }
        try await writeStatusIfChanged(current, state.status(active: owned))
        if let deadline = state.deadline {
            let left = deadline.timeIntervalSince(state.now)
            if case .done = result { result = .requeueAfter(.milliseconds(Int64(max(left, 0.1) * 1000))) }
        }
        return result
    }

    // MARK: Pods

    private func manage(_ job: BatchV1.Job, state: JobState, active: [CoreV1.Pod], key: String) async throws {
        let podsAPI = client.resource(CoreV1.Pod.self, namespace: job.namespace ?? "")
        var creations: [Int?] = []
        if state.indexed {
            let busy = Set(active.compactMap(JobPods.index))
            let pending = (0..<state.completions).filter { !state.completedIndexes.contains($0) && !busy.contains($0) }
            creations = pending.prefix(max(0, state.parallelism - active.count)).map { $0 }
        } else {
            var want = state.parallelism
            if state.hasCompletions { want = min(want, max(0, state.completions - state.succeeded)) }
            if active.count < want {
                creations = Array(repeating: nil, count: want - active.count)
            } else if active.count > want {
                let extra = active.sorted { ($0.creationTimestamp ?? "") > ($1.creationTimestamp ?? "") }
                    .prefix(active.count - want)
                try await deleteActive(Array(extra), of: job)
            }
        }
        guard !creations.isEmpty else { return }
        let batch = Array(creations.prefix(Self.burst))
        expectations.expect(key, adds: batch.count)
        for index in batch {
            do {
                let pod = try await podsAPI.create(Self.pod(from: job, index: index))
                await events?.record(job, reason: "SuccessfulCreate", message: "Created pod: \(pod.name ?? "")")
            } catch {
                expectations.observedAdd(key)
                throw error
            }
        }
    }

    /// A pod from the template, owned by the Job and tracked by its finalizer.
    static func pod(from job: BatchV1.Job, index: Int?) -> CoreV1.Pod {
        var pod = CoreV1.Pod()
        let name = job.name ?? ""
        pod.json[path: ["metadata"]] = job.json[path: ["spec", "template", "metadata"]] ?? .object(JSONObject())
        pod.json[path: ["metadata", "name"]] = nil
        pod.json[path: ["metadata", "generateName"]] = .string(index.map { "\(name)-\($0)-" } ?? "\(name)-")
        pod.json[path: ["metadata", "finalizers"]] = [.string(JobPods.trackingFinalizer)]
        var spec = job.json[path: ["spec", "template", "spec"]] ?? .object(JSONObject())
        if let index {
            pod.json[path: ["metadata", "annotations", JobPods.indexAnnotation]] = .string(String(index))
            pod.json[path: ["metadata", "labels", JobPods.indexLabel]] = .string(String(index))
            if spec["hostname"] == nil { spec["hostname"] = .string("\(name)-\(index)") }
            let env: JSONValue = [
                "name": "JOB_COMPLETION_INDEX",
                "valueFrom": [
                    "fieldRef": [
                        "apiVersion": "v1",
                        "fieldPath": .string("metadata.annotations['\(JobPods.indexAnnotation)']"),
                    ]
                ],
            ]
            for list in ["initContainers", "containers"] {
                guard var containers = spec[list]?.arrayValue else { continue }
                for i in containers.indices {
                    var vars = containers[i]["env"]?.arrayValue ?? []
                    if !vars.contains(where: { $0["name"] == "JOB_COMPLETION_INDEX" }) { vars.insert(env, at: 0) }
                    containers[i]["env"] = .array(vars)
                }
                spec[list] = .array(containers)
            }
        }
        pod.json[path: ["spec"]] = spec
        pod.setControllerReference(job)
        return pod
    }

    private func deleteActive(_ pods: [CoreV1.Pod], of job: BatchV1.Job? = nil) async throws {
        let victims = pods.filter(JobPods.active)
        guard !victims.isEmpty else { return }
        for pod in victims {
            let api = client.resource(CoreV1.Pod.self, namespace: pod.namespace ?? "")
            _ = try? await api.delete(pod.name ?? "", options: DeleteOptions(preconditionUID: pod.uid))
        }
        if let owner = job {
            await events?.record(
                owner, reason: "SuccessfulDelete",
                message: "Deleted pod: \(victims.map { $0.name ?? "" }.joined(separator: ", "))")
        }
    }

    /// Takes the tracking finalizer off; true once it is gone.
    private func removeFinalizer(_ pod: CoreV1.Pod) async throws -> Bool {
        let api = client.resource(CoreV1.Pod.self, namespace: pod.namespace ?? "")
        let kept = (pod.finalizers ?? []).filter { $0 != JobPods.trackingFinalizer }
        do {
            _ = try await api.patch(
                pod.name ?? "",
                .merge([
                    "metadata": [
                        "finalizers": kept.isEmpty ? .null : .array(kept.map { .string($0) }),
                        "resourceVersion": .string(pod.resourceVersion ?? ""),
                    ]
                ]))
        } catch let error as KubernetesError where error.isNotFound {
            return true
        }
        released.insert(pod.uid ?? "")
        return true
    }

    /// Pods of a Job that no longer exists keep no tracking finalizer.
    private func releaseOrphans(namespace: String, jobName: String) async throws {
        for pod in pods.list(namespace: namespace) where JobPods.tracked(pod) {
            guard pod.ownerReferences?.contains(where: { $0.kind == "Job" && $0.name == jobName }) ?? false else {
                continue
            }
            _ = try? await removeFinalizer(pod)
        }
    }

    private func forgetSeenReleases(_ owned: [CoreV1.Pod]) {
        released.keep(only: Set(owned.filter(JobPods.tracked).compactMap(\.uid)))
    }

    /// Seconds until the next pod may be created after the latest failure.
    private func backoffRemaining(_ owned: [CoreV1.Pod], failures: Int) -> TimeInterval {
        guard failures > 0,
            let last = owned.filter({ JobPods.phase($0) == "Failed" }).compactMap(JobPods.finishTime).max()
        else { return 0 }
        return last.addingTimeInterval(JobPods.backoff(failures: failures)).timeIntervalSinceNow
    }

    // MARK: Status and TTL

    /// Writes status at the Job's resourceVersion (a conflict if it changed).
    @discardableResult
    private func writeStatus(_ job: BatchV1.Job, _ status: JSONValue) async throws -> BatchV1.Job {
        var updated = job
        updated.json["status"] = status
        return try await client.resource(BatchV1.Job.self, namespace: job.namespace).updateStatus(updated)
    }

    private func writeStatusIfChanged(_ job: BatchV1.Job, _ status: JSONValue) async throws {
        guard status != (job.json["status"] ?? .object(JSONObject())) else { return }
        try await writeStatus(job, status)
    }

    /// Deletes a finished Job `ttlSecondsAfterFinished` after it finished.
    private func expireAfterTTL(_ job: BatchV1.Job, state: JobState) async throws -> ReconcileResult {
        guard let ttl = job.json[path: ["spec", "ttlSecondsAfterFinished"]]?.intValue, let finished = state.finishedAt
        else { return .done }
        let left = finished.addingTimeInterval(TimeInterval(ttl)).timeIntervalSince(Date())
        if left > 0 { return .requeueAfter(.milliseconds(Int64(left * 1000) + 1)) }
        _ = try? await client.resource(BatchV1.Job.self, namespace: job.namespace).delete(
            job.name ?? "", options: DeleteOptions(propagationPolicy: .foreground, preconditionUID: job.uid))
        return .done
    }
}

/// Uids of pods whose tracking finalizer the controller removed.
final class ReleasedPods: Sendable {
    private let uids = Mutex<Set<String>>([])

    func contains(_ uid: String) -> Bool { uids.withLock { $0.contains(uid) } }
    func insert(_ uid: String) { uids.withLock { _ = $0.insert(uid) } }
    /// Forgets the pods the informer no longer shows with the finalizer.
    func keep(only stillShown: Set<String>) { uids.withLock { $0.formIntersection(stillShown) } }
}
