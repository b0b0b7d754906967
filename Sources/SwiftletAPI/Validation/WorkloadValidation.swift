/// Upstream's apps/v1 and ReplicationController spec rules: replicas,
/// selectors that must select the template, pod template rules, strategies.
enum WorkloadValidation {
    static let selectorMismatch = "`selector` does not match template `labels`"

    static func deployment(_ spec: JSONValue, path: FieldPath) -> [FieldError] {
        var errs = FieldError.nonNegative(spec.fieldInt("replicas"), path.child("replicas"))
        errs += requiredSelector(spec["selector"], path: path.child("selector"), kindWord: "deployment")
        errs += templateForReplicaSet(spec, path: path, kindWord: "ReplicaSet")
        errs += deploymentStrategy(spec["strategy"] ?? .null, path: path.child("strategy"))
        errs += FieldError.nonNegative(spec.fieldInt("minReadySeconds"), path.child("minReadySeconds"))
        errs += FieldError.nonNegative(spec.fieldInt("revisionHistoryLimit"), path.child("revisionHistoryLimit"))
        if let deadline = spec.fieldInt("progressDeadlineSeconds") {
            errs += FieldError.nonNegative(deadline, path.child("progressDeadlineSeconds"))
            if deadline <= spec.fieldInt("minReadySeconds") ?? 0 {
                errs.append(
                    .invalid(
                        path.child("progressDeadlineSeconds"), .int(deadline), "must be greater than minReadySeconds"))
            }
        }
        return errs
    }

    static func replicaSet(_ spec: JSONValue, path: FieldPath) -> [FieldError] {
        var errs = FieldError.nonNegative(spec.fieldInt("replicas"), path.child("replicas"))
        errs += FieldError.nonNegative(spec.fieldInt("minReadySeconds"), path.child("minReadySeconds"))
        // Upstream says "deployment" here too.
        errs += requiredSelector(spec["selector"], path: path.child("selector"), kindWord: "deployment")
        errs += templateForReplicaSet(spec, path: path, kindWord: "ReplicaSet")
        return errs
    }

    static func statefulSet(_ spec: JSONValue, path: FieldPath) -> [FieldError] {
        var errs: [FieldError] = []
        switch spec.fieldString("podManagementPolicy") {
        case "": errs.append(.required(path.child("podManagementPolicy")))
        case "OrderedReady", "Parallel": break
        case let other:
            errs.append(.invalid(path.child("podManagementPolicy"), other, "must be 'OrderedReady' or 'Parallel'"))
        }
        let strategy = spec["updateStrategy"] ?? .null
        switch strategy.fieldString("type") {
        case "": errs.append(.required(path.child("updateStrategy")))
        case "OnDelete":
            if strategy.fieldIsSet("rollingUpdate") {
                let rolling = strategy["rollingUpdate"] ?? .null
                let rendered =
                    "apps.RollingUpdateStatefulSetStrategy{Partition:\(rolling.fieldInt("partition") ?? 0), MaxUnavailable:"
                    + GoSyntax.pointer("intstr.IntOrString", isNil: !rolling.fieldIsSet("maxUnavailable")) + "}"
                errs.append(
                    .invalid(
                        path.child("updateStrategy", "rollingUpdate"), .goSyntax(rendered),
                        "only allowed for updateStrategy 'RollingUpdate'"))
            }
        case "RollingUpdate":
            if let rolling = strategy["rollingUpdate"], !rolling.isNull {
                let p = path.child("updateStrategy", "rollingUpdate")
                errs += FieldError.nonNegative(rolling.fieldInt("partition"), p.child("partition"))
                if rolling.fieldIsSet("maxUnavailable") {
                    errs += positiveIntOrPercent(rolling["maxUnavailable"], p.child("maxUnavailable"))
                    if intOrPercentValue(rolling["maxUnavailable"]) == 0 {
                        errs.append(
                            .invalid(
                                p.child("maxUnavailable"), .goSyntax(GoSyntax.intOrString(rolling["maxUnavailable"])),
                                "cannot be 0"))
                    }
                    errs += notMoreThan100Percent(rolling["maxUnavailable"], p.child("maxUnavailable"))
                }
            }
        default:
            errs.append(
                .invalid(
                    path.child("updateStrategy"),
                    .goSyntax(
                        GoSyntax.strategy(
                            "apps.StatefulSetUpdateStrategy", "apps.RollingUpdateStatefulSetStrategy", strategy)),
                    "must be 'RollingUpdate' or 'OnDelete'"))
        }
        if let policy = spec["persistentVolumeClaimRetentionPolicy"], !policy.isNull {
            let p = path.child("persistentVolumeClaimRetentionPolicy")
            for key in ["whenDeleted", "whenScaled"] where !["Retain", "Delete"].contains(policy.fieldString(key)) {
                errs.append(.notSupported(p.child(key), .string(policy.fieldString(key)), ["Retain", "Delete"]))
            }
        }
        errs += FieldError.nonNegative(spec.fieldInt("replicas"), path.child("replicas"))
        errs += FieldError.nonNegative(spec.fieldInt("minReadySeconds"), path.child("minReadySeconds"))
        if let start = spec["ordinals"]?.fieldInt("start") {
            errs += FieldError.nonNegative(start, path.child("ordinals.start"))
        }
        errs += requiredSelector(spec["selector"], path: path.child("selector"), kindWord: "statefulset")
        let template = spec["template"] ?? .null
        if let matcher = LabelSelectorValidation.matcher(spec["selector"]) {
            // Upstream checks only the template's labels and annotations here,
            // not its pod spec (a long-standing TODO there).
            errs += selectorMatchesTemplate(matcher, template, path: path.child("template"))
            let meta = template["metadata"] ?? .null
            errs += ObjectMetaValidator.validateLabels(meta["labels"], path: path.child("template", "labels"))
            errs += ObjectMetaValidator.validateAnnotations(
                meta["annotations"], path: path.child("template", "annotations"))
        } else {
            errs.append(.invalid(path.child("selector"), .goSyntax(GoSyntax.labelSelector(spec["selector"])), ""))
        }
        errs += restartAlways(template, path: path.child("template"))
        if template["spec"]?.fieldIsSet("activeDeadlineSeconds") == true {
            errs.append(
                .forbidden(
                    path.child("template", "spec", "activeDeadlineSeconds"),
                    "activeDeadlineSeconds in StatefulSet is not Supported"))
        }
        return errs
    }

    static func daemonSet(_ spec: JSONValue, path: FieldPath) -> [FieldError] {
        let selector = spec["selector"]
        var errs = LabelSelectorValidation.validate(selector, path: path.child("selector"))
        let template = spec["template"] ?? .null
        if let matcher = LabelSelectorValidation.matcher(selector), !matcher.matches(template["metadata"]?["labels"]) {
            errs.append(
                .invalid(
                    path.child("template", "metadata", "labels"),
                    .goSyntax(GoSyntax.stringMap(template["metadata"]?["labels"])), selectorMismatch))
        }
        if let selector, !selector.isNull, selector.fieldMembers("matchLabels").isEmpty,
            selector.fieldList("matchExpressions").isEmpty
        {
            errs.append(
                .invalid(
                    path.child("selector"), .goSyntax(GoSyntax.labelSelector(selector)),
                    "empty selector is invalid for daemonset"))
        }
        errs += PodSpecValidation.validateTemplate(template, path: path.child("template"))
        errs += restartAlways(template, path: path.child("template"))
        if template["spec"]?.fieldIsSet("activeDeadlineSeconds") == true {
            errs.append(
                .forbidden(
                    path.child("template", "spec", "activeDeadlineSeconds"),
                    "activeDeadlineSeconds in DaemonSet is not Supported"))
        }
        errs += FieldError.nonNegative(spec.fieldInt("minReadySeconds"), path.child("minReadySeconds"))
        errs += daemonSetStrategy(spec["updateStrategy"] ?? .null, path: path.child("updateStrategy"))
        errs += FieldError.nonNegative(spec.fieldInt("revisionHistoryLimit"), path.child("revisionHistoryLimit"))
        return errs
    }

    static func replicationController(_ spec: JSONValue, path: FieldPath) -> [FieldError] {
        var errs = FieldError.nonNegative(spec.fieldInt("minReadySeconds"), path.child("minReadySeconds"))
        let selector = spec["selector"]
        if selector?.objectValue?.isEmpty ?? true {
            errs.append(.required(path.child("selector")))
        }
        errs += FieldError.nonNegative(spec.fieldInt("replicas"), path.child("replicas"))
        guard let template = spec["template"], !template.isNull else {
            errs.append(.required(path.child("template")))
            return errs
        }
        let labels = template["metadata"]?["labels"]?.objectValue ?? JSONObject()
        let wanted = selector?.objectValue ?? JSONObject()
        if !wanted.isEmpty, !wanted.allSatisfy({ labels[$0.key]?.stringValue == $0.value.stringValue }) {
            errs.append(
                .invalid(
                    path.child("template", "metadata", "labels"),
                    .goSyntax(GoSyntax.stringMap(template["metadata"]?["labels"])), selectorMismatch))
        }
        errs += PodSpecValidation.validateTemplate(template, path: path.child("template"))
        errs += restartAlways(template, path: path.child("template"))
        if template["spec"]?.fieldIsSet("activeDeadlineSeconds") == true {
            errs.append(
                .forbidden(
                    path.child("template", "spec", "activeDeadlineSeconds"),
                    "activeDeadlineSeconds in ReplicationController is not Supported"))
        }
        return errs
    }

    // MARK: Shared pieces

    /// A required, valid, non-empty selector.
    static func requiredSelector(_ selector: JSONValue?, path: FieldPath, kindWord: String) -> [FieldError] {
        guard let selector, !selector.isNull else { return [.required(path)] }
        var errs = LabelSelectorValidation.validate(selector, path: path)
        if selector.fieldMembers("matchLabels").isEmpty && selector.fieldList("matchExpressions").isEmpty {
            errs.append(
                .invalid(path, .goSyntax(GoSyntax.labelSelector(selector)), "empty selector is invalid for \(kindWord)")
            )
        }
        return errs
    }

    /// `ValidatePodTemplateSpecForReplicaSet` (Deployments and ReplicaSets).
    static func templateForReplicaSet(_ spec: JSONValue, path: FieldPath, kindWord: String) -> [FieldError] {
        guard let matcher = LabelSelectorValidation.matcher(spec["selector"]) else {
            return [
                .invalid(
                    path.child("selector"), .goSyntax(GoSyntax.labelSelector(spec["selector"])),
                    "invalid label selector")
            ]
        }
        let templatePath = path.child("template")
        let template = spec["template"] ?? .null
        var errs = selectorMatchesTemplate(matcher, template, path: templatePath)
        errs += PodSpecValidation.validateTemplate(template, path: templatePath)
        errs += restartAlways(template, path: templatePath)
        if template["spec"]?.fieldIsSet("activeDeadlineSeconds") == true {
            errs.append(
                .forbidden(
                    templatePath.child("spec", "activeDeadlineSeconds"),
                    "activeDeadlineSeconds in \(kindWord) is not Supported"))
        }
        return errs
    }

    static func selectorMatchesTemplate(_ matcher: LabelMatcher, _ template: JSONValue, path: FieldPath) -> [FieldError]
    {
        let labels = template["metadata"]?["labels"]
        guard !matcher.isEmpty, !matcher.matches(labels) else { return [] }
        return [.invalid(path.child("metadata", "labels"), .goSyntax(GoSyntax.stringMap(labels)), selectorMismatch)]
    }

    static func restartAlways(_ template: JSONValue, path: FieldPath) -> [FieldError] {
        let policy = template["spec"]?.fieldString("restartPolicy") ?? ""
        guard policy != "Always" else { return [] }
        return [.notSupported(path.child("spec", "restartPolicy"), .string(policy), ["Always"])]
    }
}
