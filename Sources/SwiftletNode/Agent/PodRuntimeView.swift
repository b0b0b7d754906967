import SwiftletCRI

/// What the runtime holds for one pod, read fresh at each sync: its
/// sandboxes and, per container name, its containers newest attempt first.
struct PodRuntimeView: Sendable {
    var sandboxes: [Runtime_V1_PodSandbox] = []
    var containers: [String: [Runtime_V1_ContainerStatus]] = [:]
    var sandboxIP = ""

    /// The sandbox the pod's containers run in, if it is up.
    var readySandbox: Runtime_V1_PodSandbox? {
        sandboxes.first { $0.state == .sandboxReady }
    }

    func latest(_ name: String) -> Runtime_V1_ContainerStatus? { containers[name]?.first }
    /// The attempt before the latest: upstream's `lastState`.
    func previous(_ name: String) -> Runtime_V1_ContainerStatus? {
        guard let all = containers[name], all.count > 1 else { return nil }
        return all[1]
    }

    /// The restart count: attempts are numbered from 0.
    func restartCount(_ name: String) -> Int64 { Int64(latest(name)?.metadata.attempt ?? 0) }

    var isAnyContainerRunning: Bool {
        containers.values.contains { $0.first?.state == .containerRunning }
    }

    /// Reads the runtime's view of the pod with this uid.
    static func read(runtime: any ContainerRuntime, podUID: String) async throws -> PodRuntimeView {
        var view = PodRuntimeView()
        view.sandboxes = try await runtime.listPodSandboxes().filter { $0.podUID == podUID }
            .sorted { $0.createdAt > $1.createdAt }
        if let ready = view.readySandbox {
            view.sandboxIP = (try? await runtime.podSandboxStatus(ready.id))?.network.ip ?? ""
        }
        for container in try await runtime.listContainers() where container.podUID == podUID {
            guard let status = try? await runtime.containerStatus(container.id) else { continue }
            view.containers[container.containerName, default: []].append(status)
        }
        for name in view.containers.keys {
            view.containers[name]?.sort { $0.metadata.attempt > $1.metadata.attempt }
        }
        return view
    }
}
