/// Upstream's rules for probes and lifecycle hooks: exactly one handler,
/// valid ports, non-negative timings.
enum ContainerProbeValidation {
    static func validateProbe(_ probe: JSONValue?, path: FieldPath, mustSucceedOnce: Bool) -> [FieldError] {
        guard let probe, !probe.isNull else { return [] }
        var errs = validateHandler(probe, kinds: ["exec", "httpGet", "tcpSocket", "grpc"], path: path)
        for key in ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"] {
            errs += FieldError.nonNegative(probe.fieldInt(key), path.child(key))
        }
        if let grace = probe.fieldInt("terminationGracePeriodSeconds"), grace <= 0 {
            errs.append(.invalid(path.child("terminationGracePeriodSeconds"), .int(grace), "must be greater than 0"))
        }
        if mustSucceedOnce, let threshold = probe.fieldInt("successThreshold"), threshold != 1 {
            errs.append(.invalid(path.child("successThreshold"), .int(threshold), "must be 1"))
        }
        return errs
    }

    static func validateLifecycle(_ lifecycle: JSONValue?, path: FieldPath) -> [FieldError] {
        guard let lifecycle, !lifecycle.isNull else { return [] }
        var errs: [FieldError] = []
        for hook in ["postStart", "preStop"] {
            if let handler = lifecycle[hook], !handler.isNull {
                errs += validateHandler(
                    handler, kinds: ["exec", "httpGet", "tcpSocket", "sleep"], path: path.child(hook))
            }
        }
        return errs
    }

    static func validateHandler(_ handler: JSONValue, kinds: [String], path: FieldPath) -> [FieldError] {
        var errs: [FieldError] = []
        var count = 0
        for kind in kinds {
            guard let action = handler[kind], !action.isNull else { continue }
            if count > 0 {
                errs.append(.forbidden(path.child(kind), "may not specify more than 1 handler type"))
                continue
            }
            count += 1
            let p = path.child(kind)
            switch kind {
            case "exec":
                if action.fieldList("command").isEmpty { errs.append(.required(p.child("command"))) }
            case "httpGet":
                if action.fieldString("path").isEmpty { errs.append(.required(p.child("path"))) }
                errs += FieldError.portNumOrName(action["port"], p.child("port"))
                let scheme = action.fieldString("scheme")
                if scheme != "HTTP" && scheme != "HTTPS" {
                    errs.append(.notSupported(p.child("scheme"), .string(scheme), ["HTTP", "HTTPS"]))
                }
            case "tcpSocket", "grpc":
                errs += FieldError.portNumOrName(action["port"] ?? .int(0), p.child("port"))
            default:
                break
            }
        }
        if count == 0 { errs.append(.required(path, "must specify a handler type")) }
        return errs
    }
}
