import SwiftletCRI

/// What the node agent needs from a container runtime: the CRI calls, in
/// CRI's own message types. Two implementations: `CRIRuntime` (containerd or
/// any CRI runtime over its unix socket) and `SimulatedRuntime` (no
/// containers at all, for scale tests and benchmarks; it says so in its
/// version).
public protocol ContainerRuntime: Sendable {
    func version() async throws -> Runtime_V1_VersionResponse

    func runPodSandbox(_ config: Runtime_V1_PodSandboxConfig) async throws -> String
    func stopPodSandbox(_ id: String) async throws
    func removePodSandbox(_ id: String) async throws
    func podSandboxStatus(_ id: String) async throws -> Runtime_V1_PodSandboxStatus
    func listPodSandboxes() async throws -> [Runtime_V1_PodSandbox]

    func createContainer(
        sandboxID: String, config: Runtime_V1_ContainerConfig, sandboxConfig: Runtime_V1_PodSandboxConfig
    ) async throws -> String
    func startContainer(_ id: String) async throws
    func stopContainer(_ id: String, timeoutSeconds: Int64) async throws
    func removeContainer(_ id: String) async throws
    func listContainers() async throws -> [Runtime_V1_Container]
    func containerStatus(_ id: String) async throws -> Runtime_V1_ContainerStatus
    func execSync(_ id: String, command: [String], timeoutSeconds: Int64) async throws -> Runtime_V1_ExecSyncResponse
    /// The URL on the runtime's streaming server where an interactive exec runs.
    func exec(_ request: Runtime_V1_ExecRequest) async throws -> String
    /// The URL on the runtime's streaming server to attach to a container's process.
    func attach(_ request: Runtime_V1_AttachRequest) async throws -> String

    /// The image if the runtime has it, nil if not.
    func imageStatus(_ image: String) async throws -> Runtime_V1_Image?
    /// Pulls and returns the image reference (its id).
    func pullImage(_ image: String) async throws -> String
    func listImages() async throws -> [Runtime_V1_Image]
}
