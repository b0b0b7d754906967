import Foundation
import SwiftletAPI
import SwiftletCRI
import SwiftletClient
import SwiftletModels

/// Turns one container of a pod spec into the CRI container config:
/// command and args with `$(VAR)` expansion, the environment (values, field
/// and resource references, ConfigMap and Secret keys, envFrom), cgroup
/// limits from resources, and the security context.
struct ContainerSpec {
    let pod: CoreV1.Pod
    let container: JSONValue
    let nodeName: String
    let hostIP: String
    let podIP: String
    let client: KubernetesClient

    struct ConfigError: Error, CustomStringConvertible {
        let description: String
    }

    var name: String { container["name"]?.stringValue ?? "" }

    func config(imageRef: String, attempt: UInt32) async throws -> Runtime_V1_ContainerConfig {
        let environment = try await resolveEnvironment()
        let lookup = Dictionary(environment, uniquingKeysWith: { _, last in last })
        let command = (container["command"]?.arrayValue ?? []).compactMap(\.stringValue).map {
            Self.expand($0, lookup)
        }
        let args = (container["args"]?.arrayValue ?? []).compactMap(\.stringValue).map { Self.expand($0, lookup) }
        return .with { config in
            config.metadata = .with {
                $0.name = name
                $0.attempt = attempt
            }
            config.image = .with {
                $0.image = imageRef
                $0.userSpecifiedImage = container["image"]?.stringValue ?? ""
            }
            config.command = command
            config.args = args
            config.workingDir = container["workingDir"]?.stringValue ?? ""
            config.envs = environment.map { pair in
                .with {
                    $0.key = pair.0
                    $0.value = pair.1
                }
            }
            config.labels = RuntimeLabels.pod(namespace: pod.namespace ?? "", name: pod.name ?? "", uid: pod.uid ?? "")
            config.labels[RuntimeLabels.containerName] = name
            config.logPath = "\(name)/\(attempt).log"
            config.stdin = container["stdin"]?.boolValue ?? false
            config.stdinOnce = container["stdinOnce"]?.boolValue ?? false
            config.tty = container["tty"]?.boolValue ?? false
            config.linux = .with {
                $0.resources = resources
                $0.securityContext = securityContext
            }
        }
    }

    /// CPU shares from the request, CFS quota from the limit, memory limit in bytes.
    var resources: Runtime_V1_LinuxContainerResources {
        let requests = container[path: ["resources", "requests"]]
        let limits = container[path: ["resources", "limits"]]
        func quantity(_ json: JSONValue?, _ name: String) -> Quantity? {
            json?[name]?.stringValue.map { Quantity($0) }
        }
        var result = Runtime_V1_LinuxContainerResources()
        let cpuLimit = quantity(limits, "cpu")?.milliValue
        let cpuRequest = quantity(requests, "cpu")?.milliValue ?? cpuLimit
        // Upstream: shares = milliCPU * 1024 / 1000, at least 2.
        result.cpuShares = max(2, (cpuRequest ?? 0) * 1024 / 1000)
        if let cpuLimit {
            result.cpuPeriod = 100_000
            result.cpuQuota = max(1000, cpuLimit * 100_000 / 1000)
        }
        if let memory = quantity(limits, "memory")?.value { result.memoryLimitInBytes = memory }
        return result
    }

    var securityContext: Runtime_V1_LinuxContainerSecurityContext {
        let podContext = pod.json[path: ["spec", "securityContext"]]
        let context = container["securityContext"]
        return .with { sc in
            if let user = context?["runAsUser"]?.intValue ?? podContext?["runAsUser"]?.intValue {
                sc.runAsUser = .with { $0.value = user }
            }
            if let group = context?["runAsGroup"]?.intValue ?? podContext?["runAsGroup"]?.intValue {
                sc.runAsGroup = .with { $0.value = group }
            }
            sc.supplementalGroups = (podContext?["supplementalGroups"]?.arrayValue ?? []).compactMap(\.intValue)
            sc.readonlyRootfs = context?["readOnlyRootFilesystem"]?.boolValue ?? false
            sc.privileged = context?["privileged"]?.boolValue ?? false
            // allowPrivilegeEscalation=false is the kernel's no_new_privs.
            sc.noNewPrivs = context?["allowPrivilegeEscalation"]?.boolValue == false
            let capabilities = context?["capabilities"]
            sc.capabilities = .with {
                $0.addCapabilities = (capabilities?["add"]?.arrayValue ?? []).compactMap(\.stringValue)
                $0.dropCapabilities = (capabilities?["drop"]?.arrayValue ?? []).compactMap(\.stringValue)
            }
            sc.namespaceOptions = .with {
                $0.network = pod.json[path: ["spec", "hostNetwork"]]?.boolValue == true ? .node : .pod
                $0.pid = pod.json[path: ["spec", "hostPID"]]?.boolValue == true ? .node : .container
                $0.ipc = pod.json[path: ["spec", "hostIPC"]]?.boolValue == true ? .node : .pod
            }
        }
    }

    /// envFrom first, then env in order; each value may name earlier ones as `$(NAME)`.
    func resolveEnvironment() async throws -> [(String, String)] {
        var result: [(String, String)] = []
        var known: [String: String] = [:]
        func add(_ key: String, _ value: String) {
            result.removeAll { $0.0 == key }
            result.append((key, value))
            known[key] = value
        }
        let namespace = pod.namespace ?? "default"
        for source in container["envFrom"]?.arrayValue ?? [] {
            let prefix = source["prefix"]?.stringValue ?? ""
            if let ref = source["configMapRef"] {
                let data = try await configMapData(ref, namespace: namespace)
                for (key, value) in data?.sorted(by: { $0.key < $1.key }) ?? [] { add(prefix + key, value) }
            }
            if let ref = source["secretRef"] {
                let data = try await secretData(ref, namespace: namespace)
                for (key, value) in data?.sorted(by: { $0.key < $1.key }) ?? [] { add(prefix + key, value) }
            }
        }
        for variable in container["env"]?.arrayValue ?? [] {
            guard let key = variable["name"]?.stringValue else { continue }
            if let value = variable["value"]?.stringValue {
                add(key, Self.expand(value, known))
            } else if let from = variable["valueFrom"] {
                if let value = try await resolve(from, namespace: namespace) { add(key, value) }
            } else {
                add(key, "")
            }
        }
        return result
    }

    private func resolve(_ from: JSONValue, namespace: String) async throws -> String? {
        if let path = from[path: ["fieldRef", "fieldPath"]]?.stringValue {
            return try fieldValue(path)
        }
        if let resource = from[path: ["resourceFieldRef", "resource"]]?.stringValue {
            return resourceValue(resource, divisor: from[path: ["resourceFieldRef", "divisor"]]?.stringValue)
        }
        if let ref = from["configMapKeyRef"], let key = ref["key"]?.stringValue {
            let data = try await configMapData(ref, namespace: namespace)
            if let value = data?[key] { return value }
            if ref["optional"]?.boolValue == true { return nil }
            throw ConfigError(
                description: "couldn't find key \(key) in ConfigMap \(namespace)/\(ref["name"]?.stringValue ?? "")")
        }
        if let ref = from["secretKeyRef"], let key = ref["key"]?.stringValue {
            let data = try await secretData(ref, namespace: namespace)
            if let value = data?[key] { return value }
            if ref["optional"]?.boolValue == true { return nil }
            throw ConfigError(
                description: "couldn't find key \(key) in Secret \(namespace)/\(ref["name"]?.stringValue ?? "")")
        }
        return nil
    }

    /// The downward API's fields.
    func fieldValue(_ path: String) throws -> String {
        switch path {
        case "metadata.name": return pod.name ?? ""
        case "metadata.namespace": return pod.namespace ?? ""
        case "metadata.uid": return pod.uid ?? ""
        case "spec.nodeName": return nodeName
        case "spec.serviceAccountName": return pod.json[path: ["spec", "serviceAccountName"]]?.stringValue ?? ""
        case "status.hostIP", "status.hostIPs": return hostIP
        case "status.podIP", "status.podIPs": return podIP
        default:
            for (prefix, map) in [("metadata.labels['", pod.labels), ("metadata.annotations['", pod.annotations)]
            where path.hasPrefix(prefix) && path.hasSuffix("']") {
                let key = String(path.dropFirst(prefix.count).dropLast(2))
                return map?[key] ?? ""
            }
            throw ConfigError(description: "unsupported fieldPath \(path)")
        }
    }

    /// limits.cpu, requests.memory and friends, in units of the divisor
    /// (default 1), rounded up as upstream.
    func resourceValue(_ resource: String, divisor: String?) -> String {
        let parts = resource.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return "" }
        var quantity = container[path: ["resources", parts[0], parts[1]]]?.stringValue
        if quantity == nil, parts[0] == "requests" {
            quantity = container[path: ["resources", "limits", parts[1]]]?.stringValue
        }
        let divisorMilli = Quantity(divisor ?? "1").milliValue ?? 1000
        guard let quantity, let milli = Quantity(quantity).milliValue, divisorMilli > 0 else {
            // Without a limit upstream reports the node's allocatable; the node's cores then.
            if parts == ["limits", "cpu"] { return String(ProcessInfo.processInfo.activeProcessorCount) }
            if parts == ["limits", "memory"] { return String(ProcessInfo.processInfo.physicalMemory) }
            return "0"
        }
        return String((milli + divisorMilli - 1) / divisorMilli)
    }

    private func configMapData(_ ref: JSONValue, namespace: String) async throws -> [String: String]? {
        guard let name = ref["name"]?.stringValue else { return nil }
        do {
            let map = try await client.resource(CoreV1.ConfigMap.self, namespace: namespace).get(name)
            return map.json["data"]?.objectValue.map { object in
                Dictionary(object.members.compactMap { m in m.value.stringValue.map { (m.key, $0) } }) { a, _ in a }
            } ?? [:]
        } catch KubernetesError.notFound where ref["optional"]?.boolValue == true {
            return nil
        } catch KubernetesError.notFound {
            throw ConfigError(description: "configmap \"\(name)\" not found")
        }
    }

    private func secretData(_ ref: JSONValue, namespace: String) async throws -> [String: String]? {
        guard let name = ref["name"]?.stringValue else { return nil }
        do {
            let secret = try await client.resource(CoreV1.Secret.self, namespace: namespace).get(name)
            var result: [String: String] = [:]
            for member in secret.json["data"]?.objectValue?.members ?? [] {
                if let encoded = member.value.stringValue, let data = Data(base64Encoded: encoded) {
                    result[member.key] = String(decoding: data, as: UTF8.self)
                }
            }
            for member in secret.json["stringData"]?.objectValue?.members ?? [] {
                result[member.key] = member.value.stringValue
            }
            return result
        } catch KubernetesError.notFound where ref["optional"]?.boolValue == true {
            return nil
        } catch KubernetesError.notFound {
            throw ConfigError(description: "secret \"\(name)\" not found")
        }
    }

    /// Upstream's `$(VAR)` expansion: known names are replaced, unknown ones
    /// kept as written, and `$$` escapes a dollar.
    static func expand(_ text: String, _ variables: [String: String]) -> String {
        guard text.contains("$") else { return text }
        var out = ""
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            let next = text.index(after: i)
            if c == "$", next < text.endIndex {
                if text[next] == "$" {
                    out.append("$")
                    i = text.index(after: next)
                    continue
                }
                if text[next] == "(", let close = text[next...].firstIndex(of: ")") {
                    let name = String(text[text.index(after: next)..<close])
                    if let value = variables[name] {
                        out += value
                    } else {
                        out += text[i...close]
                    }
                    i = text.index(after: close)
                    continue
                }
            }
            out.append(c)
            i = next
        }
        return out
    }
}
