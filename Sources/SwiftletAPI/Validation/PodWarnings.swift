/// Upstream's warnings for pods and pod templates: fields that are accepted
/// but deprecated, non-functional or likely mistakes. They reach clients as
/// `Warning` headers (kubectl prints `Warning: ...`); nothing is refused.
public enum PodWarnings {
    /// Node labels replaced by GA ones, with upstream's advice.
    static let deprecatedNodeLabels: [String: String] = [
        "beta.kubernetes.io/arch": #"deprecated since v1.14; use "kubernetes.io/arch" instead"#,
        "beta.kubernetes.io/os": #"deprecated since v1.14; use "kubernetes.io/os" instead"#,
        "failure-domain.beta.kubernetes.io/region":
            #"deprecated since v1.17; use "topology.kubernetes.io/region" instead"#,
        "failure-domain.beta.kubernetes.io/zone": #"deprecated since v1.17; use "topology.kubernetes.io/zone" instead"#,
        "beta.kubernetes.io/instance-type": #"deprecated since v1.17; use "node.kubernetes.io/instance-type" instead"#,
    ]

    static let deprecatedAnnotations: [(key: String, message: String)] = [
        (
            "scheduler.alpha.kubernetes.io/critical-pod",
            #"non-functional in v1.16+; use the "priorityClassName" field instead"#
        ),
        ("security.alpha.kubernetes.io/sysctls", #"non-functional in v1.11+; use the "sysctls" field instead"#),
        ("security.alpha.kubernetes.io/unsafe-sysctls", #"non-functional in v1.11+; use the "sysctls" field instead"#),
    ]

    /// Volume sources that are deprecated or gone, and since when.
    static let deprecatedVolumes: [(field: String, message: String)] = [
        ("photonPersistentDisk", "deprecated in v1.11, non-functional in v1.16+"),
        ("gitRepo", "deprecated in v1.11"),
        ("scaleIO", "deprecated in v1.16, non-functional in v1.22+"),
        ("flocker", "deprecated in v1.22, non-functional in v1.25+"),
        ("storageos", "deprecated in v1.22, non-functional in v1.25+"),
        ("quobyte", "deprecated in v1.22, non-functional in v1.25+"),
        ("glusterfs", "deprecated in v1.25, non-functional in v1.26+"),
        ("cephfs", "deprecated in v1.28, non-functional in v1.31+"),
        ("rbd", "deprecated in v1.28, non-functional in v1.31+"),
    ]

    static let seccompPodAnnotation = "seccomp.security.alpha.kubernetes.io/pod"
    static let seccompContainerAnnotationPrefix = "container.seccomp.security.alpha.kubernetes.io/"

    /// The warnings for an object of `kind` that is a pod or holds a pod
    /// template; none for other kinds.
    public static func warnings(for object: JSONValue, group: String, kind: String) -> [String] {
        let templatePath: [String]
        switch (group, kind) {
        case ("", "Pod"): return warnings(metadata: object["metadata"], spec: object["spec"], at: "")
        case ("", "PodTemplate"): templatePath = ["template"]
        case ("", "ReplicationController"), ("apps", "ReplicaSet"), ("apps", "Deployment"), ("apps", "DaemonSet"),
            ("apps", "StatefulSet"), ("batch", "Job"):
            templatePath = ["spec", "template"]
        case ("batch", "CronJob"): templatePath = ["spec", "jobTemplate", "spec", "template"]
        default: return []
        }
        guard let template = object[path: templatePath] else { return [] }
        return warnings(
            metadata: template["metadata"], spec: template["spec"], at: templatePath.joined(separator: ".") + ".")
    }

    static func warnings(metadata: JSONValue?, spec: JSONValue?, at prefix: String) -> [String] {
        guard let spec else { return [] }
        var out: [String] = []
        let specPath = prefix + "spec"
        for (key, _) in spec["nodeSelector"]?.objectValue ?? JSONObject() {
            if let message = deprecatedNodeLabels[key] { out.append("\(specPath).nodeSelector[\(key)]: \(message)") }
        }
        let nodeAffinity = spec[path: ["affinity", "nodeAffinity"]]
        let required =
            "\(specPath).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms"
        for (i, term)
            in (nodeAffinity?[path: ["requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"]]?
            .arrayValue ?? []).enumerated()
        {
            out += termWarnings(term, at: "\(required)[\(i)]")
        }
        let preferred = "\(specPath).affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution"
        for (i, term) in (nodeAffinity?["preferredDuringSchedulingIgnoredDuringExecution"]?.arrayValue ?? [])
            .enumerated()
        {
            out += termWarnings(term["preference"], at: "\(preferred)[\(i)].preference")
        }
        for (i, constraint) in (spec["topologySpreadConstraints"]?.arrayValue ?? []).enumerated() {
            let path = "\(specPath).topologySpreadConstraints[\(i)]"
            if let key = constraint["topologyKey"]?.stringValue, let message = deprecatedNodeLabels[key] {
                out.append("\(path).topologyKey: \(key) is \(message)")
            }
            if constraint["labelSelector"] == nil || constraint["labelSelector"] == .null {
                out.append("\(path).labelSelector: a null labelSelector results in matching no pod")
            }
        }
        let annotations = metadata?["annotations"]?.objectValue ?? JSONObject()
        let annotationsPath = prefix + "metadata.annotations"
        for (key, message) in deprecatedAnnotations where annotations[key] != nil {
            out.append("\(annotationsPath)[\(key)]: \(message)")
        }
        for (i, volume) in (spec["volumes"]?.arrayValue ?? []).enumerated() {
            for (field, message) in deprecatedVolumes where volume[field] != nil {
                out.append("\(specPath).volumes[\(i)].\(field): \(message)")
            }
        }
        out += duplicates(spec["hostAliases"], key: "ip", path: "\(specPath).hostAliases")
        out += duplicates(spec["imagePullSecrets"], key: "name", path: "\(specPath).imagePullSecrets")
        for (i, secret) in (spec["imagePullSecrets"]?.arrayValue ?? []).enumerated()
        where (secret["name"]?.stringValue ?? "").isEmpty {
            out.append("\(specPath).imagePullSecrets[\(i)].name: invalid empty name \"\"")
        }
        for resource in ["memory", "ephemeral-storage"] {
            if let value = spec[path: ["overhead", resource]]?.stringValue, hasFractionalBytes(value) {
                out.append(
                    "\(specPath).overhead[\(resource)]: fractional byte value \"\(value)\" is invalid, must be an integer"
                )
            }
        }
        let hasPodSeccomp = spec[path: ["securityContext", "seccompProfile"]] != nil
        if !hasPodSeccomp, annotations[seccompPodAnnotation] != nil {
            out.append(
                "\(annotationsPath)[\(seccompPodAnnotation)]: non-functional in v1.27+; use the \"seccompProfile\" field instead"
            )
        }
        var ports: [String: [(path: String, hostIP: String, hostPort: Int64)]] = [:]
        for (container, path) in containers(of: spec, at: specPath) {
            let name = container["name"]?.stringValue ?? ""
            if container[path: ["securityContext", "seccompProfile"]] == nil,
                annotations[seccompContainerAnnotationPrefix + name] != nil
            {
                out.append(
                    "\(annotationsPath)[\(seccompContainerAnnotationPrefix + name)]: non-functional in v1.27+; use the \"seccompProfile\" field instead"
                )
            }
            for kind in ["limits", "requests"] {
                for resource in ["memory", "ephemeral-storage"] {
                    if let value = container[path: ["resources", kind, resource]]?.stringValue,
                        hasFractionalBytes(value)
                    {
                        out.append(
                            "\(path).resources.\(kind)[\(resource)]: fractional byte value \"\(value)\" is invalid, must be an integer"
                        )
                    }
                }
            }
            out += hiddenEnvironment(container["env"], at: "\(path).env")
            for (i, port) in (container["ports"]?.arrayValue ?? []).enumerated() {
                let portPath = "\(path).ports[\(i)]"
                let hostIP = port["hostIP"]?.stringValue ?? ""
                let hostPort = port["hostPort"]?.intValue ?? 0
                let key = "\(port["containerPort"]?.intValue ?? 0)/\(port["protocol"]?.stringValue ?? "TCP")"
                for other in ports[key] ?? [] {
                    if hostIP == other.hostIP, hostPort == other.hostPort {
                        out.append("\(portPath): duplicate port definition with \(other.path)")
                    } else if hostPort == 0 || other.hostPort == 0 {
                        out.append("\(portPath): overlapping port definition with \(other.path)")
                    } else if hostPort == other.hostPort, hostIP.isEmpty != other.hostIP.isEmpty {
                        out.append("\(portPath): dangerously ambiguous port definition with \(other.path)")
                    }
                }
                ports[key, default: []].append((portPath, hostIP, hostPort))
            }
        }
        if let grace = spec["terminationGracePeriodSeconds"]?.intValue, grace < 0 {
            out.append(
                "\(specPath).terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1"
            )
        }
        return out
    }

    static func termWarnings(_ term: JSONValue?, at path: String) -> [String] {
        (term?["matchExpressions"]?.arrayValue ?? []).enumerated().compactMap { i, expression in
            guard let key = expression["key"]?.stringValue, let message = deprecatedNodeLabels[key] else { return nil }
            return "\(path).matchExpressions[\(i)].key: \(key) is \(message)"
        }
    }

    static func duplicates(_ list: JSONValue?, key: String, path: String) -> [String] {
        var seen: Set<String> = []
        var out: [String] = []
        for (i, item) in (list?.arrayValue ?? []).enumerated() {
            let value = item[key]?.stringValue ?? ""
            if !seen.insert(value).inserted { out.append("\(path)[\(i)].\(key): duplicate \(key) \"\(value)\"") }
        }
        return out
    }

    /// Init containers, containers and ephemeral containers, in that order, with their paths.
    static func containers(of spec: JSONValue, at specPath: String) -> [(JSONValue, String)] {
        ["initContainers", "containers", "ephemeralContainers"].flatMap { list in
            (spec[list]?.arrayValue ?? []).enumerated().map { ($1, "\(specPath).\(list)[\($0)]") }
        }
    }

    /// A later env var of the same name hides the earlier one, which apply
    /// may drop, unless it only extends it (`X=$(X)more`).
    static func hiddenEnvironment(_ env: JSONValue?, at path: String) -> [String] {
        var seen: Set<String> = []
        var out: [String] = []
        for (i, item) in (env?.arrayValue ?? []).enumerated() {
            let name = item["name"]?.stringValue ?? ""
            if seen.insert(name).inserted { continue }
            let reference = "$(\(name))"
            let value = item["value"]?.stringValue ?? ""
            if item["valueFrom"] != nil || value == reference || !value.contains(reference) {
                out.append(
                    "\(path)[\(i)]: hides previous definition of \"\(name)\", which may be dropped when using apply")
            }
        }
        return out
    }

    /// Whether a quantity of bytes is not a whole number of bytes ("1m",
    /// "0.5", "1.5Ki" are; "1Ki", "2G", "1e3" are not).
    public static func hasFractionalBytes(_ quantity: String) -> Bool {
        let suffixes: [(String, Double)] = [
            ("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776),
            ("Pi", 1_125_899_906_842_624), ("Ei", 1_152_921_504_606_846_976), ("m", 0.001), ("k", 1e3), ("M", 1e6),
            ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18),
        ]
        var number = Substring(quantity)
        var multiplier = 1.0
        if let (suffix, factor) = suffixes.first(where: { quantity.hasSuffix($0.0) }) {
            number = number.dropLast(suffix.count)
            multiplier = factor
        }
        guard let value = Double(number) else { return false }
        let bytes = value * multiplier
        return bytes.rounded() != bytes && abs(bytes - bytes.rounded()) > 1e-9 * max(1, abs(bytes))
    }
}
