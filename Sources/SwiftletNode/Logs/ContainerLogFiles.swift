import Foundation
import Hummingbird
import NIOCore
import SwiftletClient
import SwiftletModels
import Synchronization

/// Finds a container's log file under the pod log directory (one folder per
/// pod, one per container, one file per attempt) and serves it, following
/// it while the container runs when asked to.
struct ContainerLogFiles: Sendable {
    let root: URL
    let pods: ObjectStore<CoreV1.Pod>
    let runtime: any ContainerRuntime
    /// Set when the agent stops, so followed logs end instead of holding it up.
    let stopping: StopFlag

    /// How often a followed log is checked for more.
    static let followPoll: Duration = .milliseconds(200)

    func response(namespace: String, pod name: String, container: String, options: ContainerLogOptions) async
        -> Response
    {
        guard let pod = pods.get(namespace: namespace, name: name), let uid = pod.uid else {
            return NodeServer.text(.notFound, "pod \(namespace)/\(name) is not on this node")
        }
        let directory = root.appendingPathComponent("\(namespace)_\(name)_\(uid)").appendingPathComponent(container)
        let attempts = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .compactMap { $0.hasSuffix(".log") ? UInt32($0.dropLast(4)) : nil }.sorted(by: >)
        let index = options.previous ? 1 : 0
        guard attempts.count > index else {
            return NodeServer.text(
                .badRequest,
                options.previous
                    ? "previous terminated container \"\(container)\" in pod \"\(name)\" not found"
                    : "container \"\(container)\" in pod \"\(name)\" has no log yet")
        }
        let attempt = attempts[index]
        let file = directory.appendingPathComponent("\(attempt).log")
        var headers = HTTPFields()
        headers[.contentType] = "text/plain"
        guard options.follow, !options.previous else {
            guard let (output, _) = try? ContainerLog.read(file: file, options: options) else {
                return NodeServer.text(.internalServerError, "cannot read the log of \(container)")
            }
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: output)))
        }
        let runtime = self.runtime
        let body = ResponseBody { writer in
            var budget = options.limitBytes ?? Int.max
            func send(_ text: String) async throws -> Bool {
                guard budget > 0, !text.isEmpty else { return budget > 0 }
                let bytes = Array(text.utf8.prefix(budget))
                budget -= bytes.count
                try await writer.write(ByteBuffer(bytes: bytes))
                return budget > 0
            }
            var offset = 0
            if let (output, consumed) = try? ContainerLog.read(file: file, options: options) {
                offset = consumed
                guard try await send(output) else { return try await writer.finish(nil) }
            }
            var pending = ""
            var sinceCheck = ContinuousClock.now
            var followed = options
            followed.tailLines = nil
            while !Task.isCancelled, !stopping.isSet {
                let chunk = Self.readFrom(file, offset: offset)
                if !chunk.isEmpty {
                    let (lines, consumed) = ContainerLog.render(chunk[...], options: followed, pending: &pending)
                    offset += consumed
                    guard try await send(lines.joined()) else { break }
                    continue
                }
                if ContinuousClock.now - sinceCheck > .seconds(1) {
                    sinceCheck = ContinuousClock.now
                    let running = await Self.isRunning(runtime, uid: uid, container: container, attempt: attempt)
                    if !running, Self.readFrom(file, offset: offset).isEmpty { break }
                }
                try await Task.sleep(for: Self.followPoll)
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    static func readFrom(_ file: URL, offset: Int) -> String {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return "" }
        defer { try? handle.close() }
        try? handle.seek(toOffset: UInt64(offset))
        let data = (try? handle.readToEnd()) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func isRunning(_ runtime: any ContainerRuntime, uid: String, container: String, attempt: UInt32) async
        -> Bool
    {
        guard let containers = try? await runtime.listContainers() else { return true }
        return containers.contains {
            $0.podUID == uid && $0.containerName == container && $0.metadata.attempt == attempt
                && ($0.state == .containerRunning || $0.state == .containerCreated)
        }
    }
}

/// A one-way flag: set once, read from anywhere.
final class StopFlag: Sendable {
    private let flag = Mutex(false)
    var isSet: Bool { flag.withLock { $0 } }
    func set() { flag.withLock { $0 = true } }
}
