import GRPCCore
import GRPCNIOTransportHTTP2Posix
import GRPCProtobuf
import SwiftletCRI

/// A CRI runtime reached over gRPC on its unix socket (containerd's
/// `/run/containerd/containerd.sock`, or the one `ContainerdProcess` runs).
public struct CRIRuntime: ContainerRuntime {
    public typealias Transport = HTTP2ClientTransport.Posix
    let runtime: Runtime_V1_RuntimeService.Client<Transport>
    let images: Runtime_V1_ImageService.Client<Transport>
    /// Exec (hooks and probes) on a connection of its own, so that commands
    /// in containers never hold up or take down the pod lifecycle calls.
    let exec: Runtime_V1_RuntimeService.Client<Transport>

    /// Calls other than pulls answer within this; a hung runtime is an error.
    static let callTimeout = CallOptions.timeoutSeconds(60)
    /// Pulls may move large images.
    static let pullTimeout = CallOptions.timeoutSeconds(600)

    init(client: GRPCClient<Transport>, execClient: GRPCClient<Transport>) {
        self.runtime = Runtime_V1_RuntimeService.Client(wrapping: client)
        self.images = Runtime_V1_ImageService.Client(wrapping: client)
        self.exec = Runtime_V1_RuntimeService.Client(wrapping: execClient)
    }

    /// Connects to the runtime at `socketPath` for as long as `body` runs.
    /// Afterwards open calls get two seconds to finish before the
    /// connection is closed: a stopping agent never waits on its runtime.
    public static func connect<Result: Sendable>(
        socketPath: String, _ body: (CRIRuntime) async throws -> Result
    ) async throws -> Result {
        func transport() throws -> Transport {
            try HTTP2ClientTransport.Posix(
                target: .unixDomainSocket(path: socketPath, authority: "localhost"), transportSecurity: .plaintext)
        }
        let clients = [GRPCClient(transport: try transport()), GRPCClient(transport: try transport())]
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for client in clients { group.addTask { try await client.runConnections() } }
            defer { group.cancelAll() }
            let result: Result
            do {
                result = try await body(CRIRuntime(client: clients[0], execClient: clients[1]))
            } catch {
                for client in clients { client.beginGracefulShutdown() }
                throw error
            }
            for client in clients { client.beginGracefulShutdown() }
            group.addTask { try await Task.sleep(for: .seconds(2)) }
            // Until both connections have closed, or the two seconds have passed.
            _ = try? await group.next()
            _ = try? await group.next()
            return result
        }
    }

    public func version() async throws -> Runtime_V1_VersionResponse {
        try await runtime.version(.with { $0.version = "v1" }, options: .timeoutSeconds(5))
    }

    public func runPodSandbox(_ config: Runtime_V1_PodSandboxConfig) async throws -> String {
        try await runtime.runPodSandbox(.with { $0.config = config }, options: Self.callTimeout).podSandboxID
    }

    public func stopPodSandbox(_ id: String) async throws {
        _ = try await runtime.stopPodSandbox(.with { $0.podSandboxID = id }, options: Self.callTimeout)
    }

    public func removePodSandbox(_ id: String) async throws {
        _ = try await runtime.removePodSandbox(.with { $0.podSandboxID = id }, options: Self.callTimeout)
    }

    public func podSandboxStatus(_ id: String) async throws -> Runtime_V1_PodSandboxStatus {
        try await runtime.podSandboxStatus(.with { $0.podSandboxID = id }, options: Self.callTimeout).status
    }

    public func listPodSandboxes() async throws -> [Runtime_V1_PodSandbox] {
        try await runtime.listPodSandbox(.init(), options: Self.callTimeout).items
    }

    public func createContainer(
        sandboxID: String, config: Runtime_V1_ContainerConfig, sandboxConfig: Runtime_V1_PodSandboxConfig
    ) async throws -> String {
        try await runtime.createContainer(
            .with {
                $0.podSandboxID = sandboxID
                $0.config = config
                $0.sandboxConfig = sandboxConfig
            }, options: Self.callTimeout
        ).containerID
    }

    public func startContainer(_ id: String) async throws {
        _ = try await runtime.startContainer(.with { $0.containerID = id }, options: Self.callTimeout)
    }

    public func stopContainer(_ id: String, timeoutSeconds: Int64) async throws {
        _ = try await runtime.stopContainer(
            .with {
                $0.containerID = id
                $0.timeout = timeoutSeconds
            }, options: .timeoutSeconds(Int(timeoutSeconds) + 30))
    }

    public func removeContainer(_ id: String) async throws {
        _ = try await runtime.removeContainer(.with { $0.containerID = id }, options: Self.callTimeout)
    }

    public func listContainers() async throws -> [Runtime_V1_Container] {
        try await runtime.listContainers(.init(), options: Self.callTimeout).containers
    }

    public func containerStatus(_ id: String) async throws -> Runtime_V1_ContainerStatus {
        try await runtime.containerStatus(.with { $0.containerID = id }, options: Self.callTimeout).status
    }

    public func execSync(_ id: String, command: [String], timeoutSeconds: Int64) async throws
        -> Runtime_V1_ExecSyncResponse
    {
        try await exec.execSync(
            .with {
                $0.containerID = id
                $0.cmd = command
                $0.timeout = timeoutSeconds
            }, options: .timeoutSeconds(Int(timeoutSeconds) + 10))
    }

    public func exec(_ request: Runtime_V1_ExecRequest) async throws -> String {
        try await exec.exec(request, options: Self.callTimeout).url
    }

    public func attach(_ request: Runtime_V1_AttachRequest) async throws -> String {
        try await exec.attach(request, options: Self.callTimeout).url
    }

    public func imageStatus(_ image: String) async throws -> Runtime_V1_Image? {
        let response = try await images.imageStatus(
            .with { $0.image = .with { $0.image = image } }, options: Self.callTimeout)
        return response.hasImage ? response.image : nil
    }

    public func pullImage(_ image: String) async throws -> String {
        try await images.pullImage(.with { $0.image = .with { $0.image = image } }, options: Self.pullTimeout).imageRef
    }

    public func listImages() async throws -> [Runtime_V1_Image] {
        try await images.listImages(.init(), options: Self.callTimeout).images
    }
}

extension CallOptions {
    static func timeoutSeconds(_ seconds: Int) -> CallOptions {
        var options = CallOptions.defaults
        options.timeout = .seconds(seconds)
        return options
    }
}
