import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletControllers
import SwiftletModels
import SwiftletTesting
import Testing

@Suite("Built-in controllers: node lifecycle", .timeLimit(.minutes(2)))
struct NodeLifecycleTests {
    /// A node whose heartbeat stops: Unknown, tainted, its pods not ready,
    /// then evicted by their tolerationSeconds; back to Ready, untainted.
    @Test func silentNodesBecomeUnknownTaintedAndEvicted() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let run = Task {
            try await ControllerManager.make(
                client: client, controllers: ["nodelifecycle"], nodeMonitorGracePeriod: .seconds(2)
            ).run()
        }
        let nodes = client.resource(CoreV1.Node.self)
        var node = CoreV1.Node()
        node.name = "quiet"
        node.json["status"] = [
            "conditions": [
                [
                    "type": "Ready", "status": "True", "reason": "KubeletReady",
                    "lastHeartbeatTime": .string(Timestamp.rfc3339(Date())),
                    "lastTransitionTime": .string(Timestamp.rfc3339(Date())),
                ]
            ]
        ]
        _ = try await nodes.create(node)
        let podsAPI = client.resource(CoreV1.Pod.self, namespace: "default")
        func pod(_ name: String, toleration seconds: Int64?) -> CoreV1.Pod {
            var pod = CoreV1.Pod()
            pod.name = name
            var spec: JSONValue = ["nodeName": "quiet", "containers": [["name": "c", "image": "x"]]]
            if let seconds {
                spec["tolerations"] = [
                    [
                        "key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
                        "tolerationSeconds": .int(seconds),
                    ]
                ]
            }
            pod.json["spec"] = spec
            return pod
        }
        _ = try await podsAPI.create(pod("brief", toleration: 1))
        let patient = try await podsAPI.create(pod("patient", toleration: nil))
        // The server's admission gave the second pod upstream's 300 s default.
        #expect(
            patient.json[path: ["spec", "tolerations"]]?.arrayValue?.contains {
                $0["key"] == "node.kubernetes.io/unreachable" && $0["tolerationSeconds"] == 300
            } == true)
        var running = try await podsAPI.get("patient")
        running.json["status"] = ["phase": "Running", "conditions": [["type": "Ready", "status": "True"]]]
        _ = try await podsAPI.updateStatus(running)

        #expect(
            try await eventually(timeout: .seconds(20)) {
                let ready = try await nodes.get("quiet").json[path: ["status", "conditions"]]?.arrayValue?.first {
                    $0["type"] == "Ready"
                }
                return ready?["status"] == "Unknown" && ready?["reason"] == "NodeStatusUnknown"
            })
        #expect(
            try await eventually {
                let taints = try await nodes.get("quiet").json[path: ["spec", "taints"]]?.arrayValue ?? []
                return taints.contains { $0["key"] == "node.kubernetes.io/unreachable" && $0["effect"] == "NoExecute" }
                    && taints.contains { $0["key"] == "node.kubernetes.io/unreachable" && $0["effect"] == "NoSchedule" }
            })
        #expect(
            try await eventually {
                try await podsAPI.get("patient").json[path: ["status", "conditions"]]?.arrayValue?.first?["status"]
                    == "False"
            })
        // One second of toleration, then the pod is deleted (gracefully: its node must confirm).
        #expect(
            try await eventually(timeout: .seconds(20)) {
                (try? await podsAPI.get("brief"))?.deletionTimestamp != nil
            })
        #expect(try await podsAPI.get("patient").deletionTimestamp == nil)

        // The node reports again: the taints go.
        var back = try await nodes.get("quiet")
        back.json[path: ["status", "conditions"]] = [
            [
                "type": "Ready", "status": "True", "reason": "KubeletReady",
                "lastHeartbeatTime": .string(Timestamp.rfc3339(Date().addingTimeInterval(3600))),
                "lastTransitionTime": .string(Timestamp.rfc3339(Date())),
            ]
        ]
        _ = try await nodes.updateStatus(back)
        #expect(
            try await eventually {
                (try await nodes.get("quiet").json[path: ["spec", "taints"]]?.arrayValue ?? []).isEmpty
            })

        // A deleted node's pods are removed.
        _ = try await nodes.delete("quiet")
        #expect(
            try await eventually {
                try await podsAPI.list().items.filter { $0.json[path: ["spec", "nodeName"]] == "quiet" }.isEmpty
            })
        run.cancel()
        try await client.shutdown()
        await server.stop()
    }
}
