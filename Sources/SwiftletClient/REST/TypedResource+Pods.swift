import SwiftletAPI
import SwiftletModels

extension TypedResource where R == CoreV1.Pod {
    /// Assigns a pod to a node through `pods/binding`, as a scheduler does.
    public func bind(_ podName: String, toNode node: String) async throws {
        let binding: JSONValue = [
            "apiVersion": "v1", "kind": "Binding", "metadata": ["name": .string(podName)],
            "target": ["apiVersion": "v1", "kind": "Node", "name": .string(node)],
        ]
        _ = try await dynamic.client.send(
            .POST, dynamic.path(podName, "binding"), body: binding.serialized())
    }

    /// Evicts a pod through `pods/eviction`: a deletion that its
    /// PodDisruptionBudget may refuse (`KubernetesError.tooManyRequests`).
    public func evict(_ podName: String, gracePeriodSeconds: Int? = nil) async throws {
        var eviction: JSONObject = [
            "apiVersion": "policy/v1", "kind": "Eviction", "metadata": ["name": .string(podName)],
        ]
        if let grace = gracePeriodSeconds { eviction["deleteOptions"] = ["gracePeriodSeconds": .int(Int64(grace))] }
        _ = try await dynamic.client.send(
            .POST, dynamic.path(podName, "eviction"), body: JSONValue.object(eviction).serialized(), retry: false)
    }
}

/// What `pods/log` returns: upstream's PodLogOptions.
public struct PodLogOptions: Sendable {
    public var container: String?
    public var follow = false
    public var previous = false
    public var timestamps = false
    public var tailLines: Int?
    public var sinceSeconds: Int?
    public var limitBytes: Int?

    public init(
        container: String? = nil, follow: Bool = false, previous: Bool = false, timestamps: Bool = false,
        tailLines: Int? = nil, sinceSeconds: Int? = nil, limitBytes: Int? = nil
    ) {
        self.container = container
        self.follow = follow
        self.previous = previous
        self.timestamps = timestamps
        self.tailLines = tailLines
        self.sinceSeconds = sinceSeconds
        self.limitBytes = limitBytes
    }

    var queryItems: [(String, String)] {
        var q: [(String, String)] = []
        if let container { q.append(("container", container)) }
        if follow { q.append(("follow", "true")) }
        if previous { q.append(("previous", "true")) }
        if timestamps { q.append(("timestamps", "true")) }
        if let tailLines { q.append(("tailLines", String(tailLines))) }
        if let sinceSeconds { q.append(("sinceSeconds", String(sinceSeconds))) }
        if let limitBytes { q.append(("limitBytes", String(limitBytes))) }
        return q
    }
}

extension TypedResource where R == CoreV1.Pod {
    /// A container's log as it is now.
    public func log(_ podName: String, options: PodLogOptions = PodLogOptions()) async throws -> String {
        var options = options
        options.follow = false
        let reply = try await dynamic.client.send(.GET, dynamic.path(podName, "log"), query: options.queryItems)
        return String(decoding: reply.body, as: UTF8.self)
    }

    /// A container's log as bytes arrive; with `follow`, until the container
    /// stops or the task is cancelled.
    public func logStream(_ podName: String, options: PodLogOptions = PodLogOptions()) -> AsyncThrowingStream<
        [UInt8], any Error
    > {
        let client = dynamic.client
        let request = client.makeRequest(
            .GET, dynamic.path(podName, "log"), query: options.queryItems, body: nil, contentType: nil)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await client.limiter.wait()
                    let response = try await client.http.execute(request, timeout: .hours(24))
                    guard response.status.code == 200 else {
                        let body = try await response.body.collect(upTo: 1 << 20)
                        throw KubernetesError(
                            code: Int(response.status.code), body: Array(body.readableBytesView),
                            retryAfter: response.headers.first(name: "Retry-After"))
                    }
                    for try await chunk in response.body { continuation.yield(Array(chunk.readableBytesView)) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
