import Foundation

extension TablePrinters {
    static let batchPrinters: [(String, Printer)] = [
        ("Job", Printer(columns: jobColumns, cells: jobCells)),
        ("CronJob", Printer(columns: cronJobColumns, cells: cronJobCells)),
    ]

    static let jobColumns: [TableColumnDefinition] = [
        .name, .string("Status", "Status of the job."), .string("Completions", TableDocs.jobSucceeded),
        .string("Duration", "Time required to complete the job."), .age, .containers, .images,
        .string("Selector", TableDocs.jobSelector, priority: 1),
    ]

    /// `printJob`: COMPLETIONS is `succeeded/completions` (`/1`, or
    /// `/1 of N` for parallel work queues); DURATION runs from start to
    /// completion, or to now while running; STATUS follows the conditions.
    @Sendable static func jobCells(_ job: PrintedObject, now: Date) -> [JSONValue] {
        let spec = job["spec"]
        let status = job["status"]
        let succeeded = status["succeeded"].int
        let completions: String
        if let wanted = spec["completions"].intOrNil {
            completions = "\(succeeded)/\(wanted)"
        } else {
            let parallelism = spec["parallelism"].intOrNil ?? 0
            completions = parallelism > 1 ? "\(succeeded)/1 of \(parallelism)" : "\(succeeded)/1"
        }
        var duration = ""
        if let start = status["startTime"].time {
            let end = status["completionTime"].time ?? now
            duration = HumanDuration.string(end.timeIntervalSince(start))
        }
        let conditions = status["conditions"].array
        // `hasJobCondition`: the first condition of the type decides.
        func has(_ type: String) -> Bool {
            conditions.first { $0["type"].string == type }?["status"].string == "True"
        }
        let state: String
        if has("Complete") {
            state = "Complete"
        } else if has("Failed") {
            state = "Failed"
        } else if job["metadata", "deletionTimestamp"].exists {
            state = "Terminating"
        } else if has("Suspended") {
            state = "Suspended"
        } else if has("FailureTarget") {
            state = "FailureTarget"
        } else {
            state = "Running"
        }
        let (names, images) = TableFormat.containers(spec["template", "spec"])
        return [
            name(job), .string(state), .string(completions), .string(duration), TableFormat.age(job, now: now),
            names, images, .string(TableFormat.labelSelector(spec["selector"])),
        ]
    }

    static let cronJobColumns: [TableColumnDefinition] = [
        .name, .string("Schedule", TableDocs.cronJobSchedule), .string("Timezone", TableDocs.cronJobTimeZone),
        .boolean("Suspend", TableDocs.cronJobSuspend), .integer("Active", TableDocs.cronJobActive),
        .string("Last Schedule", TableDocs.cronJobLastScheduleTime), .age, .containers, .images,
        .string("Selector", TableDocs.jobSelector, priority: 1),
    ]

    @Sendable static func cronJobCells(_ cronJob: PrintedObject, now: Date) -> [JSONValue] {
        let spec = cronJob["spec"]
        let lastSchedule = cronJob["status", "lastScheduleTime"]
        let jobSpec = spec["jobTemplate", "spec"]
        let (names, images) = TableFormat.containers(jobSpec["template", "spec"])
        // Suspend defaults to false, so an unset field reads False.
        let suspend = spec["suspend"].exists ? TableFormat.boolPointer(spec["suspend"]) : "False"
        return [
            name(cronJob), .string(spec["schedule"].string), .string(spec["timeZone"].stringValueOr("<none>")),
            .string(suspend), .int(Int64(cronJob["status", "active"].count)),
            .string(lastSchedule.exists ? TableFormat.since(lastSchedule.time, now: now) : "<none>"),
            TableFormat.age(cronJob, now: now), names, images,
            .string(TableFormat.labelSelector(jobSpec["selector"])),
        ]
    }
}
