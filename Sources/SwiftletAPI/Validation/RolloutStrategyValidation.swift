/// Upstream's rules for Deployment and DaemonSet rollout strategies and the
/// int-or-percent values they hold.
extension WorkloadValidation {
    static func deploymentStrategy(_ strategy: JSONValue, path: FieldPath) -> [FieldError] {
        switch strategy.fieldString("type") {
        case "Recreate":
            return strategy.fieldIsSet("rollingUpdate")
                ? [.forbidden(path.child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'")]
                : []
        case "RollingUpdate":
            guard let rolling = strategy["rollingUpdate"], !rolling.isNull else {
                return [.required(path.child("rollingUpdate"), "this should be defaulted and never be nil")]
            }
            let p = path.child("rollingUpdate")
            var errs = positiveIntOrPercent(rolling["maxUnavailable"], p.child("maxUnavailable"))
            errs += positiveIntOrPercent(rolling["maxSurge"], p.child("maxSurge"))
            if intOrPercentValue(rolling["maxUnavailable"]) == 0 && intOrPercentValue(rolling["maxSurge"]) == 0 {
                errs.append(
                    .invalid(
                        p.child("maxUnavailable"), .goSyntax(GoSyntax.intOrString(rolling["maxUnavailable"])),
                        "may not be 0 when `maxSurge` is 0"))
            }
            errs += notMoreThan100Percent(rolling["maxUnavailable"], p.child("maxUnavailable"))
            return errs
        default:
            return [
                .notSupported(
                    path,
                    .goSyntax(GoSyntax.strategy("apps.DeploymentStrategy", "apps.RollingUpdateDeployment", strategy)),
                    ["Recreate", "RollingUpdate"])
            ]
        }
    }

    static func daemonSetStrategy(_ strategy: JSONValue, path: FieldPath) -> [FieldError] {
        switch strategy.fieldString("type") {
        case "OnDelete":
            return []
        case "RollingUpdate":
            guard let rolling = strategy["rollingUpdate"], !rolling.isNull else {
                return [.required(path.child("rollingUpdate"))]
            }
            let p = path.child("rollingUpdate")
            var errs = positiveIntOrPercent(rolling["maxUnavailable"], p.child("maxUnavailable"))
            errs += positiveIntOrPercent(rolling["maxSurge"], p.child("maxSurge"))
            errs += notMoreThan100Percent(rolling["maxUnavailable"], p.child("maxUnavailable"))
            errs += notMoreThan100Percent(rolling["maxSurge"], p.child("maxSurge"))
            let hasUnavailable = intOrPercentValue(rolling["maxUnavailable"]) != 0
            let hasSurge = intOrPercentValue(rolling["maxSurge"]) != 0
            if hasUnavailable && hasSurge {
                errs.append(
                    .invalid(
                        p.child("maxSurge"), .goSyntax(GoSyntax.intOrString(rolling["maxSurge"])),
                        "may not be set when maxUnavailable is non-zero"))
            } else if !hasUnavailable && !hasSurge {
                errs.append(.required(p.child("maxUnavailable"), "cannot be 0 when maxSurge is 0"))
            }
            return errs
        default:
            return [
                .notSupported(
                    path,
                    .goSyntax(
                        GoSyntax.strategy("apps.DaemonSetUpdateStrategy", "apps.RollingUpdateDaemonSet", strategy)),
                    ["RollingUpdate", "OnDelete"])
            ]
        }
    }

    static func positiveIntOrPercent(_ value: JSONValue?, _ path: FieldPath) -> [FieldError] {
        if let s = value?.stringValue {
            return NameValidation.percent(s).map { .invalid(path, .goSyntax(GoSyntax.intOrString(value)), $0) }
        }
        return FieldError.nonNegative(value?.intValue ?? 0, path)
    }

    /// The number, or the percentage for `"25%"`; other strings count as
    /// their integer value or 0, as upstream's `IntValue()` does.
    static func intOrPercentValue(_ value: JSONValue?) -> Int64 {
        if let s = value?.stringValue {
            if NameValidation.percent(s).isEmpty { return Int64(s.dropLast()) ?? 0 }
            return Int64(s) ?? 0
        }
        return value?.intValue ?? 0
    }

    static func notMoreThan100Percent(_ value: JSONValue?, _ path: FieldPath) -> [FieldError] {
        guard let s = value?.stringValue, NameValidation.percent(s).isEmpty, let v = Int64(s.dropLast()), v > 100 else {
            return []
        }
        return [.invalid(path, .goSyntax(GoSyntax.intOrString(value)), "must not be greater than 100%")]
    }
}
