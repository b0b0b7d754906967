import Foundation
import Synchronization

/// Runs a program with a deadline, collecting its output. Never waits forever.
struct ProcessResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
    var timedOut: Bool
}

/// A started program whose output can be read while it runs.
final class RunningProcess: Sendable {
    private let process: Process
    private let output = OutputBuffer()

    init(_ executable: String, _ arguments: [String], environment: [String: String], stdin: String? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let stdin {
            let input = Pipe()
            process.standardInput = input
            try Self.spawn(process)
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try Self.spawn(process)
        }
        self.process = process
        let output = self.output
        // At end of file the handler must go: left in place it fires again
        // and again, and its dispatch source outlives the pipe's descriptor,
        // which crashes libdispatch once the number is reused.
        out.fileHandleForReading.readabilityHandler = { h in Self.drain(h, into: output, error: false) }
        err.fileHandleForReading.readabilityHandler = { h in Self.drain(h, into: output, error: true) }
    }

    /// Foundation's Process.run once crashed (in a memcpy) while suites
    /// started processes in parallel; one spawn at a time avoids the race.
    private static let spawning = Mutex(())

    static func spawn(_ process: Process) throws {
        try spawning.withLock { _ in try process.run() }
    }

    private static func drain(_ handle: FileHandle, into output: OutputBuffer, error: Bool) {
        let data = handle.availableData
        if data.isEmpty {
            handle.readabilityHandler = nil
            output.close(error: error)
        } else {
            output.append(data, error: error)
        }
    }

    var stdout: String { output.text(error: false) }
    var stderr: String { output.text(error: true) }
    var isRunning: Bool { process.isRunning }
    var pid: Int32 { process.processIdentifier }

    /// Waits for exit up to `timeout`; kills the process if it is still running then.
    func wait(timeout: Duration) async -> ProcessResult {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let timedOut = process.isRunning
        if timedOut {
            process.terminate()
            try? await Task.sleep(for: .milliseconds(200))
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        // Let the pipes drain to their end (a child's child may hold them a while).
        let drained = ContinuousClock.now + .seconds(2)
        while !output.isComplete, ContinuousClock.now < drained { try? await Task.sleep(for: .milliseconds(10)) }
        return ProcessResult(status: process.terminationStatus, stdout: stdout, stderr: stderr, timedOut: timedOut)
    }

    /// Polls the output until `condition` holds or `timeout` passes.
    func waitForOutput(timeout: Duration, _ condition: (String) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(stdout + stderr) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition(stdout + stderr)
    }

    func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }
}

func run(
    _ executable: String, _ arguments: [String], environment: [String: String], stdin: String? = nil,
    timeout: Duration = .seconds(60)
) async throws -> ProcessResult {
    try await RunningProcess(executable, arguments, environment: environment, stdin: stdin).wait(timeout: timeout)
}

/// What a process wrote, filled from the pipes' reader threads.
final class OutputBuffer: Sendable {
    private let bytes = Mutex<(out: [UInt8], err: [UInt8])>(([], []))
    private let ended = Mutex<(out: Bool, err: Bool)>((false, false))

    func close(error: Bool) { ended.withLock { if error { $0.err = true } else { $0.out = true } } }

    /// Both pipes reached their end.
    var isComplete: Bool { ended.withLock { $0.out && $0.err } }

    func append(_ data: Data, error: Bool) {
        bytes.withLock { if error { $0.err.append(contentsOf: data) } else { $0.out.append(contentsOf: data) } }
    }

    func text(error: Bool) -> String {
        bytes.withLock { String(decoding: error ? $0.err : $0.out, as: UTF8.self) }
    }
}
