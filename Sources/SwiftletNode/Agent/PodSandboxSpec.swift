import Foundation
import SwiftletAPI
import SwiftletCRI
import SwiftletModels

/// The CRI sandbox a pod runs in: its network namespace (the pod IP), host
/// name, DNS, host ports and log directory.
enum PodSandboxSpec {
    static func config(for pod: CoreV1.Pod, attempt: UInt32, logRoot: URL) -> Runtime_V1_PodSandboxConfig {
        let namespace = pod.namespace ?? "default"
        let name = pod.name ?? ""
        let uid = pod.uid ?? ""
        let spec = pod.json["spec"] ?? [:]
        let hostNetwork = spec["hostNetwork"]?.boolValue ?? false
        return .with { config in
            config.metadata = .with {
                $0.name = name
                $0.namespace = namespace
                $0.uid = uid
                $0.attempt = attempt
            }
            config.hostname = hostNetwork ? ProcessInfo.processInfo.hostName : (spec["hostname"]?.stringValue ?? name)
            config.logDirectory = logDirectory(for: pod, root: logRoot).path
            config.labels = RuntimeLabels.pod(namespace: namespace, name: name, uid: uid)
            config.labels[RuntimeLabels.restartPolicy] = spec["restartPolicy"]?.stringValue ?? "Always"
            config.dnsConfig = hostDNS()
            config.portMappings = (spec["containers"]?.arrayValue ?? []).flatMap { container in
                (container["ports"]?.arrayValue ?? []).compactMap { port -> Runtime_V1_PortMapping? in
                    guard let hostPort = port["hostPort"]?.intValue, hostPort > 0 else { return nil }
                    return .with {
                        $0.containerPort = Int32(port["containerPort"]?.intValue ?? hostPort)
                        $0.hostPort = Int32(hostPort)
                        $0.hostIp = port["hostIP"]?.stringValue ?? ""
                        $0.protocol = port["protocol"]?.stringValue == "UDP" ? .udp : .tcp
                    }
                }
            }
            config.linux = .with { linux in
                linux.securityContext = .with {
                    $0.namespaceOptions = .with {
                        $0.network = hostNetwork ? .node : .pod
                        $0.pid = spec["hostPID"]?.boolValue == true ? .node : .container
                        $0.ipc = spec["hostIPC"]?.boolValue == true ? .node : .pod
                    }
                    if let user = spec[path: ["securityContext", "runAsUser"]]?.intValue {
                        $0.runAsUser = .with { $0.value = user }
                    }
                    if let group = spec[path: ["securityContext", "runAsGroup"]]?.intValue {
                        $0.runAsGroup = .with { $0.value = group }
                    }
                }
            }
        }
    }

    /// Where the runtime writes the pod's container logs: one folder per pod,
    /// named as upstream's kubelet names it.
    static func logDirectory(for pod: CoreV1.Pod, root: URL) -> URL {
        root.appendingPathComponent("\(pod.namespace ?? "default")_\(pod.name ?? "")_\(pod.uid ?? "")")
    }

    /// Pods resolve names as the machine does (no cluster DNS yet).
    static func hostDNS() -> Runtime_V1_DNSConfig {
        guard let text = try? String(contentsOfFile: "/etc/resolv.conf", encoding: .utf8) else { return .init() }
        var dns = Runtime_V1_DNSConfig()
        for line in text.split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let first = words.first else { continue }
            switch first {
            case "nameserver": dns.servers += words.dropFirst()
            case "search": dns.searches += words.dropFirst()
            case "options": dns.options += words.dropFirst()
            default: break
            }
        }
        return dns
    }
}
