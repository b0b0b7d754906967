/// Upstream's batch/v1 rules for Jobs and CronJobs.
enum BatchValidation {
    static func job(_ spec: JSONValue, path: FieldPath) -> [FieldError] {
        var errs = jobSpec(spec, path: path)
        let selector = spec["selector"]
        if selector == nil || selector!.isNull {
            errs.append(.required(path.child("selector")))
        } else {
            errs += LabelSelectorValidation.validate(selector, path: path.child("selector"))
        }
        let labels = spec["template"]?["metadata"]?["labels"]
        if let matcher = LabelSelectorValidation.matcher(selector), !matcher.matches(labels) {
            errs.append(
                .invalid(
                    path.child("template", "metadata", "labels"), .goSyntax(GoSyntax.stringMap(labels)),
                    WorkloadValidation.selectorMismatch))
        }
        return errs
    }

    /// What a Job and a CronJob's job template share.
    static func jobSpec(_ spec: JSONValue, path: FieldPath) -> [FieldError] {
        var errs: [FieldError] = []
        for key in [
            "parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished",
            "backoffLimitPerIndex", "maxFailedIndexes",
        ] {
            errs += FieldError.nonNegative(spec.fieldInt(key), path.child(key))
        }
        if let mode = spec["completionMode"]?.stringValue, mode != "NonIndexed", mode != "Indexed" {
            errs.append(.notSupported(path.child("completionMode"), .string(mode), ["NonIndexed", "Indexed"]))
        }
        if spec["completionMode"]?.stringValue == "Indexed", !spec.fieldIsSet("completions") {
            errs.append(.required(path.child("completions"), "when completion mode is Indexed"))
        }
        let template = spec["template"] ?? .null
        errs += PodSpecValidation.validateTemplate(template, path: path.child("template"))
        let policy = template["spec"]?.fieldString("restartPolicy") ?? ""
        if policy != "OnFailure" && policy != "Never" {
            errs.append(
                .required(path.child("template", "spec", "restartPolicy"), "valid values: \"OnFailure\", \"Never\""))
        } else if spec.fieldIsSet("podFailurePolicy"), policy != "Never" {
            errs.append(
                .invalid(
                    path.child("template", "spec", "restartPolicy"), .string(policy),
                    "only \"Never\" is supported when podFailurePolicy is specified"))
        }
        return errs
    }

    static func cronJob(_ spec: JSONValue, name: String, path: FieldPath) -> [FieldError] {
        var errs: [FieldError] = []
        if spec.fieldString("schedule").isEmpty {
            errs.append(.required(path.child("schedule")))
        }
        errs += FieldError.nonNegative(spec.fieldInt("startingDeadlineSeconds"), path.child("startingDeadlineSeconds"))
        errs += PodSpecValidation.validatePolicy(
            spec.fieldString("concurrencyPolicy"), path.child("concurrencyPolicy"),
            ["Allow", "Forbid", "Replace"])
        let jobTemplateSpec = spec["jobTemplate"]?["spec"] ?? .null
        let templatePath = path.child("jobTemplate", "spec")
        errs += jobSpec(jobTemplateSpec, path: templatePath)
        if let selector = jobTemplateSpec["selector"], !selector.isNull {
            errs.append(
                .invalid(
                    templatePath.child("selector"), .goSyntax(GoSyntax.labelSelector(selector)),
                    "`selector` will be auto-generated"))
        }
        if jobTemplateSpec["manualSelector"]?.boolValue == true {
            errs.append(.notSupported(templatePath.child("manualSelector"), .bool(true), ["nil", "false"]))
        }
        errs += FieldError.nonNegative(
            spec.fieldInt("successfulJobsHistoryLimit"), path.child("successfulJobsHistoryLimit"))
        errs += FieldError.nonNegative(spec.fieldInt("failedJobsHistoryLimit"), path.child("failedJobsHistoryLimit"))
        return errs
    }

    /// The CronJob controller appends an 11-character suffix to job names,
    /// so CronJob names are limited to 52 bytes.
    static func cronJobName(_ name: String) -> [FieldError] {
        guard name.utf8.count > 52 else { return [] }
        return [.invalid(FieldPath("metadata").child("name"), name, "must be no more than 52 characters")]
    }
}
