/// Upstream's Service rules for ports, type, session affinity and
/// ExternalName; cluster IP allocation rules are left to the allocator.
enum ServiceValidation {
    static let maxAffinitySeconds: Int64 = 86400

    static func isHeadless(_ spec: JSONValue) -> Bool {
        let ips = spec.fieldList("clusterIPs").compactMap(\.stringValue)
        return ips == ["None"] || (ips.isEmpty && spec.fieldString("clusterIP") == "None")
    }

    static func validate(_ spec: JSONValue, path: FieldPath) -> [FieldError] {
        var errs: [FieldError] = []
        let ports = spec.fieldList("ports")
        let type = spec.fieldString("type")
        let headless = isHeadless(spec)
        if ports.isEmpty && !headless && type != "ExternalName" {
            errs.append(.required(path.child("ports")))
        }
        switch type {
        case "LoadBalancer":
            for (i, port) in ports.enumerated() where port.fieldInt("port") == 10250 {
                errs.append(
                    .invalid(
                        path.child("ports").index(i), .int(10250),
                        "may not expose port 10250 externally since it is used by kubelet"))
            }
            if headless {
                errs.append(
                    .invalid(
                        path.child("clusterIPs").index(0), "None", "may not be set to 'None' for LoadBalancer services")
                )
            }
        case "NodePort":
            if headless {
                errs.append(
                    .invalid(
                        path.child("clusterIPs").index(0), "None", "may not be set to 'None' for NodePort services"))
            }
        case "ExternalName":
            errs += externalName(spec, path: path)
        default:
            break
        }
        var names = Set<String>()
        for (i, port) in ports.enumerated() {
            errs += servicePort(port, requireName: ports.count > 1, names: &names, path: path.child("ports").index(i))
        }
        errs += ObjectMetaValidator.validateLabels(spec["selector"], path: path.child("selector"))
        errs += sessionAffinity(spec, path: path)
        if type.isEmpty {
            errs.append(.required(path.child("type")))
        } else if !["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"].contains(type) {
            errs.append(
                .notSupported(
                    path.child("type"), .string(type), ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]))
        }
        if type == "ClusterIP" {
            for (i, port) in ports.enumerated() where (port.fieldInt("nodePort") ?? 0) != 0 {
                errs.append(
                    .forbidden(
                        path.child("ports").index(i).child("nodePort"), "may not be used when `type` is 'ClusterIP'"))
            }
        }
        errs += duplicatePorts(ports, path: path.child("ports"))
        return errs
    }

    static func externalName(_ spec: JSONValue, path: FieldPath) -> [FieldError] {
        var errs: [FieldError] = []
        if !spec.fieldList("clusterIPs").isEmpty {
            errs.append(.forbidden(path.child("clusterIPs"), "may not be set for ExternalName services"))
        }
        if !spec.fieldList("ipFamilies").isEmpty {
            errs.append(.forbidden(path.child("ipFamilies"), "may not be set for ExternalName services"))
        }
        if spec.fieldIsSet("ipFamilyPolicy") {
            errs.append(.forbidden(path.child("ipFamilyPolicy"), "may not be set for ExternalName services"))
        }
        var cname = spec.fieldString("externalName")
        if cname.hasSuffix(".") { cname.removeLast() }
        if cname.isEmpty {
            errs.append(.required(path.child("externalName")))
        } else {
            errs += NameValidation.dns1123Subdomain(cname).map { .invalid(path.child("externalName"), cname, $0) }
        }
        return errs
    }

    static func servicePort(_ port: JSONValue, requireName: Bool, names: inout Set<String>, path: FieldPath)
        -> [FieldError]
    {
        var errs: [FieldError] = []
        let name = port.fieldString("name")
        if requireName && name.isEmpty {
            errs.append(.required(path.child("name")))
        } else if !name.isEmpty {
            errs += FieldError.dns1123Label(name, path.child("name"))
            if !names.insert(name).inserted {
                errs.append(.duplicate(path.child("name"), .string(name)))
            }
        }
        let number = port.fieldInt("port") ?? 0
        errs += NameValidation.portNumber(number).map { .invalid(path.child("port"), .int(number), $0) }
        let proto = port.fieldString("protocol")
        if proto.isEmpty {
            errs.append(.required(path.child("protocol")))
        } else if !PodSpecValidation.protocols.contains(proto) {
            errs.append(.notSupported(path.child("protocol"), .string(proto), PodSpecValidation.protocols))
        }
        errs += FieldError.portNumOrName(port["targetPort"], path.child("targetPort"))
        if let appProtocol = port["appProtocol"]?.stringValue {
            errs += NameValidation.qualifiedName(appProtocol).map {
                .invalid(path.child("appProtocol"), appProtocol, $0)
            }
        }
        return errs
    }

    static func sessionAffinity(_ spec: JSONValue, path: FieldPath) -> [FieldError] {
        let affinity = spec.fieldString("sessionAffinity")
        var errs = PodSpecValidation.validatePolicy(affinity, path.child("sessionAffinity"), ["ClientIP", "None"])
        let configPath = path.child("sessionAffinityConfig")
        if affinity == "ClientIP" {
            let detail = "when session affinity type is ClientIP"
            guard let config = spec["sessionAffinityConfig"], !config.isNull else {
                return errs + [.required(configPath, detail)]
            }
            guard let clientIP = config["clientIP"], !clientIP.isNull else {
                return errs + [.required(configPath.child("clientIP"), detail)]
            }
            guard let timeout = clientIP.fieldInt("timeoutSeconds") else {
                return errs + [.required(configPath.child("clientIP", "timeoutSeconds"), detail)]
            }
            if timeout <= 0 || timeout > maxAffinitySeconds {
                errs.append(
                    .invalid(
                        configPath.child("clientIP", "timeoutSeconds"), .int(timeout),
                        "must be greater than 0 and less than \(maxAffinitySeconds)"))
            }
        } else if affinity == "None", spec.fieldIsSet("sessionAffinityConfig") {
            errs.append(.forbidden(configPath, "must not be set when session affinity is None"))
        }
        return errs
    }

    /// No two ports (and no two node ports) may share a protocol and number.
    static func duplicatePorts(_ ports: [JSONValue], path: FieldPath) -> [FieldError] {
        var errs: [FieldError] = []
        var nodePorts = Set<String>()
        for (i, port) in ports.enumerated() {
            let nodePort = port.fieldInt("nodePort") ?? 0
            if nodePort == 0 { continue }
            if !nodePorts.insert("\(port.fieldString("protocol"))/\(nodePort)").inserted {
                errs.append(.duplicate(path.index(i).child("nodePort"), .int(nodePort)))
            }
        }
        var seen = Set<String>()
        for (i, port) in ports.enumerated() {
            let proto = port.fieldString("protocol")
            let number = port.fieldInt("port") ?? 0
            if !seen.insert("\(proto)/\(number)").inserted {
                let key =
                    "core.ServicePort{Name:\"\", Protocol:\(GoSyntax.quote(proto)), AppProtocol:(*string)(nil), Port:\(number), "
                    + "TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}"
                errs.append(.duplicate(path.index(i), .goSyntax(key)))
            }
        }
        return errs
    }
}
