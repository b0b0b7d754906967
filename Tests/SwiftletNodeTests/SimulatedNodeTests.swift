import AsyncHTTPClient
import Foundation
import Logging
import NIOSSL
import SwiftletAPI
import SwiftletClient
import SwiftletModels
import SwiftletTesting
import Testing

@testable import SwiftletNode

/// The node agent on the simulated runtime against a real in-process API
/// server: registration, Lease, pods through their lifecycle, deletion
/// confirmed by the node, adoption after an agent restart, logs proxied.
@Suite(.timeLimit(.minutes(2))) struct SimulatedNodeTests {
    static func agent(_ client: KubernetesClient, runtime: SimulatedRuntime, logs: URL) -> NodeAgent {
        var configuration = NodeAgent.Configuration(nodeName: "sim-0", podLogDirectory: logs)
        configuration.nodeIP = "127.0.0.1"
        configuration.port = 0
        configuration.relistPeriod = .milliseconds(100)
        var logger = Logger(label: "test-node")
        logger.logLevel = .warning
        return NodeAgent(client: client, runtime: runtime, configuration: configuration, logger: logger)
    }

    static func pod(_ name: String, restartPolicy: String = "Always") -> CoreV1.Pod {
        var pod = CoreV1.Pod()
        pod.name = name
        pod.json[path: ["spec"]] = [
            "nodeName": "sim-0", "restartPolicy": .string(restartPolicy),
            "containers": [["name": "app", "image": "swiftlet.local/busybox:1"]],
        ]
        return pod
    }

    @Test func podsRunCompleteAndAreConfirmedDeleted() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let runtime = SimulatedRuntime(
            behaviour: .init(startDelay: .milliseconds(100), runDuration: .milliseconds(500)))
        let logs = server.dataDirectory.appendingPathComponent("pods")
        var run = Task { try await Self.agent(client, runtime: runtime, logs: logs).run() }
        let nodes = client.resource(CoreV1.Node.self)
        let pods = client.resource(CoreV1.Pod.self, namespace: "default")

        // The node registers Ready with its capacity, endpoint and Lease.
        #expect(try await eventually { (try? await nodes.get("sim-0")) != nil })
        let node = try await nodes.get("sim-0")
        let ready = node.json[path: ["status", "conditions"]]?.arrayValue?.first { $0["type"] == "Ready" }
        #expect(ready?["status"] == "True")
        #expect(node.json[path: ["status", "capacity", "pods"]] == "110")
        #expect(node.json[path: ["status", "nodeInfo", "containerRuntimeVersion"]] == "swiftlet-simulated://1.0.0")
        #expect(node.labels?["kubernetes.io/hostname"] == "sim-0")
        #expect((node.json[path: ["status", "daemonEndpoints", "kubeletEndpoint", "Port"]]?.intValue ?? 0) > 0)
        let lease = try await client.resource(CoordinationV1.Lease.self, namespace: "kube-node-lease").get("sim-0")
        #expect(lease.json[path: ["spec", "holderIdentity"]] == "sim-0")

        // A pod bound to the node runs and is ready, with an IP.
        _ = try await pods.create(Self.pod("web"))
        #expect(try await eventually { try await pods.get("web").status?.phase == "Running" })
        let running = try await pods.get("web")
        #expect(running.json[path: ["status", "podIP"]]?.stringValue?.hasPrefix("10.244.") == true)
        let readyCondition = running.json[path: ["status", "conditions"]]?.arrayValue?.first { $0["type"] == "Ready" }
        #expect(readyCondition?["status"] == "True")
        let firstID = running.json[path: ["status", "containerStatuses"]]?.arrayValue?.first?["containerID"]

        // A pod that does not restart completes.
        _ = try await pods.create(Self.pod("job", restartPolicy: "Never"))
        #expect(try await eventually { try await pods.get("job").status?.phase == "Succeeded" })
        let finished = try await pods.get("job").json[path: ["status", "containerStatuses"]]?.arrayValue?.first
        #expect(finished?[path: ["state", "terminated", "reason"]] == "Completed")

        // A restarted agent adopts what runs: same container, no restart.
        run.cancel()
        _ = try? await run.value
        run = Task { try await Self.agent(client, runtime: runtime, logs: logs).run() }
        try await Task.sleep(for: .seconds(1))
        let adopted = try await pods.get("web")
        #expect(adopted.json[path: ["status", "containerStatuses"]]?.arrayValue?.first?["containerID"] == firstID)
        #expect(adopted.json[path: ["status", "containerStatuses"]]?.arrayValue?.first?["restartCount"] == 0)

        // Logs reach the client through the API server and the node endpoint.
        let uid = try #require(adopted.uid)
        let logDir = logs.appendingPathComponent("default_web_\(uid)/app")
        try FileManager.default.createDirectory(at: logDir, withIntermediateDirectories: true)
        try Data("2026-12-04T10:00:00.000000000Z stdout F served by the node\n".utf8).write(
            to: logDir.appendingPathComponent("0.log"))
        #expect(try await pods.log("web") == "served by the node\n")
        var streamed: [UInt8] = []
        for try await chunk in pods.logStream("web", options: .init(timestamps: true)) { streamed += chunk }
        #expect(String(decoding: streamed, as: UTF8.self) == "2026-12-04T10:00:00.000000000Z served by the node\n")
        await #expect(throws: KubernetesError.self) { _ = try await pods.log("web", options: .init(container: "nope")) }

        // Deleting a running pod waits for the node, which confirms at once here.
        try await pods.delete("web")
        #expect(try await eventually { (try? await pods.get("web")) == nil })
        #expect(try await runtime.listPodSandboxes().allSatisfy { $0.labels[RuntimeLabels.podName] != "web" })
        #expect(!FileManager.default.fileExists(atPath: logDir.path))

        run.cancel()
        _ = try? await run.value
        try await client.shutdown()
        await server.stop()
    }

    @Test func nodeEndpointAdmitsOnlyTheAPIServerAndAdmins() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let runtime = SimulatedRuntime()
        let run = Task {
            try await Self.agent(client, runtime: runtime, logs: server.dataDirectory.appendingPathComponent("pods"))
                .run()
        }
        let nodes = client.resource(CoreV1.Node.self)
        #expect(try await eventually { (try? await nodes.get("sim-0")) != nil })
        let port = try #require(
            try await nodes.get("sim-0").json[path: ["status", "daemonEndpoints", "kubeletEndpoint", "Port"]]?
                .intValue)
        /// The status of GET /healthz on the node as `user` (no certificate when nil).
        func status(as user: (String, [String])?, timeout: Int64 = 20) async -> Int? {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            if let user, let issued = try? server.pki.issueClientCertificate(user: user.0, groups: user.1) {
                tls.certificateChain =
                    (try? NIOSSLCertificate.fromPEMBytes(Array(issued.certificatePEM.utf8)))?.map {
                        .certificate($0)
                    } ?? []
                tls.privateKey = try? .privateKey(NIOSSLPrivateKey(bytes: Array(issued.keyPEM.utf8), format: .pem))
            }
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
            let response = try? await http.execute(
                HTTPClientRequest(url: "https://127.0.0.1:\(port)/healthz"), timeout: .seconds(timeout))
            try? await http.shutdown()
            return response.map { Int($0.status.code) }
        }
        #expect(await status(as: ("kube-apiserver-kubelet-client", [])) == 200)
        #expect(await status(as: ("someone", ["system:masters"])) == 200)
        #expect(await status(as: ("alice", ["developers"])) == 403)
        // Without a certificate from the cluster CA, TLS itself refuses.
        #expect(await status(as: nil, timeout: 5) == nil)
        run.cancel()
        _ = try? await run.value
        try await client.shutdown()
        await server.stop()
    }
}
