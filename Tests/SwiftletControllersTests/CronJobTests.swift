import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels
import SwiftletTesting
import Testing

@testable import SwiftletControllers

@Suite("CronJob schedules")
struct CronScheduleTests {
    let utc = TimeZone(identifier: "UTC")!

    func date(_ text: String) -> Date { PodState.parseTime(text)! }

    func next(_ schedule: String, after: String, zone: String = "UTC") throws -> String? {
        try CronSchedule(schedule).next(after: date(after), in: TimeZone(identifier: zone)!).map {
            Timestamp.rfc3339($0)
        }
    }

    @Test func stepsRangesListsAndNames() throws {
        #expect(try next("*/15 * * * *", after: "2026-12-04T10:07:30Z") == "2026-12-04T10:15:00Z")
        #expect(try next("*/15 * * * *", after: "2026-12-04T10:45:00Z") == "2026-12-04T11:00:00Z")
        // 2026-12-04 is a Friday: weekday mornings continue on Monday.
        #expect(try next("0 9 * * 1-5", after: "2026-12-04T10:00:00Z") == "2026-12-07T09:00:00Z")
        #expect(try next("0 9 * * MON-FRI", after: "2026-12-04T10:00:00Z") == "2026-12-07T09:00:00Z")
        #expect(try next("5,35 */6 * * *", after: "2026-12-04T06:10:00Z") == "2026-12-04T06:35:00Z")
        #expect(try next("0 0 1 jan *", after: "2026-12-04T00:00:00Z") == "2027-01-01T00:00:00Z")
        #expect(try next("@hourly", after: "2026-12-04T10:00:00Z") == "2026-12-04T11:00:00Z")
        #expect(try next("@weekly", after: "2026-12-04T10:00:00Z") == "2026-12-06T00:00:00Z")
        #expect(try next("0 0 * * 7", after: "2026-12-04T10:00:00Z") == "2026-12-06T00:00:00Z")
        #expect(try next("0 0 29 2 *", after: "2026-03-01T00:00:00Z") == "2028-02-29T00:00:00Z")
    }

    /// Both day fields restricted: either matches (the 13th, or a Friday).
    @Test func dayOfMonthOrDayOfWeek() throws {
        #expect(try next("0 0 13 * 5", after: "2026-12-04T01:00:00Z") == "2026-12-11T00:00:00Z")
        #expect(try next("0 0 13 * *", after: "2026-12-04T01:00:00Z") == "2026-12-13T00:00:00Z")
    }

    @Test func timeZones() throws {
        // 02:30 in New York in winter (UTC-5) is 07:30 UTC.
        #expect(
            try next("30 2 * * *", after: "2026-12-04T00:00:00Z", zone: "America/New_York") == "2026-12-04T07:30:00Z")
        #expect(
            try next("30 2 * * *", after: "2026-07-04T00:00:00Z", zone: "America/New_York") == "2026-07-04T06:30:00Z")
    }

    @Test func malformedSchedulesAreRefused() {
        for bad in ["61 * * * *", "* * *", "*/0 * * * *", "* * * * * *", "5-1 * * * *", "* * 0 * *", "@often"] {
            #expect(throws: CronSchedule.ParseError.self, "\(bad)") { try CronSchedule(bad) }
        }
    }
}

@Suite("Built-in controllers: CronJob", .timeLimit(.minutes(2)))
struct CronJobTests {
    @Test func startsMissedScheduleOnceAndHonoursForbid() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let run = Task { try await ControllerManager.make(client: client, controllers: ["cronjob"]).run() }
        let cronJobs = client.resource(BatchV1.CronJob.self, namespace: "default")
        let jobs = client.resource(BatchV1.Job.self, namespace: "default")

        var cronJob = BatchV1.CronJob()
        cronJob.name = "tick"
        cronJob.json["spec"] = [
            "schedule": "*/1 * * * *", "suspend": true, "concurrencyPolicy": "Forbid",
            "jobTemplate": [
                "metadata": ["labels": ["made-by": "tick"]],
                "spec": [
                    "template": [
                        "spec": [
                            "restartPolicy": "Never", "containers": [["name": "c", "image": "busybox"]],
                        ]
                    ]
                ],
            ],
        ]
        let made = try await cronJobs.create(cronJob)
        // Three minutes of missed starts: only the latest runs.
        let past = Timestamp.rfc3339(Date().addingTimeInterval(-180))
        _ = try await cronJobs.patchStatus("tick", .merge(["status": ["lastScheduleTime": .string(past)]]))
        _ = try await cronJobs.patch("tick", .merge(["spec": ["suspend": false]]))
        func owned() async throws -> [BatchV1.Job] {
            try await jobs.list().items.filter { $0.ownerReferences?.first?.uid == made.uid }
        }
        #expect(try await eventually { try await owned().count == 1 })
        let job = try #require(try await owned().first)
        let minute = Int64(Date().timeIntervalSince1970) / 60
        let jobMinute = Int64((job.name ?? "").split(separator: "-").last ?? "") ?? 0
        #expect(abs(jobMinute - minute) <= 1)
        #expect(job.labels?["made-by"] == "tick")
        #expect(job.annotations?["batch.kubernetes.io/cronjob-scheduled-timestamp"] != nil)
        #expect(
            try await eventually {
                try await cronJobs.get("tick").json[path: ["status", "active"]]?.arrayValue?.first?["name"]
                    == .string(job.name ?? "")
            })
        #expect(try await cronJobs.get("tick").json[path: ["status", "lastScheduleTime"]] != .string(past))

        // Forbid: while that Job runs, a missed start makes no second Job.
        _ = try await cronJobs.patchStatus("tick", .merge(["status": ["lastScheduleTime": .string(past)]]))
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await owned().count == 1)
        run.cancel()
        try await client.shutdown()
        await server.stop()
    }

    @Test func finishedJobsBeyondTheHistoryLimitGo() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let run = Task { try await ControllerManager.make(client: client, controllers: ["cronjob"]).run() }
        let cronJobs = client.resource(BatchV1.CronJob.self, namespace: "default")
        let jobs = client.resource(BatchV1.Job.self, namespace: "default")
        var cronJob = BatchV1.CronJob()
        cronJob.name = "nightly"
        cronJob.json["spec"] = [
            "schedule": "0 3 * * *", "successfulJobsHistoryLimit": 1,
            "jobTemplate": [
                "spec": [
                    "template": ["spec": ["restartPolicy": "Never", "containers": [["name": "c", "image": "x"]]]]
                ]
            ],
        ]
        let owner = try await cronJobs.create(cronJob)
        for (i, start) in ["2026-12-01T03:00:00Z", "2026-12-02T03:00:00Z", "2026-12-03T03:00:00Z"].enumerated() {
            var job = CronJobReconciler.job(from: owner, scheduled: PodState.parseTime(start)!)
            job.json[path: ["spec", "suspend"]] = true
            let created = try await jobs.create(job)
            var done = created
            done.json["status"] = [
                "startTime": .string(start), "completionTime": .string(start),
                "conditions": [["type": "Complete", "status": "True"]], "succeeded": .int(Int64(i + 1)),
            ]
            _ = try await jobs.updateStatus(done)
        }
        #expect(
            try await eventually {
                try await jobs.list().items.filter { $0.deletionTimestamp == nil }.map(\.name)
                    == ["nightly-\(Int64(PodState.parseTime("2026-12-03T03:00:00Z")!.timeIntervalSince1970) / 60)"]
            })
        #expect(
            try await eventually {
                try await cronJobs.get("nightly").json[path: ["status", "lastSuccessfulTime"]]
                    == "2026-12-03T03:00:00Z"
            })
        run.cancel()
        try await client.shutdown()
        await server.stop()
    }
}
