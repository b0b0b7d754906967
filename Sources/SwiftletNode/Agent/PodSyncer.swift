import Foundation
import Logging
import SwiftletAPI
import SwiftletCRI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels

/// Brings the runtime in line with one pod bound to this node, then reports
/// what it holds as the pod's status. Level-triggered: it reads the pod from
/// the informer and the sandboxes and containers from the runtime each time,
/// so a restarted agent adopts what runs without restarting it.
struct PodSyncer: Reconciler {
    let client: KubernetesClient
    let runtime: any ContainerRuntime
    let nodeName: String
    let hostIP: String
    let logRoot: URL
    /// Where pods' volumes live, one folder per pod uid.
    var volumeRoot: URL { logRoot.deletingLastPathComponent().appendingPathComponent("volumes") }
    /// How often volumes filled from the API are written again, so updates
    /// of their ConfigMaps and Secrets reach running containers.
    static let volumeResync: Duration = .seconds(20)
    let pods: ObjectStore<CoreV1.Pod>
    let state: PodWorkState
    let probes: ProbeManager
    let events: EventRecorder
    let logger: Logger

    func reconcile(_ key: NamespacedName) async throws -> ReconcileResult {
        let pod = pods.get(namespace: key.namespace, name: key.name)
        // Sandboxes of this name that belong to no pod, or to an earlier pod
        // of the same name, go.
        let sandboxes = try await runtime.listPodSandboxes().filter { RuntimeLabels.key($0.labels) == key }
        for sandbox in sandboxes where sandbox.podUID != pod?.uid {
            try await removeSandbox(sandbox.id)
            state.forget(uid: sandbox.podUID)
            probes.forget(podUID: sandbox.podUID)
            removeLogs(namespace: key.namespace, name: key.name, uid: sandbox.podUID)
        }
        guard let pod, let uid = pod.uid, pod.json[path: ["spec", "nodeName"]]?.stringValue == nodeName else {
            return .done
        }
        if pod.deletionTimestamp != nil {
            try await terminate(pod, uid: uid)
            return .done
        }
        if let phase = pod.json[path: ["status", "phase"]]?.stringValue, phase == "Succeeded" || phase == "Failed" {
            // Finished pods keep their containers (for logs) but not their network.
            for sandbox in sandboxes where sandbox.podUID == uid && sandbox.state == .sandboxReady {
                try await runtime.stopPodSandbox(sandbox.id)
            }
            return .done
        }
        var view = try await PodRuntimeView.read(runtime: runtime, podUID: uid)
        if view.readySandbox == nil {
            try await startSandbox(pod, uid: uid, view: view)
            view = try await PodRuntimeView.read(runtime: runtime, podUID: uid)
        }
        var requeue: Duration? = nil
        let volumes = PodVolumes(pod: pod, root: volumeRoot.appendingPathComponent(uid), client: client)
        var volumesReady = true
        do {
            try await volumes.prepare()
            if volumes.followsTheAPI { requeue = Self.volumeResync }
        } catch {
            volumesReady = false
            await events.record(
                pod, type: .warning, reason: "FailedMount", message: "MountVolume.SetUp failed: \(error)")
            requeue = .seconds(10)
        }
        if let sandbox = view.readySandbox, volumesReady {
            let sandboxConfig = PodSandboxSpec.config(for: pod, attempt: sandbox.metadata.attempt, logRoot: logRoot)
            let changed = try await syncContainers(
                pod, uid: uid, view: view, volumes: volumes, sandboxID: sandbox.id, sandboxConfig: sandboxConfig,
                requeue: &requeue)
            if changed { view = try await PodRuntimeView.read(runtime: runtime, podUID: uid) }
        }
        probes.sync(pod: pod, key: key, view: view)
        try await report(pod, view: view, uid: uid)
        return requeue.map { .requeueAfter($0) } ?? .done
    }

    // MARK: Sandbox

    private func startSandbox(_ pod: CoreV1.Pod, uid: String, view: PodRuntimeView) async throws {
        // A sandbox that stopped (its network is gone) is replaced; its
        // containers are started again in the new one, keeping their counts.
        for old in view.sandboxes where old.state == .sandboxReady {
            try? await runtime.stopPodSandbox(old.id)
        }
        let config = PodSandboxSpec.config(for: pod, attempt: UInt32(view.sandboxes.count), logRoot: logRoot)
        try FileManager.default.createDirectory(
            atPath: config.logDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        do {
            _ = try await runtime.runPodSandbox(config)
        } catch {
            await events.record(
                pod, type: .warning, reason: "FailedCreatePodSandBox",
                message: "Failed to create pod sandbox: \(error)")
            throw error
        }
    }

    /// A removed pod's logs and volumes go with it, as upstream's.
    private func removeLogs(namespace: String, name: String, uid: String) {
        try? FileManager.default.removeItem(at: logRoot.appendingPathComponent("\(namespace)_\(name)_\(uid)"))
        try? FileManager.default.removeItem(at: volumeRoot.appendingPathComponent(uid))
    }

    private func removeSandbox(_ id: String) async throws {
        try await runtime.stopPodSandbox(id)
        try await runtime.removePodSandbox(id)
    }

    // MARK: Containers

    /// Init containers one at a time in order, then every app container;
    /// returns whether anything was started.
    private func syncContainers(
        _ pod: CoreV1.Pod, uid: String, view: PodRuntimeView, volumes: PodVolumes, sandboxID: String,
        sandboxConfig: Runtime_V1_PodSandboxConfig, requeue: inout Duration?
    ) async throws -> Bool {
        let spec = pod.json["spec"] ?? [:]
        let restartPolicy = spec["restartPolicy"]?.stringValue ?? "Always"
        var changed = false
        for container in spec["initContainers"]?.arrayValue ?? [] {
            let name = container["name"]?.stringValue ?? ""
            let latest = view.latest(name)
            if latest?.state == .containerExited && latest?.exitCode == 0 { continue }
            switch latest?.state {
            case .containerRunning?, .containerCreated?:
                return changed  // wait for it to finish
            case .containerExited?:
                // Init containers are retried unless the pod never restarts.
                guard restartPolicy != "Never" else { return changed }
                changed = try await restartIfDue(
                    pod, uid: uid, container: container, latest: latest!, view: view, volumes: volumes,
                    sandboxID: sandboxID,
                    sandboxConfig: sandboxConfig, requeue: &requeue)
            default:
                changed = try await start(
                    pod, uid: uid, container: container, attempt: 0, view: view, volumes: volumes, sandboxID: sandboxID,
                    sandboxConfig: sandboxConfig, requeue: &requeue)
            }
            return changed
        }
        for container in spec["containers"]?.arrayValue ?? [] {
            let name = container["name"]?.stringValue ?? ""
            guard let latest = view.latest(name) else {
                changed =
                    try await start(
                        pod, uid: uid, container: container, attempt: 0, view: view, volumes: volumes,
                        sandboxID: sandboxID,
                        sandboxConfig: sandboxConfig, requeue: &requeue) || changed
                continue
            }
            guard latest.state == .containerExited else { continue }
            let restart =
                switch restartPolicy {
                case "Never": false
                case "OnFailure": latest.exitCode != 0
                default: true
                }
            if restart {
                changed =
                    try await restartIfDue(
                        pod, uid: uid, container: container, latest: latest, view: view, volumes: volumes,
                        sandboxID: sandboxID,
                        sandboxConfig: sandboxConfig, requeue: &requeue) || changed
            }
        }
        return changed
    }

    /// Restarts an exited container unless its back-off has not run out.
    private func restartIfDue(
        _ pod: CoreV1.Pod, uid: String, container: JSONValue, latest: Runtime_V1_ContainerStatus,
        view: PodRuntimeView, volumes: PodVolumes, sandboxID: String, sandboxConfig: Runtime_V1_PodSandboxConfig,
        requeue: inout Duration?
    ) async throws -> Bool {
        let name = container["name"]?.stringValue ?? ""
        let decision = state.restartDecision(
            uid: uid, key: name, startedAt: Self.date(latest.startedAt), finishedAt: Self.date(latest.finishedAt),
            now: Date())
        if let wait = decision.wait {
            let podName = "\(pod.name ?? "")_\(pod.namespace ?? "")(\(uid))"
            state.setWaiting(
                uid: uid, container: name, reason: "CrashLoopBackOff",
                message: "back-off \(decision.delay.goString) restarting failed container=\(name) pod=\(podName)")
            await events.record(
                pod, type: .warning, reason: "BackOff",
                message: "Back-off restarting failed container \(name) in pod \(podName)")
            requeue = min(requeue ?? wait, wait)
            return false
        }
        // Upstream keeps one dead container per name, for `logs --previous`.
        if let older = view.previous(name) { try? await runtime.removeContainer(older.id) }
        return try await start(
            pod, uid: uid, container: container, attempt: latest.metadata.attempt + 1, view: view,
            volumes: volumes, sandboxID: sandboxID, sandboxConfig: sandboxConfig, requeue: &requeue)
    }

    /// Pulls the image if the policy says so, creates and starts the container.
    private func start(
        _ pod: CoreV1.Pod, uid: String, container: JSONValue, attempt: UInt32, view: PodRuntimeView,
        volumes: PodVolumes, sandboxID: String, sandboxConfig: Runtime_V1_PodSandboxConfig, requeue: inout Duration?
    ) async throws -> Bool {
        let name = container["name"]?.stringValue ?? ""
        let imageRef: String
        do {
            imageRef = try await ensureImage(pod, container: container)
        } catch let failure as ImagePullFailure {
            state.setWaiting(uid: uid, container: name, reason: failure.reason, message: failure.message)
            requeue = min(requeue ?? .seconds(10), .seconds(10))
            return false
        }
        let spec = ContainerSpec(
            pod: pod, container: container, nodeName: nodeName, hostIP: hostIP, podIP: view.sandboxIP, client: client)
        var config: Runtime_V1_ContainerConfig
        do {
            config = try await spec.config(imageRef: imageRef, attempt: attempt)
            config.mounts = volumes.mounts(for: container)
        } catch let error as ContainerSpec.ConfigError {
            state.setWaiting(
                uid: uid, container: name, reason: "CreateContainerConfigError", message: error.description)
            await events.record(pod, type: .warning, reason: "Failed", message: "Error: \(error.description)")
            requeue = min(requeue ?? .seconds(10), .seconds(10))
            return false
        }
        try FileManager.default.createDirectory(
            atPath: sandboxConfig.logDirectory + "/" + name, withIntermediateDirectories: true)
        let id: String
        do {
            id = try await runtime.createContainer(sandboxID: sandboxID, config: config, sandboxConfig: sandboxConfig)
        } catch {
            state.setWaiting(uid: uid, container: name, reason: "CreateContainerError", message: "\(error)")
            await events.record(pod, type: .warning, reason: "Failed", message: "Error: \(error)")
            throw error
        }
        await events.record(pod, reason: "Created", message: "Created container \(name)")
        do {
            try await runtime.startContainer(id)
        } catch {
            state.setWaiting(uid: uid, container: name, reason: "RunContainerError", message: "\(error)")
            await events.record(pod, type: .warning, reason: "Failed", message: "Error: \(error)")
            throw error
        }
        state.clearWaiting(uid: uid, container: name)
        await events.record(pod, reason: "Started", message: "Started container \(name)")
        if let hook = container[path: ["lifecycle", "postStart", "exec", "command"]]?.arrayValue?.compactMap(
            \.stringValue),
            !hook.isEmpty
        {
            // Upstream kills a container whose postStart hook fails; its restart policy decides the rest.
            let result = try? await runtime.execSync(id, command: hook, timeoutSeconds: 30)
            if result?.exitCode != 0 {
                let reason = result.map { "command exited with \($0.exitCode)" } ?? "it could not run"
                await events.record(
                    pod, type: .warning, reason: "FailedPostStartHook", message: "PostStartHook failed: \(reason)")
                try? await runtime.stopContainer(id, timeoutSeconds: 0)
            }
        }
        return true
    }

    struct ImagePullFailure: Error {
        var reason: String
        var message: String
    }

    /// The image's reference in the runtime, pulling it as `imagePullPolicy` says.
    private func ensureImage(_ pod: CoreV1.Pod, container: JSONValue) async throws -> String {
        let image = container["image"]?.stringValue ?? ""
        let policy = container["imagePullPolicy"]?.stringValue ?? Self.defaultPullPolicy(image)
        if policy != "Always", let present = try await runtime.imageStatus(image) {
            if policy == "IfNotPresent" || policy == "Never" {
                await events.record(
                    pod, reason: "Pulled", message: "Container image \"\(image)\" already present on machine")
            }
            return present.id
        }
        if policy == "Never" {
            let message = "Container image \"\(image)\" is not present with pull policy of Never"
            await events.record(pod, type: .warning, reason: "ErrImageNeverPull", message: message)
            throw ImagePullFailure(reason: "ErrImageNeverPull", message: message)
        }
        await events.record(pod, reason: "Pulling", message: "Pulling image \"\(image)\"")
        let started = ContinuousClock.now
        do {
            let ref = try await runtime.pullImage(image)
            let took = ContinuousClock.now - started
            let seconds = Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18
            await events.record(
                pod, reason: "Pulled",
                message: "Successfully pulled image \"\(image)\" in \(String(format: "%.3fs", seconds))")
            return ref
        } catch {
            let message = "Failed to pull image \"\(image)\": \(error)"
            await events.record(pod, type: .warning, reason: "Failed", message: message)
            throw ImagePullFailure(reason: "ErrImagePull", message: message)
        }
    }

    /// Upstream's default: Always for `:latest` or no tag, else IfNotPresent.
    static func defaultPullPolicy(_ image: String) -> String {
        let last = image.split(separator: "/").last ?? ""
        if image.contains("@") { return "IfNotPresent" }
        guard let colon = last.lastIndex(of: ":") else { return "Always" }
        return last[last.index(after: colon)...] == "latest" ? "Always" : "IfNotPresent"
    }

    // MARK: Termination

    /// Stops every container within the grace period (preStop hooks first),
    /// removes the sandbox and confirms the deletion to the API server.
    private func terminate(_ pod: CoreV1.Pod, uid: String) async throws {
        let grace =
            pod.json[path: ["metadata", "deletionGracePeriodSeconds"]]?.intValue
            ?? pod.json[path: ["spec", "terminationGracePeriodSeconds"]]?.intValue ?? 30
        let view = try await PodRuntimeView.read(runtime: runtime, podUID: uid)
        let specs =
            (pod.json[path: ["spec", "containers"]]?.arrayValue ?? [])
            + (pod.json[path: ["spec", "initContainers"]]?.arrayValue ?? [])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (name, attempts) in view.containers {
                guard let latest = attempts.first, latest.state == .containerRunning else { continue }
                let preStop = specs.first { $0["name"]?.stringValue == name }?[path: [
                    "lifecycle", "preStop", "exec", "command",
                ]]?.arrayValue?.compactMap(\.stringValue)
                group.addTask {
                    await events.record(pod, reason: "Killing", message: "Stopping container \(name)")
                    let started = ContinuousClock.now
                    if let preStop, !preStop.isEmpty {
                        do {
                            let result = try await runtime.execSync(
                                latest.id, command: preStop, timeoutSeconds: max(1, grace))
                            if result.exitCode != 0 {
                                await events.record(
                                    pod, type: .warning, reason: "FailedPreStopHook",
                                    message: "PreStopHook failed: command exited with \(result.exitCode)")
                            }
                        } catch {
                            await events.record(
                                pod, type: .warning, reason: "FailedPreStopHook",
                                message: "PreStopHook failed: \(error)")
                        }
                    }
                    let left = max(0, grace - (ContinuousClock.now - started).components.seconds)
                    try await runtime.stopContainer(latest.id, timeoutSeconds: left)
                }
            }
            try await group.waitForAll()
        }
        for sandbox in view.sandboxes { try await removeSandbox(sandbox.id) }
        state.forget(uid: uid)
        probes.forget(podUID: uid)
        removeLogs(namespace: pod.namespace ?? "", name: pod.name ?? "", uid: uid)
        do {
            try await client.resource(CoreV1.Pod.self, namespace: pod.namespace).delete(
                pod.name ?? "", options: DeleteOptions(gracePeriodSeconds: 0, preconditionUID: uid))
            logger.info("pod \(pod.namespace ?? "")/\(pod.name ?? "") terminated and removed")
        } catch KubernetesError.notFound, KubernetesError.conflict {
            // Already gone, or a new pod of the same name: nothing of ours to confirm.
        }
    }

    // MARK: Status

    private func report(_ pod: CoreV1.Pod, view: PodRuntimeView, uid: String) async throws {
        var builder = PodStatusBuilder(
            pod: pod, view: view, waiting: state.waiting(uid: uid), hostIP: hostIP, now: Date())
        for attempts in view.containers.values {
            guard let latest = attempts.first else { continue }
            builder.probes[latest.id] = (
                probes.isReady(containerID: latest.id), probes.isStarted(containerID: latest.id)
            )
        }
        let status = builder.build()
        guard status != pod.json["status"] else { return }
        do {
            _ = try await client.resource(CoreV1.Pod.self, namespace: pod.namespace).patchStatus(
                pod.name ?? "", .merge(["status": status]))
        } catch KubernetesError.notFound {
            // Deleted meanwhile; the informer brings the deletion.
        }
    }

    static func date(_ nanoseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(nanoseconds) / 1e9) }
}
