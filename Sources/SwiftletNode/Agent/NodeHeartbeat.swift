import Foundation
import Logging
import SwiftletAPI
import SwiftletClient
import SwiftletModels

/// Registers the Node and keeps it alive as upstream's kubelet does: the
/// Lease in `kube-node-lease` renewed every 10 s, the status posted when it
/// changes and at least every 5 minutes.
struct NodeHeartbeat: Sendable {
    let client: KubernetesClient
    let nodeName: String
    let facts: MachineFacts
    /// Where the node's HTTPS endpoint listens (status.daemonEndpoints).
    let endpointPort: Int
    let runtimeVersion: String
    let images: @Sendable () async -> JSONValue
    let logger: Logger

    static let leaseDurationSeconds: Int64 = 40
    static let renewInterval: Duration = .seconds(10)
    static let statusReportInterval: TimeInterval = 300
    /// The kubelet version the node reports: the API version Swiftlet serves.
    static let kubeletVersion = "v1.32.0-swiftlet"

    var labels: [String: String] {
        [
            "kubernetes.io/hostname": nodeName, "kubernetes.io/os": "linux", "kubernetes.io/arch": facts.architecture,
            "beta.kubernetes.io/os": "linux", "beta.kubernetes.io/arch": facts.architecture,
        ]
    }

    /// Creates the Node or takes over the one of the same name; returns its uid.
    func register() async throws -> String {
        let nodes = client.resource(CoreV1.Node.self)
        var node = CoreV1.Node()
        node.name = nodeName
        node.labels = labels
        let images = await self.images()
        node.json[path: ["status"]] = status(now: Date(), previous: nil, images: images)
        do {
            let created = try await nodes.create(node)
            logger.info("registered node \(nodeName)")
            return created.uid ?? ""
        } catch KubernetesError.alreadyExists {
            var existing = try await nodes.get(nodeName)
            var merged = existing.labels ?? [:]
            for (k, v) in labels { merged[k] = v }
            existing.labels = merged
            existing = try await nodes.update(existing)
            existing.json[path: ["status"]] = status(
                now: Date(), previous: existing.json[path: ["status"]], images: images)
            let updated = try await nodes.updateStatus(existing)
            logger.info("node \(nodeName) already registered; took it over")
            return updated.uid ?? ""
        }
    }

    /// Renews the Lease and posts status until cancelled.
    func run(nodeUID: String) async throws {
        var lastReport = Date()
        var lastReported: JSONValue? = nil
        while !Task.isCancelled {
            do {
                try await renewLease(nodeUID: nodeUID)
                let nodes = client.resource(CoreV1.Node.self)
                var node = try await nodes.get(nodeName)
                let wanted = status(now: Date(), previous: node.json[path: ["status"]], images: await images())
                let comparable = Self.withoutHeartbeats(wanted)
                if comparable != lastReported || Date().timeIntervalSince(lastReport) >= Self.statusReportInterval {
                    node.json[path: ["status"]] = wanted
                    _ = try await nodes.updateStatus(node)
                    lastReport = Date()
                    lastReported = comparable
                }
            } catch is CancellationError {
                return
            } catch {
                logger.warning("node heartbeat failed, will retry: \(error)")
            }
            try await Task.sleep(for: Self.renewInterval)
        }
    }

    func renewLease(nodeUID: String) async throws {
        let leases = client.resource(CoordinationV1.Lease.self, namespace: "kube-node-lease")
        let now = Timestamp.rfc3339Micro(Date())
        do {
            var lease = try await leases.get(nodeName)
            lease.json[path: ["spec", "holderIdentity"]] = .string(nodeName)
            lease.json[path: ["spec", "leaseDurationSeconds"]] = .int(Self.leaseDurationSeconds)
            lease.json[path: ["spec", "renewTime"]] = .string(now)
            _ = try await leases.update(lease)
        } catch KubernetesError.notFound {
            var lease = CoordinationV1.Lease()
            lease.name = nodeName
            lease.namespace = "kube-node-lease"
            lease.json[path: ["metadata", "ownerReferences"]] = [
                ["apiVersion": "v1", "kind": "Node", "name": .string(nodeName), "uid": .string(nodeUID)]
            ]
            lease.json[path: ["spec"]] = [
                "holderIdentity": .string(nodeName), "leaseDurationSeconds": .int(Self.leaseDurationSeconds),
                "renewTime": .string(now),
            ]
            _ = try await leases.create(lease)
        }
    }

    /// The node's status now; conditions keep their transition times from `previous`.
    func status(now: Date, previous: JSONValue?, images: JSONValue) -> JSONValue {
        let time = Timestamp.rfc3339(now)
        func condition(_ type: String, _ status: String, _ reason: String, _ message: String) -> JSONValue {
            let old = previous?["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == type }
            let transition =
                old?["status"]?.stringValue == status ? (old?["lastTransitionTime"] ?? .string(time)) : .string(time)
            return [
                "type": .string(type), "status": .string(status), "reason": .string(reason),
                "message": .string(message), "lastHeartbeatTime": .string(time), "lastTransitionTime": transition,
            ]
        }
        return [
            "capacity": facts.capacity, "allocatable": facts.capacity,
            "conditions": [
                condition(
                    "MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"
                ),
                condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
            ],
            "addresses": [
                ["type": "InternalIP", "address": .string(facts.internalIP)],
                ["type": "Hostname", "address": .string(nodeName)],
            ],
            "daemonEndpoints": ["kubeletEndpoint": ["Port": .int(Int64(endpointPort))]],
            "nodeInfo": [
                "machineID": .string(facts.machineID), "systemUUID": .string(facts.machineID),
                "bootID": .string(facts.bootID), "kernelVersion": .string(facts.kernelVersion),
                "osImage": .string(facts.osImage), "containerRuntimeVersion": .string(runtimeVersion),
                "kubeletVersion": .string(Self.kubeletVersion), "kubeProxyVersion": "",
                "operatingSystem": "linux", "architecture": .string(facts.architecture),
            ],
            "images": images,
        ]
    }

    /// The status with heartbeat times blanked, to tell a real change from a heartbeat.
    static func withoutHeartbeats(_ status: JSONValue) -> JSONValue {
        var copy = status
        if let conditions = status["conditions"]?.arrayValue {
            copy["conditions"] = .array(
                conditions.map {
                    var c = $0
                    c["lastHeartbeatTime"] = nil
                    return c
                })
        }
        return copy
    }
}
