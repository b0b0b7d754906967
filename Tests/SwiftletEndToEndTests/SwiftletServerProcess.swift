import Foundation
import Testing

/// The built `swiftlet` binary running `server` on a free port in a
/// temporary data directory, with a kubectl environment pointing at it.
final class SwiftletServerProcess: Sendable {
    let dataDir: URL
    let process: RunningProcess

    /// The binary from `make test` (SWIFTLET_BIN), else the debug build.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["SWIFTLET_BIN"], !path.isEmpty { return path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/swiftlet").path
    }

    var kubeconfig: String { dataDir.appendingPathComponent("admin.kubeconfig").path }

    /// - Parameter node: also run the node agent on real containerd; the
    ///   control-plane tests run without one (`--no-node`), so that nodes
    ///   they register by hand are the only ones.
    /// - Parameter simulatedNode: instead, one node on the simulated runtime
    ///   (pods run and become ready without containers).
    static func start(dataDir: URL? = nil, node: Bool = false, simulatedNode: Bool = false) async throws
        -> SwiftletServerProcess
    {
        let dir =
            dataDir
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("swiftlet-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: dir.appendingPathComponent("admin.kubeconfig"))
        #expect(FileManager.default.isExecutableFile(atPath: binary), "no swiftlet binary at \(binary)")
        let process = try RunningProcess(
            binary,
            ["server", "--data-dir", dir.path, "--port", "0"]
                + (simulatedNode
                    ? ["--runtime", "simulated", "--simulated-nodes", "1", "--node-port", "0"]
                    : node ? ["--node-port", "0"] : ["--no-node"]),
            environment: ProcessInfo.processInfo.environment)
        let server = SwiftletServerProcess(dataDir: dir, process: process)
        let ready = await process.waitForOutput(timeout: .seconds(60)) { $0.contains("ready on https://") }
        try #require(ready, "server did not become ready: \(process.stderr)")
        return server
    }

    private init(dataDir: URL, process: RunningProcess) {
        self.dataDir = dataDir
        self.process = process
    }

    /// SIGTERM, then wait for a clean exit.
    func stop() async -> ProcessResult {
        process.signal(SIGTERM)
        return await process.wait(timeout: .seconds(30))
    }

    func removeData() {
        try? FileManager.default.removeItem(at: dataDir)
    }
}

/// One kubectl binary driving one server, with its own cache directory.
struct Kubectl: Sendable {
    let path: String
    let kubeconfig: String
    let cacheDir: String

    /// The pinned kubectl of `version` talking to `server`; the test fails
    /// (never skips) when that binary is missing.
    static func version(_ version: String, for server: SwiftletServerProcess) throws -> Kubectl {
        let path = "/usr/lib/google-cloud-sdk/bin/kubectl.\(version)"
        try #require(
            FileManager.default.isExecutableFile(atPath: path), "kubectl \(version) is not installed at \(path)")
        return Kubectl(
            path: path, kubeconfig: server.kubeconfig, cacheDir: server.dataDir.appendingPathComponent("kubecache").path
        )
    }

    /// The same binary authenticating with a bearer token instead of the
    /// admin certificate (a kubeconfig of its own beside the admin one).
    func withToken(_ token: String, user: String) throws -> Kubectl {
        let admin = try String(contentsOfFile: kubeconfig, encoding: .utf8)
        func value(_ key: String) throws -> String {
            let line = admin.split(separator: "\n").first {
                $0.trimmingCharacters(in: .whitespaces).hasPrefix(key + ":")
            }
            let found = line.map {
                String($0.split(separator: ":", maxSplits: 1)[1]).trimmingCharacters(in: .whitespaces)
            }
            return try #require(found, "the admin kubeconfig has no \(key)")
        }
        let config = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: swiftlet
              cluster:
                server: \(try value("server"))
                certificate-authority-data: \(try value("certificate-authority-data"))
            users:
            - name: \(user)
              user:
                token: \(token.trimmingCharacters(in: .whitespacesAndNewlines))
            contexts:
            - name: \(user)
              context: {cluster: swiftlet, user: \(user)}
            current-context: \(user)
            """
        let path = URL(fileURLWithPath: kubeconfig).deletingLastPathComponent().appendingPathComponent(
            "\(user).kubeconfig")
        try config.write(to: path, atomically: true, encoding: .utf8)
        return Kubectl(path: self.path, kubeconfig: path.path, cacheDir: cacheDir)
    }

    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["KUBECONFIG"] = kubeconfig
        env["KUBECACHEDIR"] = cacheDir
        env["HOME"] = cacheDir
        return env
    }

    func callAsFunction(_ args: String..., stdin: String? = nil, timeout: Duration = .seconds(60)) async throws
        -> ProcessResult
    {
        try await run(path, Array(args), environment: environment, stdin: stdin, timeout: timeout)
    }

    func callAsFunction(arguments args: [String], stdin: String? = nil, timeout: Duration = .seconds(60))
        async throws -> ProcessResult
    {
        try await run(path, args, environment: environment, stdin: stdin, timeout: timeout)
    }

    func start(_ args: String...) throws -> RunningProcess {
        try RunningProcess(path, Array(args), environment: environment)
    }

    /// Runs `args` every 100 ms until `done` holds for its output (30 s at
    /// most), and records `what` was awaited, with `context`, if it never does.
    @discardableResult
    func eventually(
        _ what: String, _ args: String..., context: () -> String = { "" }, until done: (String) -> Bool,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        var seen = ""
        for _ in 0..<300 {
            seen = try await run(path, args, environment: environment, stdin: nil, timeout: .seconds(60)).stdout
            if done(seen) { return seen }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("\(what): last saw \(seen)\(context())", sourceLocation: sourceLocation)
        return seen
    }

    /// Runs and fails the test with kubectl's own words unless it succeeds.
    @discardableResult
    func ok(_ args: String..., stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> String
    {
        try await ok(arguments: args, stdin: stdin, sourceLocation: sourceLocation)
    }

    @discardableResult
    func ok(arguments args: [String], stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation)
        async throws -> String
    {
        let result = try await run(path, args, environment: environment, stdin: stdin, timeout: .seconds(60))
        #expect(
            result.status == 0 && !result.timedOut,
            "kubectl \(args.joined(separator: " ")) failed (\(result.status)): \(result.stderr)\(result.stdout)",
            sourceLocation: sourceLocation)
        return result.stdout
    }
}
