/// Upstream's rules for the containers of a pod spec: names, images,
/// policies, ports, environment and volume mounts.
extension PodSpecValidation {
    static func validateContainers(_ containers: [JSONValue], volumeNames: Set<String>, path: FieldPath) -> [FieldError]
    {
        if containers.isEmpty { return [.required(path)] }
        var errs: [FieldError] = []
        var names = Set<String>()
        for (i, c) in containers.enumerated() {
            let p = path.index(i)
            errs += validateContainerCommon(c, volumeNames: volumeNames, path: p)
            let name = c.fieldString("name")
            if !names.insert(name).inserted {
                errs.append(.duplicate(p.child("name"), .string(name)))
            }
            errs += ContainerProbeValidation.validateLifecycle(c["lifecycle"], path: p.child("lifecycle"))
            errs += ContainerProbeValidation.validateProbe(
                c["livenessProbe"], path: p.child("livenessProbe"), mustSucceedOnce: true)
            errs += ContainerProbeValidation.validateProbe(
                c["readinessProbe"], path: p.child("readinessProbe"), mustSucceedOnce: false)
            errs += ContainerProbeValidation.validateProbe(
                c["startupProbe"], path: p.child("startupProbe"), mustSucceedOnce: true)
            if c.fieldIsSet("restartPolicy") {
                errs.append(.forbidden(p.child("restartPolicy"), "may not be set for non-init containers"))
            }
        }
        errs += hostPortConflicts(containers, path: path)
        return errs
    }

    static func validateInitContainers(
        _ containers: [JSONValue], regular: [JSONValue], volumeNames: Set<String>, path: FieldPath
    ) -> [FieldError] {
        var errs: [FieldError] = []
        var names = Set(regular.map { $0.fieldString("name") })
        for (i, c) in containers.enumerated() {
            let p = path.index(i)
            errs += validateContainerCommon(c, volumeNames: volumeNames, path: p)
            let restartPolicy = c["restartPolicy"]?.stringValue
            if let restartPolicy, restartPolicy != "Always" {
                errs.append(.notSupported(p.child("restartPolicy"), .string(restartPolicy), ["Always"]))
            }
            let name = c.fieldString("name")
            if names.contains(name) {
                errs.append(.duplicate(p.child("name"), .string(name)))
            } else if !name.isEmpty {
                names.insert(name)
            }
            if restartPolicy == "Always" {
                errs += ContainerProbeValidation.validateLifecycle(c["lifecycle"], path: p.child("lifecycle"))
                errs += ContainerProbeValidation.validateProbe(
                    c["livenessProbe"], path: p.child("livenessProbe"), mustSucceedOnce: true)
                errs += ContainerProbeValidation.validateProbe(
                    c["readinessProbe"], path: p.child("readinessProbe"), mustSucceedOnce: false)
                errs += ContainerProbeValidation.validateProbe(
                    c["startupProbe"], path: p.child("startupProbe"), mustSucceedOnce: true)
            } else {
                for key in ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"] where c.fieldIsSet(key) {
                    errs.append(
                        .forbidden(p.child(key), "may not be set for init containers without restartPolicy=Always"))
                }
            }
        }
        errs += hostPortConflicts(containers, path: path)
        return errs
    }

    /// What every kind of container must satisfy.
    static func validateContainerCommon(_ c: JSONValue, volumeNames: Set<String>, path: FieldPath) -> [FieldError] {
        var errs: [FieldError] = []
        let name = c.fieldString("name")
        if name.isEmpty {
            errs.append(.required(path.child("name")))
        } else {
            errs += FieldError.dns1123Label(name, path.child("name"))
        }
        if c.fieldString("image").isEmpty {
            errs.append(.required(path.child("image")))
        }
        errs += validatePolicy(
            c.fieldString("terminationMessagePolicy"), path.child("terminationMessagePolicy"),
            ["File", "FallbackToLogsOnError"])
        errs += validatePorts(c.fieldList("ports"), path: path.child("ports"))
        errs += validateEnv(c.fieldList("env"), path: path.child("env"))
        errs += validateVolumeMounts(
            c.fieldList("volumeMounts"), volumeNames: volumeNames, path: path.child("volumeMounts"))
        errs += validatePolicy(
            c.fieldString("imagePullPolicy"), path.child("imagePullPolicy"), ["Always", "IfNotPresent", "Never"])
        return errs
    }

    static func validatePorts(_ ports: [JSONValue], path: FieldPath) -> [FieldError] {
        var errs: [FieldError] = []
        var names = Set<String>()
        for (i, port) in ports.enumerated() {
            let p = path.index(i)
            let name = port.fieldString("name")
            if !name.isEmpty {
                let messages = NameValidation.portName(name)
                if !messages.isEmpty {
                    errs += messages.map { .invalid(p.child("name"), name, $0) }
                } else if !names.insert(name).inserted {
                    errs.append(.duplicate(p.child("name"), .string(name)))
                }
            }
            let containerPort = port.fieldInt("containerPort") ?? 0
            if containerPort == 0 {
                errs.append(.required(p.child("containerPort")))
            } else {
                errs += NameValidation.portNumber(containerPort).map {
                    .invalid(p.child("containerPort"), .int(containerPort), $0)
                }
            }
            let hostPort = port.fieldInt("hostPort") ?? 0
            if hostPort != 0 {
                errs += NameValidation.portNumber(hostPort).map { .invalid(p.child("hostPort"), .int(hostPort), $0) }
            }
            let proto = port.fieldString("protocol")
            if proto.isEmpty {
                errs.append(.required(p.child("protocol")))
            } else if !protocols.contains(proto) {
                errs.append(.notSupported(p.child("protocol"), .string(proto), protocols))
            }
        }
        return errs
    }

    /// Host ports must be unique per host IP and protocol across the list.
    static func hostPortConflicts(_ containers: [JSONValue], path: FieldPath) -> [FieldError] {
        var seen = Set<String>()
        var errs: [FieldError] = []
        for (ci, c) in containers.enumerated() {
            for (pi, port) in c.fieldList("ports").enumerated() {
                let hostPort = port.fieldInt("hostPort") ?? 0
                if hostPort == 0 { continue }
                let key = "\(port.fieldString("hostIP"))/\(port.fieldString("protocol"))/\(hostPort)"
                if !seen.insert(key).inserted {
                    errs.append(.duplicate(path.index(ci).child("ports").index(pi).child("hostPort"), .string(key)))
                }
            }
        }
        return errs
    }

    /// Names are required and, as the relaxed rule of v1.32 allows, any
    /// printable ASCII but `=`.
    static func validateEnv(_ env: [JSONValue], path: FieldPath) -> [FieldError] {
        var errs: [FieldError] = []
        for (i, variable) in env.enumerated() {
            let p = path.index(i).child("name")
            let name = variable.fieldString("name")
            if name.isEmpty {
                errs.append(.required(p))
            } else if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value > 0x7E || $0 == "=" }) {
                errs.append(
                    .invalid(
                        p, name,
                        "a valid environment variable name must consist only of printable ASCII characters other than '='"
                    ))
            }
        }
        return errs
    }

    static func validateVolumeMounts(_ mounts: [JSONValue], volumeNames: Set<String>, path: FieldPath) -> [FieldError] {
        var errs: [FieldError] = []
        var mountPoints = Set<String>()
        for (i, mount) in mounts.enumerated() {
            let p = path.index(i)
            let name = mount.fieldString("name")
            if name.isEmpty { errs.append(.required(p.child("name"))) }
            if !volumeNames.contains(name) { errs.append(.notFound(p.child("name"), .string(name))) }
            let mountPath = mount.fieldString("mountPath")
            if mountPath.isEmpty { errs.append(.required(p.child("mountPath"))) }
            if !mountPoints.insert(mountPath).inserted {
                errs.append(.invalid(p.child("mountPath"), mountPath, "must be unique"))
            }
        }
        return errs
    }
}
