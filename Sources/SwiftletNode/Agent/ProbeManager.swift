import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOPosix
import SwiftletAPI
import SwiftletCRI
import SwiftletControllerKit
import SwiftletModels
import Synchronization

/// Runs the liveness, readiness and startup probes of running containers as
/// upstream's kubelet does: after `initialDelaySeconds`, every
/// `periodSeconds`, each try bounded by `timeoutSeconds`, a result flipping
/// only after `successThreshold` or `failureThreshold` tries in a row.
/// Readiness feeds the container's `ready`; a failed liveness or startup
/// probe stops the container so its restart policy applies.
final class ProbeManager: Sendable {
    enum Kind: String, Sendable, CaseIterable {
        case startup, liveness, readiness
    }

    /// One probe of one container.
    struct Target: Sendable, Hashable {
        var containerID: String
        var kind: Kind
    }

    struct Probe: Sendable {
        var pod: NamespacedName
        var podObject: CoreV1.Pod
        var containerName: String
        var spec: JSONValue
        var podIP: String
        var startedAt: Date
        var gracePeriod: Int64
    }

    private struct Tracked {
        var probe: Probe
        var nextDue: Date
        var successes = 0
        var failures = 0
        /// nil until the first result settles it.
        var result: Bool?
        var running = false
    }

    let runtime: any ContainerRuntime
    let events: EventRecorder
    let logger: Logger
    private let tracked = Mutex<[Target: Tracked]>([:])
    /// Wakes the pod whose probe result changed, so its status is reported.
    private let wake = Mutex<(@Sendable (NamespacedName) async -> Void)?>(nil)

    init(runtime: any ContainerRuntime, events: EventRecorder, logger: Logger) {
        self.runtime = runtime
        self.events = events
        self.logger = logger
    }

    /// Makes the probes of a pod's running containers the ones tracked;
    /// probes of containers that stopped go.
    func sync(pod: CoreV1.Pod, key: NamespacedName, view: PodRuntimeView) {
        let specs = pod.json[path: ["spec", "containers"]]?.arrayValue ?? []
        var wanted: [Target: Probe] = [:]
        for spec in specs {
            let name = spec["name"]?.stringValue ?? ""
            guard let latest = view.latest(name), latest.state == .containerRunning else { continue }
            for kind in Kind.allCases {
                guard let probe = spec["\(kind.rawValue)Probe"], probe.objectValue != nil else { continue }
                wanted[Target(containerID: latest.id, kind: kind)] = Probe(
                    pod: key, podObject: pod, containerName: name, spec: probe, podIP: view.sandboxIP,
                    startedAt: Date(timeIntervalSince1970: Double(latest.startedAt) / 1e9),
                    gracePeriod: pod.json[path: ["spec", "terminationGracePeriodSeconds"]]?.intValue ?? 30)
            }
        }
        let uid = pod.uid ?? ""
        tracked.withLock { all in
            for (target, entry) in all where entry.probe.podObject.uid == uid && wanted[target] == nil {
                all[target] = nil
            }
            for (target, probe) in wanted where all[target] == nil {
                let delay = Double(probe.spec["initialDelaySeconds"]?.intValue ?? 0)
                all[target] = Tracked(probe: probe, nextDue: probe.startedAt.addingTimeInterval(delay))
            }
        }
    }

    func forget(podUID: String) {
        tracked.withLock { all in all = all.filter { $0.value.probe.podObject.uid != podUID } }
    }

    /// Upstream's view of a container: ready once its readiness probe
    /// passed (or it has none), started once its startup probe passed.
    func isReady(containerID: String) -> Bool? {
        tracked.withLock { all in
            guard let entry = all[Target(containerID: containerID, kind: .readiness)] else { return nil }
            let startupDone = all[Target(containerID: containerID, kind: .startup)].map { $0.result == true } ?? true
            return startupDone && entry.result == true
        }
    }

    func isStarted(containerID: String) -> Bool? {
        tracked.withLock { $0[Target(containerID: containerID, kind: .startup)].map { $0.result == true } }
    }

    /// Runs due probes until cancelled; `wake` is told of every pod whose
    /// container changed readiness or was stopped.
    func run(wake: @escaping @Sendable (NamespacedName) async -> Void) async {
        self.wake.withLock { $0 = wake }
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                let now = Date()
                let due: [(Target, Probe)] = tracked.withLock { all in
                    var picked: [(Target, Probe)] = []
                    for (target, entry) in all where !entry.running && entry.nextDue <= now {
                        // Liveness and readiness wait for the startup probe.
                        if target.kind != .startup,
                            let startup = all[Target(containerID: target.containerID, kind: .startup)],
                            startup.result != true
                        {
                            continue
                        }
                        picked.append((target, entry.probe))
                    }
                    for (target, _) in picked { all[target]?.running = true }
                    return picked
                }
                for (target, probe) in due {
                    group.addTask { await self.check(target, probe) }
                }
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    private func check(_ target: Target, _ probe: Probe) async {
        let timeout = max(1, probe.spec["timeoutSeconds"]?.intValue ?? 1)
        let outcome = await ProbeRunner(runtime: runtime).run(
            probe.spec, containerID: target.containerID, podIP: probe.podIP, timeoutSeconds: timeout)
        let period = Double(max(1, probe.spec["periodSeconds"]?.intValue ?? 10))
        let successThreshold = Int(max(1, probe.spec["successThreshold"]?.intValue ?? 1))
        let failureThreshold = Int(max(1, probe.spec["failureThreshold"]?.intValue ?? 3))
        let (changed, failedNow): (Bool, Bool) = tracked.withLock { all in
            guard var entry = all[target] else { return (false, false) }
            defer { all[target] = entry }
            entry.running = false
            entry.nextDue = Date().addingTimeInterval(period)
            let before = entry.result
            if outcome.success {
                entry.successes += 1
                entry.failures = 0
                if entry.successes >= successThreshold || before == nil && target.kind != .readiness {
                    entry.result = true
                }
            } else {
                entry.failures += 1
                entry.successes = 0
                if entry.failures >= failureThreshold { entry.result = false }
            }
            return (entry.result != before, entry.result == false)
        }
        if !outcome.success {
            let kindName = target.kind.rawValue.prefix(1).uppercased() + target.kind.rawValue.dropFirst()
            await events.record(
                probe.podObject, type: .warning, reason: "Unhealthy",
                message: "\(kindName) probe failed: \(outcome.message)")
        }
        if failedNow, target.kind != .readiness {
            // Upstream kills the container; its restart policy decides what follows.
            await events.record(
                probe.podObject, reason: "Killing",
                message:
                    "Container \(probe.containerName) failed \(target.kind.rawValue) probe, will be restarted")
            tracked.withLock { all in all = all.filter { $0.key.containerID != target.containerID } }
            try? await runtime.stopContainer(target.containerID, timeoutSeconds: probe.gracePeriod)
        }
        if changed || failedNow, let wake = self.wake.withLock({ $0 }) { await wake(probe.pod) }
    }
}

/// Carries out one try of a probe: exec in the container, an HTTP GET or a
/// TCP connect to the pod IP.
struct ProbeRunner {
    let runtime: any ContainerRuntime

    struct Outcome {
        var success: Bool
        var message: String
    }

    func run(_ spec: JSONValue, containerID: String, podIP: String, timeoutSeconds: Int64) async -> Outcome {
        if let command = spec[path: ["exec", "command"]]?.arrayValue?.compactMap(\.stringValue) {
            do {
                let result = try await runtime.execSync(containerID, command: command, timeoutSeconds: timeoutSeconds)
                let output = String(decoding: result.stdout + result.stderr, as: UTF8.self)
                return Outcome(
                    success: result.exitCode == 0,
                    message: result.exitCode == 0 ? "" : "command exited with \(result.exitCode): \(output)")
            } catch {
                return Outcome(success: false, message: "\(error)")
            }
        }
        if let http = spec["httpGet"] {
            let host = http["host"]?.stringValue ?? podIP
            let path = http["path"]?.stringValue ?? "/"
            guard let port = Self.port(http["port"]) else { return Outcome(success: false, message: "no port") }
            return await Self.httpGet(host: host, port: port, path: path, timeoutSeconds: timeoutSeconds)
        }
        if let tcp = spec["tcpSocket"] {
            guard let port = Self.port(tcp["port"]) else { return Outcome(success: false, message: "no port") }
            let host = tcp["host"]?.stringValue ?? podIP
            do {
                let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connectTimeout(.seconds(timeoutSeconds)).connect(host: host, port: port).get()
                try? await channel.close()
                return Outcome(success: true, message: "")
            } catch {
                return Outcome(success: false, message: "dial tcp \(host):\(port): \(error)")
            }
        }
        return Outcome(success: false, message: "probe has no handler this node supports")
    }

    /// Numeric ports; named ports are not resolved yet.
    static func port(_ value: JSONValue?) -> Int? {
        if let n = value?.intValue { return Int(n) }
        return value?.stringValue.flatMap { Int($0) }
    }

    /// A status from 200 to 399 passes, as upstream.
    static func httpGet(host: String, port: Int, path: String, timeoutSeconds: Int64) async -> Outcome {
        do {
            var request = HTTPClientRequest(url: "http://\(host):\(port)\(path)")
            request.headers.add(name: "User-Agent", value: "kube-probe/1.32")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(timeoutSeconds))
            let status = Int(response.status.code)
            _ = try? await response.body.collect(upTo: 10 * 1024)
            return Outcome(
                success: (200..<400).contains(status),
                message: (200..<400).contains(status) ? "" : "HTTP probe failed with statuscode: \(status)")
        } catch {
            return Outcome(success: false, message: "Get \"http://\(host):\(port)\(path)\": \(error)")
        }
    }
}
