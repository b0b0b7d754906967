import Foundation
import SwiftletAPI
import SwiftletCRI
import SwiftletModels

/// Computes a pod's status from what the runtime holds, with upstream's
/// rules: container states and restart counts, the phase, and the
/// PodReadyToStartContainers, Initialized, ContainersReady and Ready
/// conditions (PodScheduled and conditions of others are kept).
struct PodStatusBuilder {
    let pod: CoreV1.Pod
    let view: PodRuntimeView
    /// Why a container that is not running waits (ContainerCreating,
    /// CrashLoopBackOff, ErrImagePull ...), by container name.
    let waiting: [String: (reason: String, message: String?)]
    let hostIP: String
    let now: Date
    /// What the probes say of a running container, by container id (nil
    /// fields: no such probe, so ready and started once running).
    var probes: [String: (ready: Bool?, started: Bool?)] = [:]

    var spec: JSONValue { pod.json["spec"] ?? [:] }
    var previous: JSONValue { pod.json["status"] ?? [:] }
    var restartPolicy: String { spec["restartPolicy"]?.stringValue ?? "Always" }
    var initContainers: [JSONValue] { spec["initContainers"]?.arrayValue ?? [] }
    var containers: [JSONValue] { spec["containers"]?.arrayValue ?? [] }

    /// True once every init container has exited 0.
    var initialized: Bool {
        initContainers.allSatisfy { c in
            let latest = view.latest(c["name"]?.stringValue ?? "")
            return latest?.state == .containerExited && latest?.exitCode == 0
        }
    }

    /// True when an init container failed and will not be retried.
    var initFailed: Bool {
        restartPolicy == "Never"
            && initContainers.contains { c in
                let latest = view.latest(c["name"]?.stringValue ?? "")
                return latest?.state == .containerExited && latest?.exitCode != 0
            }
    }

    func build() -> JSONValue {
        var status = previous
        let initStatuses = initContainers.map { containerStatus($0, isInit: true) }
        let statuses = containers.map { containerStatus($0, isInit: false) }
        let phase = self.phase(statuses)
        status["phase"] = .string(phase)
        status["hostIP"] = .string(hostIP)
        status["hostIPs"] = [["ip": .string(hostIP)]]
        let hostNetwork = spec["hostNetwork"]?.boolValue ?? false
        let podIP = hostNetwork ? hostIP : view.sandboxIP
        if !podIP.isEmpty {
            status["podIP"] = .string(podIP)
            status["podIPs"] = [["ip": .string(podIP)]]
        }
        if status["startTime"] == nil { status["startTime"] = .string(Timestamp.rfc3339(now)) }
        status["qosClass"] = .string(qosClass)
        if !initStatuses.isEmpty { status["initContainerStatuses"] = .array(initStatuses) }
        status["containerStatuses"] = .array(statuses)
        status["conditions"] = .array(conditions(statuses: statuses, phase: phase))
        return status
    }

    private func containerStatus(_ container: JSONValue, isInit: Bool) -> JSONValue {
        let name = container["name"]?.stringValue ?? ""
        let image = container["image"]?.stringValue ?? ""
        var status: JSONValue = [
            "name": .string(name), "image": .string(image), "imageID": "", "ready": false,
            "restartCount": .int(view.restartCount(name)), "started": false,
        ]
        let latest = view.latest(name)
        var state: JSONValue
        var lastState: JSONValue = [:]
        if let latest {
            status["containerID"] = .string("containerd://\(latest.id)")
            status["imageID"] = .string(latest.imageRef)
            switch latest.state {
            case .containerRunning:
                state = ["running": ["startedAt": .string(Self.time(latest.startedAt))]]
                let probed = probes[latest.id]
                let started = probed?.started ?? true
                status["started"] = .bool(started)
                status["ready"] = .bool(!isInit && started && (probed?.ready ?? true))
            case .containerExited:
                let terminated = Self.terminated(latest)
                if let wait = waiting[name] {
                    state = [
                        "waiting": [
                            "reason": .string(wait.reason),
                            "message": wait.message.map { JSONValue.string($0) } ?? .null,
                        ]
                    ]
                    lastState = terminated
                } else {
                    state = terminated
                }
            default:
                state = ["waiting": ["reason": .string(waiting[name]?.reason ?? "ContainerCreating")]]
            }
            if lastState == [:], let previous = view.previous(name), previous.state == .containerExited {
                lastState = Self.terminated(previous)
            }
        } else {
            let wait = waiting[name]
            let reason = wait?.reason ?? (isInit || initialized ? "ContainerCreating" : "PodInitializing")
            state = ["waiting": ["reason": .string(reason)]]
            if let message = wait?.message { state[path: ["waiting", "message"]] = .string(message) }
        }
        status["state"] = Self.dropNulls(state)
        status["lastState"] = lastState
        return status
    }

    static func terminated(_ c: Runtime_V1_ContainerStatus) -> JSONValue {
        var reason = c.reason
        if reason.isEmpty { reason = c.exitCode == 0 ? "Completed" : "Error" }
        var t: JSONValue = [
            "exitCode": .int(Int64(c.exitCode)), "reason": .string(reason),
            "startedAt": .string(time(c.startedAt)), "finishedAt": .string(time(c.finishedAt)),
            "containerID": .string("containerd://\(c.id)"),
        ]
        if !c.message.isEmpty { t["message"] = .string(c.message) }
        return ["terminated": t]
    }

    /// Upstream's phase rules (kubelet's getPhase).
    func phase(_ statuses: [JSONValue]) -> String {
        if let old = previous["phase"]?.stringValue, old == "Succeeded" || old == "Failed" { return old }
        if initFailed { return "Failed" }
        if !initialized { return "Pending" }
        var waiting = 0
        var running = 0
        var stopped = 0
        var succeeded = 0
        for s in statuses {
            if s[path: ["state", "running"]] != nil {
                running += 1
            } else if let t = s[path: ["state", "terminated"]] {
                stopped += 1
                if t["exitCode"]?.intValue == 0 { succeeded += 1 }
            } else if s[path: ["lastState", "terminated"]] != nil {
                stopped += 1  // waiting to restart
            } else {
                waiting += 1
            }
        }
        if waiting > 0 { return "Pending" }
        if running > 0 { return "Running" }
        if stopped > 0 {
            if restartPolicy == "Always" { return "Running" }
            if stopped == succeeded { return "Succeeded" }
            if restartPolicy == "Never" { return "Failed" }
            return "Running"
        }
        return "Pending"
    }

    private func conditions(statuses: [JSONValue], phase: String) -> [JSONValue] {
        let time = Timestamp.rfc3339(now)
        let old = previous["conditions"]?.arrayValue ?? []
        func condition(_ type: String, _ value: Bool, reason: String? = nil, message: String? = nil) -> JSONValue {
            let status = value ? "True" : "False"
            let before = old.first { $0["type"]?.stringValue == type }
            var c: JSONValue = [
                "type": .string(type), "status": .string(status), "lastProbeTime": .null,
                "lastTransitionTime": before?["status"]?.stringValue == status
                    ? (before?["lastTransitionTime"] ?? .string(time)) : .string(time),
            ]
            if let reason { c["reason"] = .string(reason) }
            if let message { c["message"] = .string(message) }
            return c
        }
        let terminal = phase == "Succeeded" || phase == "Failed"
        let notReady = statuses.filter { $0["ready"]?.boolValue != true }.compactMap { $0["name"]?.stringValue }
        let notDone = initContainers.compactMap { $0["name"]?.stringValue }.filter {
            let latest = view.latest($0)
            return !(latest?.state == .containerExited && latest?.exitCode == 0)
        }
        var result: [JSONValue] = []
        result.append(condition("PodReadyToStartContainers", view.readySandbox != nil))
        if terminal && notDone.isEmpty {
            result.append(condition("Initialized", true, reason: "PodCompleted"))
        } else {
            result.append(
                notDone.isEmpty
                    ? condition("Initialized", true)
                    : condition(
                        "Initialized", false, reason: "ContainersNotInitialized",
                        message: "containers with incomplete status: [\(notDone.joined(separator: " "))]"))
        }
        let ready = notReady.isEmpty && !terminal
        let reason = terminal ? "PodCompleted" : "ContainersNotReady"
        let message = terminal ? nil : "containers with unready status: [\(notReady.joined(separator: " "))]"
        result.append(
            ready
                ? condition("ContainersReady", true)
                : condition("ContainersReady", false, reason: reason, message: message))
        result.append(ready ? condition("Ready", true) : condition("Ready", false, reason: reason, message: message))
        let ours: Set = ["PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready"]
        // PodScheduled (the scheduler's) and anything others set stay, in front as upstream lists them.
        return old.filter { !ours.contains($0["type"]?.stringValue ?? "") } + result
    }

    /// Upstream's QoS class: Guaranteed when every container's requests equal
    /// its cpu and memory limits, BestEffort with no requests or limits at all.
    var qosClass: String {
        let all = initContainers + containers
        var any = false
        var guaranteed = true
        for c in all {
            let requests = c[path: ["resources", "requests"]]?.objectValue ?? JSONObject()
            let limits = c[path: ["resources", "limits"]]?.objectValue ?? JSONObject()
            for resource in ["cpu", "memory"] {
                let request = requests[resource]?.stringValue
                let limit = limits[resource]?.stringValue
                if request != nil || limit != nil { any = true }
                guard let limit else {
                    guaranteed = false
                    continue
                }
                if let request, Quantity(request).milliValue != Quantity(limit).milliValue { guaranteed = false }
            }
        }
        if !any { return "BestEffort" }
        return guaranteed ? "Guaranteed" : "Burstable"
    }

    static func time(_ nanoseconds: Int64) -> String {
        Timestamp.rfc3339(Date(timeIntervalSince1970: Double(nanoseconds) / 1e9))
    }

    static func dropNulls(_ value: JSONValue) -> JSONValue {
        guard case .object(let o) = value else { return value }
        return .object(JSONObject(o.members.filter { $0.value != .null }.map { ($0.key, dropNulls($0.value)) }))
    }
}
