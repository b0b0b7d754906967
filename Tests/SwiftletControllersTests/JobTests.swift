import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletControllers
import SwiftletModels
import SwiftletTesting
import Testing

/// The Job controller against an in-process API server. No node agent runs
/// here: the tests play the kubelet by writing pod phases.
@Suite("Built-in controllers: Job", .timeLimit(.minutes(3)))
struct JobTests {
    struct Harness {
        let server: TestAPIServer
        let client: KubernetesClient
        let run: Task<Void, any Error>
        var jobs: TypedResource<BatchV1.Job> { client.resource(BatchV1.Job.self, namespace: "default") }
        var podsAPI: TypedResource<CoreV1.Pod> { client.resource(CoreV1.Pod.self, namespace: "default") }

        static func start() async throws -> Harness {
            let server = try await TestAPIServer.start()
            let client = try server.kubernetesClient()
            let run = Task {
                try await ControllerManager.make(client: client, controllers: ["job", "garbagecollector"]).run()
            }
            return Harness(server: server, client: client, run: run)
        }

        func stop() async throws {
            run.cancel()
            try await client.shutdown()
            await server.stop()
        }

        func create(_ name: String, spec: JSONValue) async throws -> BatchV1.Job {
            var job = BatchV1.Job()
            job.name = name
            var full = spec
            full["template"] = [
                "spec": [
                    "restartPolicy": "Never",
                    "containers": [["name": "work", "image": "busybox", "command": ["true"]]],
                ]
            ]
            job.json["spec"] = full
            return try await jobs.create(job)
        }

        func pods(of job: String) async throws -> [CoreV1.Pod] {
            try await podsAPI.list(ListOptions(labelSelector: "job-name=\(job)")).items
        }

        func running(_ job: String) async throws -> [CoreV1.Pod] {
            try await pods(of: job).filter {
                $0.deletionTimestamp == nil && ($0.status?.phase ?? "Pending") == "Pending"
            }
        }

        /// Plays the kubelet: the pod ends with `exitCode`.
        func finish(_ pod: CoreV1.Pod, exitCode: Int64 = 0) async throws {
            var ended = pod
            ended.json["status"] = [
                "phase": .string(exitCode == 0 ? "Succeeded" : "Failed"),
                "containerStatuses": [
                    [
                        "name": "work", "image": "busybox", "imageID": "", "ready": false, "restartCount": 0,
                        "state": [
                            "terminated": [
                                "exitCode": .int(exitCode), "reason": exitCode == 0 ? "Completed" : "Error",
                                "finishedAt": .string(Timestamp.rfc3339(Date())),
                            ]
                        ],
                    ]
                ],
            ]
            _ = try await podsAPI.updateStatus(ended)
        }

        func condition(_ job: String, _ type: String) async throws -> JSONValue? {
            try await jobs.get(job).json[path: ["status", "conditions"]]?.arrayValue?.first {
                $0["type"]?.stringValue == type && $0["status"] == "True"
            }
        }
    }

    @Test func runsCompletionsWithParallelismAndCountsEachPodOnce() async throws {
        let h = try await Harness.start()
        _ = try await h.create("batch", spec: ["completions": 3, "parallelism": 2])
        #expect(try await eventually { try await h.running("batch").count == 2 })
        let first = try await h.running("batch")
        #expect(first.allSatisfy { $0.finalizers?.contains("batch.kubernetes.io/job-tracking") == true })
        #expect(first.allSatisfy { $0.ownerReferences?.first?.kind == "Job" })
        #expect(try await eventually { try await h.jobs.get("batch").status?.active == 2 })

        try await h.finish(first[0])
        // One success: a third pod starts beside the one still running.
        #expect(try await eventually { try await h.running("batch").count == 2 })
        #expect(try await eventually { try await h.jobs.get("batch").status?.succeeded == 1 })
        for pod in try await h.running("batch") { try await h.finish(pod) }

        #expect(try await eventually { try await h.condition("batch", "Complete") != nil })
        let done = try await h.jobs.get("batch")
        #expect(done.status?.succeeded == 3)
        #expect(done.status?.active == nil)
        #expect(done.status?.completionTime != nil)
        #expect(done.status?.startTime != nil)
        #expect(try await h.condition("batch", "Complete")?["reason"] == "CompletionsReached")
        #expect(try await h.pods(of: "batch").count == 3)
        #expect(
            try await eventually {
                try await h.pods(of: "batch").allSatisfy { ($0.finalizers ?? []).isEmpty }
            })
        let events = h.client.resource(CoreV1.Event.self, namespace: "default")
        #expect(
            try await eventually {
                let reasons = try await events.list(ListOptions(fieldSelector: "involvedObject.name=batch")).items
                    .compactMap(\.reason)
                return reasons.contains("Completed") && reasons.contains("SuccessfulCreate")
            })
        try await h.stop()
    }

    @Test func failsAfterTheBackoffLimitOrAtTheDeadline() async throws {
        let h = try await Harness.start()
        _ = try await h.create("flaky", spec: ["backoffLimit": 0])
        #expect(try await eventually { try await h.running("flaky").count == 1 })
        try await h.finish(try #require(try await h.running("flaky").first), exitCode: 1)
        #expect(try await eventually { try await h.condition("flaky", "Failed") != nil })
        #expect(try await h.condition("flaky", "Failed")?["reason"] == "BackoffLimitExceeded")
        #expect(try await h.condition("flaky", "FailureTarget") != nil)
        #expect(try await h.jobs.get("flaky").status?.failed == 1)
        // No replacement after the Job failed.
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await h.pods(of: "flaky").count == 1)

        _ = try await h.create("slow", spec: ["activeDeadlineSeconds": 1, "parallelism": 2])
        #expect(try await eventually { try await h.running("slow").count == 2 })
        #expect(try await eventually(timeout: .seconds(20)) { try await h.condition("slow", "Failed") != nil })
        #expect(try await h.condition("slow", "Failed")?["message"] == "Job was active longer than specified deadline")
        #expect(try await eventually { try await h.running("slow").isEmpty })
        try await h.stop()
    }

    @Test func podFailurePolicyFailsOrIgnores() async throws {
        let h = try await Harness.start()
        _ = try await h.create(
            "policy",
            spec: [
                "backoffLimit": 5, "parallelism": 1,
                "podFailurePolicy": [
                    "rules": [
                        ["action": "Ignore", "onExitCodes": ["operator": "In", "values": [7]]],
                        [
                            "action": "FailJob",
                            "onExitCodes": ["containerName": "work", "operator": "In", "values": [42]],
                        ],
                    ]
                ],
            ])
        #expect(try await eventually { try await h.running("policy").count == 1 })
        let first = try #require(try await h.running("policy").first)
        try await h.finish(first, exitCode: 7)
        // Ignored: not a failure, and a replacement starts at once.
        #expect(try await eventually { try await h.running("policy").count == 1 })
        let second = try #require(try await h.running("policy").first)
        #expect(second.name != first.name)
        #expect(try await h.jobs.get("policy").status?.failed == nil)
        try await h.finish(second, exitCode: 42)
        #expect(try await eventually { try await h.condition("policy", "Failed") != nil })
        let failed = try #require(try await h.condition("policy", "Failed"))
        #expect(failed["reason"] == "PodFailurePolicy")
        #expect(
            failed["message"]?.stringValue?.contains("failed with exit code 42 matching FailJob rule at index 1")
                == true)
        try await h.stop()
    }

    @Test func indexedJobsGiveEachPodItsIndex() async throws {
        let h = try await Harness.start()
        _ = try await h.create("shards", spec: ["completions": 3, "parallelism": 3, "completionMode": "Indexed"])
        #expect(try await eventually { try await h.running("shards").count == 3 })
        let pods = try await h.running("shards")
        let indexes = pods.compactMap { $0.annotations?["batch.kubernetes.io/job-completion-index"] }.sorted()
        #expect(indexes == ["0", "1", "2"])
        let one = try #require(pods.first { $0.annotations?["batch.kubernetes.io/job-completion-index"] == "1" })
        #expect(one.json[path: ["spec", "hostname"]] == "shards-1")
        #expect(
            one.json[path: ["spec", "containers"]]?.arrayValue?.first?["env"]?.arrayValue?.first?["name"]
                == "JOB_COMPLETION_INDEX")
        try await h.finish(one)
        #expect(try await eventually { try await h.jobs.get("shards").status?.completedIndexes == "1" })
        for pod in try await h.running("shards") { try await h.finish(pod) }
        #expect(try await eventually { try await h.condition("shards", "Complete") != nil })
        #expect(try await h.jobs.get("shards").status?.completedIndexes == "0-2")
        try await h.stop()
    }

    @Test func suspendStopsPodsAndResumeStartsThem() async throws {
        let h = try await Harness.start()
        _ = try await h.create("paused", spec: ["suspend": true, "parallelism": 2, "completions": 2])
        #expect(try await eventually { try await h.condition("paused", "Suspended") != nil })
        #expect(try await h.pods(of: "paused").isEmpty)
        _ = try await h.jobs.patch("paused", .merge(["spec": ["suspend": false]]))
        #expect(try await eventually { try await h.running("paused").count == 2 })
        func suspended() async throws -> JSONValue? {
            try await h.jobs.get("paused").json[path: ["status", "conditions"]]?.arrayValue?.first {
                $0["type"] == "Suspended"
            }
        }
        #expect(try await eventually { try await suspended()?["status"] == "False" })
        #expect(try await suspended()?["reason"] == "JobResumed")
        try await h.stop()
    }

    @Test func finishedJobsExpireAndDeletedJobsReleaseTheirPods() async throws {
        let h = try await Harness.start()
        _ = try await h.create("brief", spec: ["ttlSecondsAfterFinished": 0])
        #expect(try await eventually { try await h.running("brief").count == 1 })
        try await h.finish(try #require(try await h.running("brief").first))
        #expect(
            try await eventually {
                do {
                    _ = try await h.jobs.get("brief")
                    return false
                } catch let error as KubernetesError where error.isNotFound {
                    return true
                }
            })

        _ = try await h.create("cancelled", spec: ["parallelism": 2])
        #expect(try await eventually { try await h.running("cancelled").count == 2 })
        _ = try await h.jobs.delete("cancelled", options: DeleteOptions(propagationPolicy: .background))
        // The garbage collector deletes the pods; their tracking finalizer comes off.
        #expect(try await eventually { try await h.pods(of: "cancelled").isEmpty })
        try await h.stop()
    }
}
