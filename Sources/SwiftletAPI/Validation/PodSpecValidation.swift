/// Upstream's pod spec rules (`ValidatePodSpec` and what it calls) for the
/// parts that clients most often get wrong: containers, ports, probes,
/// volumes and mounts, environment, policies and names.
enum PodSpecValidation {
    static let protocols = ["SCTP", "TCP", "UDP"]

    /// `ValidatePodTemplateSpec`: note upstream names the template's labels
    /// `<path>.labels`, not `<path>.metadata.labels`.
    static func validateTemplate(_ template: JSONValue, path: FieldPath) -> [FieldError] {
        let meta = template["metadata"] ?? .null
        var errs = ObjectMetaValidator.validateLabels(meta["labels"], path: path.child("labels"))
        errs += ObjectMetaValidator.validateAnnotations(meta["annotations"], path: path.child("annotations"))
        let spec = template["spec"] ?? .null
        errs += validateSpec(spec, path: path.child("spec"))
        if !spec.fieldList("ephemeralContainers").isEmpty {
            errs.append(
                .forbidden(
                    path.child("spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"))
        }
        return errs
    }

    static func validateSpec(_ spec: JSONValue, path: FieldPath) -> [FieldError] {
        let volumes = spec.fieldList("volumes")
        var errs = validateVolumes(volumes, path: path.child("volumes"))
        let volumeNames = Set(volumes.map { $0.fieldString("name") })
        let containers = spec.fieldList("containers")
        errs += validateContainers(containers, volumeNames: volumeNames, path: path.child("containers"))
        errs += validateInitContainers(
            spec.fieldList("initContainers"), regular: containers, volumeNames: volumeNames,
            path: path.child("initContainers"))
        errs += validatePolicy(
            spec.fieldString("restartPolicy"), path.child("restartPolicy"), ["Always", "OnFailure", "Never"])
        errs += validatePolicy(
            spec.fieldString("dnsPolicy"), path.child("dnsPolicy"),
            ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"])
        errs += ObjectMetaValidator.validateLabels(spec["nodeSelector"], path: path.child("nodeSelector"))
        for key in ["serviceAccountName", "nodeName"] {
            let value = spec.fieldString(key)
            if !value.isEmpty {
                errs += NameValidation.dns1123Subdomain(value).map { .invalid(path.child(key), value, $0) }
            }
        }
        if let deadline = spec.fieldInt("activeDeadlineSeconds"), deadline < 1 || deadline > Int64(Int32.max) {
            errs.append(
                .invalid(
                    path.child("activeDeadlineSeconds"), .int(deadline),
                    NameValidation.inclusiveRangeMessage(1, Int(Int32.max))))
        }
        for key in ["hostname", "subdomain"] {
            let value = spec.fieldString(key)
            if !value.isEmpty { errs += FieldError.dns1123Label(value, path.child(key)) }
        }
        let priorityClass = spec.fieldString("priorityClassName")
        if !priorityClass.isEmpty {
            errs += NameValidation.dns1123Subdomain(priorityClass).map {
                .invalid(path.child("priorityClassName"), priorityClass, $0)
            }
        }
        return errs
    }

    /// A required enumerated string: `Required value` when empty, else
    /// `Unsupported value` listing the supported ones in upstream's order.
    static func validatePolicy(_ value: String, _ path: FieldPath, _ supported: [String]) -> [FieldError] {
        if value.isEmpty { return [.required(path)] }
        return supported.contains(value) ? [] : [.notSupported(path, .string(value), supported)]
    }

    static func validateVolumes(_ volumes: [JSONValue], path: FieldPath) -> [FieldError] {
        var errs: [FieldError] = []
        var names = Set<String>()
        for (i, volume) in volumes.enumerated() {
            let p = path.index(i).child("name")
            let name = volume.fieldString("name")
            if name.isEmpty {
                errs.append(.required(p))
            } else {
                errs += FieldError.dns1123Label(name, p)
            }
            if !names.insert(name).inserted {
                errs.append(.duplicate(p, .string(name)))
            }
        }
        return errs
    }
}
