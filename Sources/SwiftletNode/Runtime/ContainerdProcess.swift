import Foundation
import Logging
import ServiceLifecycle

/// Runs containerd as a child process for as long as the node agent runs:
/// writes its config, starts it, waits until CRI answers, and stops it
/// (SIGTERM, then SIGKILL after 10 s) on shutdown. Containers keep running
/// under their shims meanwhile, as with any containerd restart; the agent
/// adopts them when it starts again.
public final class ContainerdProcess: Sendable {
    public let layout: ContainerdLayout
    let logger: Logger
    private let process: Process

    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String
    }

    public init(layout: ContainerdLayout, logger: Logger) {
        self.layout = layout
        self.logger = logger
        self.process = Process()
    }

    /// Starts containerd and returns once it listens on its socket.
    public func start(timeout: Duration = .seconds(30)) async throws {
        try layout.write()
        guard let binary = Self.find("containerd") else {
            throw StartFailure(description: "containerd is not installed (make run installs Debian's containerd)")
        }
        try? FileManager.default.removeItem(atPath: layout.socketPath)
        FileManager.default.createFile(atPath: layout.logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: layout.logPath))
        log.seekToEndOfFile()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--config", layout.configPath]
        process.standardOutput = log
        process.standardError = log
        var environment = ProcessInfo.processInfo.environment
        // runc, the shims and iptables live in the sbin directories.
        environment["PATH"] = (environment["PATH"] ?? "/usr/bin:/bin") + ":/usr/sbin:/sbin"
        process.environment = environment
        try process.run()
        logger.info("containerd started (pid \(process.processIdentifier)), socket \(layout.socketPath)")
        let deadline = ContinuousClock.now + timeout
        while !FileManager.default.fileExists(atPath: layout.socketPath) {
            guard !hasExited else {
                throw StartFailure(description: "containerd exited at start; see \(layout.logPath)")
            }
            if ContinuousClock.now > deadline {
                await stop()
                throw StartFailure(description: "containerd did not listen within \(timeout); see \(layout.logPath)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Stops containerd (its shims, and so the containers, keep running):
    /// SIGTERM, then SIGKILL after 10 s.
    public func stop() async {
        guard !hasExited else { return }
        process.terminate()
        for _ in 0..<100 where !hasExited { try? await Task.sleep(for: .milliseconds(50)) }
        if !hasExited {
            kill(process.processIdentifier, SIGKILL)
            for _ in 0..<100 where !hasExited { try? await Task.sleep(for: .milliseconds(50)) }
        }
        logger.info("containerd stopped")
    }

    /// Whether containerd has exited. Reaps it here: Foundation does not
    /// always notice a child's exit once other processes come and go.
    var hasExited: Bool {
        guard process.isRunning else { return true }
        var status: Int32 = 0
        let reaped = waitpid(process.processIdentifier, &status, WNOHANG)
        return reaped == process.processIdentifier || (reaped == -1 && errno == ECHILD)
    }

    static func find(_ name: String) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/bin:/usr/sbin:/bin:/sbin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
