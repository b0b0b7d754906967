import Logging
import SwiftletAPI

/// Notices what changes in the runtime by itself (a container exits, a
/// sandbox dies) the way upstream's pod lifecycle event generator does: it
/// lists sandboxes and containers every second and wakes the pods whose
/// runtime state differs from the last look. The first look wakes every pod
/// the runtime holds, which is how a restarted agent finds its orphans.
struct RuntimeRelister: Sendable {
    let runtime: any ContainerRuntime
    let period: Duration
    let logger: Logger

    func run(wake: @escaping @Sendable (NamespacedName) async -> Void) async throws {
        var last: [NamespacedName: String]? = nil
        while !Task.isCancelled {
            do {
                let current = try await snapshot()
                for (key, signature) in current where last?[key] != signature { await wake(key) }
                for key in (last ?? [:]).keys where current[key] == nil { await wake(key) }
                last = current
            } catch is CancellationError {
                return
            } catch {
                logger.warning("runtime relist failed: \(error)")
            }
            try await Task.sleep(for: period)
        }
    }

    /// Per pod key: the ids and states of its sandboxes and containers.
    private func snapshot() async throws -> [NamespacedName: String] {
        var parts: [NamespacedName: [String]] = [:]
        for sandbox in try await runtime.listPodSandboxes() {
            guard let key = RuntimeLabels.key(sandbox.labels) else { continue }
            parts[key, default: []].append("s:\(sandbox.id):\(sandbox.state.rawValue)")
        }
        for container in try await runtime.listContainers() {
            guard let key = RuntimeLabels.key(container.labels) else { continue }
            parts[key, default: []].append("c:\(container.id):\(container.state.rawValue)")
        }
        return parts.mapValues { $0.sorted().joined(separator: ",") }
    }
}
