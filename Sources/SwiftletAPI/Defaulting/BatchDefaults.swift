/// Upstream v1.32 defaults of batch/v1 Jobs and CronJobs.
enum BatchDefaults {
    static func job(_ object: inout JSONValue) {
        object.editMember("spec", create: true) { spec in
            if !spec.fieldIsSet("completions") && !spec.fieldIsSet("parallelism") {
                spec["completions"] = 1
                spec["parallelism"] = 1
            }
            spec.applyDefault("parallelism", 1)
            // With a per-index limit, the global limit is effectively off.
            let perIndex = spec.fieldIsSet("backoffLimitPerIndex")
            spec.applyDefault("backoffLimit", perIndex ? .int(Int64(Int32.max)) : 6)
            spec.applyDefault("completionMode", "NonIndexed")
            spec.applyDefault("suspend", false)
            spec.editMember("podFailurePolicy") { policy in
                policy.editEachMember("rules") { rule in
                    rule.editEachMember("onPodConditions") { $0.applyDefaultString("status", "True") }
                }
            }
            let hasFailurePolicy = spec.fieldIsSet("podFailurePolicy")
            spec.applyDefault("podReplacementPolicy", hasFailurePolicy ? "Failed" : "TerminatingOrFailed")
            PodSpecDefaults.applyTemplate(&spec)
        }
        // The Job's labels default to its template's labels.
        if let labels = object["spec"]?["template"]?["metadata"]?["labels"], case .object = labels {
            object.editMember("metadata", create: true) { meta in
                if meta["labels"]?.objectValue?.isEmpty ?? true { meta["labels"] = labels }
            }
        }
    }

    /// Only the pod template inside the job template gets defaults; the job
    /// template's own spec does not (upstream defaults Jobs, not templates).
    static func cronJob(_ object: inout JSONValue) {
        object.editMember("spec", create: true) { spec in
            spec.applyDefaultString("concurrencyPolicy", "Allow")
            spec.applyDefault("suspend", false)
            spec.applyDefault("successfulJobsHistoryLimit", 3)
            spec.applyDefault("failedJobsHistoryLimit", 1)
            spec.editMember(path: ["jobTemplate", "spec"]) { PodSpecDefaults.applyTemplate(&$0) }
        }
    }
}
