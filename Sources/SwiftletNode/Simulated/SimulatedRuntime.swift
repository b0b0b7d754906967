import Foundation
import SwiftletCRI

/// A container runtime that runs nothing: it keeps sandboxes and containers
/// in memory and plays their lifecycle on the clock, for scale tests and
/// benchmarks where real containers would measure the machine instead of
/// Swiftlet. A started container runs after `startDelay`; in pods whose
/// restart policy is not Always it exits after `runDuration`, with code 0,
/// or 1 for the `failureRate` fraction of them. It names itself
/// `swiftlet-simulated` in its version, so nodes show what they are.
public actor SimulatedRuntime: ContainerRuntime {
    public struct Behaviour: Sendable {
        public var startDelay: Duration = .milliseconds(500)
        public var runDuration: Duration = .seconds(5)
        public var failureRate = 0.0

        public init(
            startDelay: Duration = .milliseconds(500), runDuration: Duration = .seconds(5), failureRate: Double = 0
        ) {
            self.startDelay = startDelay
            self.runDuration = runDuration
            self.failureRate = failureRate
        }
    }

    struct Sandbox {
        var config: Runtime_V1_PodSandboxConfig
        var state: Runtime_V1_PodSandboxState
        var createdAt: Date
        var ip: String
    }

    struct Container {
        var sandboxID: String
        var config: Runtime_V1_ContainerConfig
        var createdAt: Date
        var startRequestedAt: Date?
        var stoppedAt: Date?
        /// Whether this one exits 1, drawn when it is created.
        var fails: Bool
    }

    let behaviour: Behaviour
    private var sandboxes: [String: Sandbox] = [:]
    private var containers: [String: Container] = [:]
    private var nextID = 0

    public init(behaviour: Behaviour = Behaviour()) {
        self.behaviour = behaviour
    }

    private func newID() -> String {
        nextID += 1
        return String(format: "sim%016x", nextID)
    }

    public func version() -> Runtime_V1_VersionResponse {
        .with {
            $0.version = "0.1.0"
            $0.runtimeName = "swiftlet-simulated"
            $0.runtimeVersion = "1.0.0"
            $0.runtimeApiVersion = "v1"
        }
    }

    public func runPodSandbox(_ config: Runtime_V1_PodSandboxConfig) -> String {
        let id = newID()
        let n = sandboxes.count + 2
        sandboxes[id] = Sandbox(
            config: config, state: .sandboxReady, createdAt: Date(), ip: "10.244.\((n >> 8) & 255).\(n & 255)")
        return id
    }

    public func stopPodSandbox(_ id: String) {
        sandboxes[id]?.state = .sandboxNotready
        for (cid, c) in containers where c.sandboxID == id && c.stoppedAt == nil { containers[cid]?.stoppedAt = Date() }
    }

    public func removePodSandbox(_ id: String) {
        sandboxes[id] = nil
        containers = containers.filter { $0.value.sandboxID != id }
    }

    public func podSandboxStatus(_ id: String) throws -> Runtime_V1_PodSandboxStatus {
        guard let s = sandboxes[id] else { throw SimulatedError.notFound(id) }
        return .with {
            $0.id = id
            $0.metadata = s.config.metadata
            $0.state = s.state
            $0.createdAt = Self.nanos(s.createdAt)
            $0.network = .with { $0.ip = s.ip }
            $0.labels = s.config.labels
        }
    }

    public func listPodSandboxes() -> [Runtime_V1_PodSandbox] {
        sandboxes.map { id, s in
            .with {
                $0.id = id
                $0.metadata = s.config.metadata
                $0.state = s.state
                $0.createdAt = Self.nanos(s.createdAt)
                $0.labels = s.config.labels
            }
        }
    }

    public func createContainer(
        sandboxID: String, config: Runtime_V1_ContainerConfig, sandboxConfig: Runtime_V1_PodSandboxConfig
    ) throws -> String {
        guard sandboxes[sandboxID] != nil else { throw SimulatedError.notFound(sandboxID) }
        let id = newID()
        let fails = behaviour.failureRate > 0 && Double.random(in: 0..<1) < behaviour.failureRate
        containers[id] = Container(sandboxID: sandboxID, config: config, createdAt: Date(), fails: fails)
        return id
    }

    public func startContainer(_ id: String) throws {
        guard containers[id] != nil else { throw SimulatedError.notFound(id) }
        containers[id]?.startRequestedAt = Date()
    }

    public func stopContainer(_ id: String, timeoutSeconds: Int64) {
        if containers[id]?.stoppedAt == nil { containers[id]?.stoppedAt = Date() }
    }

    public func removeContainer(_ id: String) { containers[id] = nil }

    public func listContainers() -> [Runtime_V1_Container] {
        let now = Date()
        return containers.map { id, c in
            .with {
                $0.id = id
                $0.podSandboxID = c.sandboxID
                $0.metadata = c.config.metadata
                $0.image = c.config.image
                $0.imageRef = c.config.image.image
                $0.state = state(c, now: now).state
                $0.createdAt = Self.nanos(c.createdAt)
                $0.labels = c.config.labels
            }
        }
    }

    public func containerStatus(_ id: String) throws -> Runtime_V1_ContainerStatus {
        guard let c = containers[id] else { throw SimulatedError.notFound(id) }
        let s = state(c, now: Date())
        return .with {
            $0.id = id
            $0.metadata = c.config.metadata
            $0.state = s.state
            $0.createdAt = Self.nanos(c.createdAt)
            $0.startedAt = s.startedAt.map(Self.nanos) ?? 0
            $0.finishedAt = s.finishedAt.map(Self.nanos) ?? 0
            $0.exitCode = s.exitCode
            $0.image = c.config.image
            $0.imageRef = c.config.image.image
            $0.labels = c.config.labels
            if s.state == .containerExited { $0.reason = s.exitCode == 0 ? "Completed" : "Error" }
        }
    }

    /// Where a container is in its played lifecycle at `now`.
    private func state(_ c: Container, now: Date) -> (
        state: Runtime_V1_ContainerState, startedAt: Date?, finishedAt: Date?, exitCode: Int32
    ) {
        guard let requested = c.startRequestedAt else { return (.containerCreated, nil, nil, 0) }
        let startedAt = requested.addingTimeInterval(Self.seconds(behaviour.startDelay))
        if let stopped = c.stoppedAt {
            return (.containerExited, min(startedAt, stopped), stopped, stopped < startedAt ? 0 : 137)
        }
        guard now >= startedAt else { return (.containerCreated, nil, nil, 0) }
        let policy = sandboxes[c.sandboxID]?.config.labels[RuntimeLabels.restartPolicy] ?? "Always"
        let finishesAt = startedAt.addingTimeInterval(Self.seconds(behaviour.runDuration))
        if policy != "Always" || c.fails, now >= finishesAt {
            return (.containerExited, startedAt, finishesAt, c.fails ? 1 : 0)
        }
        return (.containerRunning, startedAt, nil, 0)
    }

    public func execSync(_ id: String, command: [String], timeoutSeconds: Int64) -> Runtime_V1_ExecSyncResponse {
        .with { $0.exitCode = 0 }
    }

    /// Simulated containers run no processes to talk to.
    public func exec(_ request: Runtime_V1_ExecRequest) throws -> String {
        throw SimulatedError.noProcesses
    }

    public func attach(_ request: Runtime_V1_AttachRequest) throws -> String {
        throw SimulatedError.noProcesses
    }

    /// Every image is present: nothing is ever pulled.
    public func imageStatus(_ image: String) -> Runtime_V1_Image? {
        .with {
            $0.id = image
            $0.repoTags = [image]
        }
    }

    public func pullImage(_ image: String) -> String { image }

    public func listImages() -> [Runtime_V1_Image] { [] }

    enum SimulatedError: Error, CustomStringConvertible {
        case notFound(String)
        case noProcesses
        var description: String {
            switch self {
            case .notFound(let id): "no such sandbox or container: \(id)"
            case .noProcesses: "the simulated runtime runs no processes to exec in or attach to"
            }
        }
    }

    static func nanos(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970 * 1e9) }
    static func seconds(_ d: Duration) -> TimeInterval {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
