import SwiftletAPI
import SwiftletModels

@testable import SwiftletScheduler

/// Builders for the nodes and pods of table-driven scheduler tests. Every
/// argument is what a user would write in YAML.
enum Fixture {
    /// A node with the given allocatable resources. `extra` adds more
    /// allocatable resources (`example.com/gpu: "2"`); `taints` are written
    /// as in a Node spec.
    static func node(
        _ name: String, cpu: String = "4", memory: String = "8Gi", pods: String = "110",
        ephemeralStorage: String? = nil, extra: [String: String] = [:], labels: [String: String] = [:],
        taints: [JSONValue] = [], unschedulable: Bool = false, images: [(names: [String], sizeBytes: Int64)] = []
    ) -> CoreV1.Node {
        var allocatable: JSONObject = ["cpu": .string(cpu), "memory": .string(memory), "pods": .string(pods)]
        if let ephemeralStorage { allocatable["ephemeral-storage"] = .string(ephemeralStorage) }
        for (key, value) in extra { allocatable[key] = .string(value) }
        var allLabels = labels
        if allLabels["kubernetes.io/hostname"] == nil { allLabels["kubernetes.io/hostname"] = name }
        var spec: JSONObject = [:]
        if !taints.isEmpty { spec["taints"] = .array(taints) }
        if unschedulable { spec["unschedulable"] = true }
        var status: JSONObject = ["allocatable": .object(allocatable), "capacity": .object(allocatable)]
        if !images.isEmpty {
            status["images"] = .array(
                images.map { ["names": .array($0.names.map(JSONValue.string)), "sizeBytes": .int($0.sizeBytes)] })
        }
        return CoreV1.Node(json: [
            "apiVersion": "v1", "kind": "Node",
            "metadata": ["name": .string(name), "uid": .string("uid-\(name)"), "labels": labelsJSON(allLabels)],
            "spec": .object(spec), "status": .object(status),
        ])
    }

    /// A taint as written in a Node spec.
    static func taint(_ key: String, _ value: String = "", effect: String = "NoSchedule") -> JSONValue {
        ["key": .string(key), "value": .string(value), "effect": .string(effect)]
    }

    /// A pod with one container requesting `cpu`/`memory` (when given).
    /// `spec` members are merged into the pod spec as written (affinity,
    /// tolerations, topologySpreadConstraints, more containers...).
    static func pod(
        _ name: String, namespace: String = "default", labels: [String: String] = [:], cpu: String? = nil,
        memory: String? = nil, requests extra: [String: String] = [:], image: String = "registry.local/app:1",
        ports: [JSONValue] = [], nodeName: String? = nil, priority: Int32? = nil, schedulerName: String? = nil,
        created: String = "2026-01-01T00:00:00Z", spec: JSONObject = [:]
    ) -> CoreV1.Pod {
        var requests: JSONObject = [:]
        if let cpu { requests["cpu"] = .string(cpu) }
        if let memory { requests["memory"] = .string(memory) }
        for (key, value) in extra { requests[key] = .string(value) }
        var container: JSONObject = ["name": "app", "image": .string(image)]
        if !requests.isEmpty { container["resources"] = ["requests": .object(requests)] }
        if !ports.isEmpty { container["ports"] = .array(ports) }
        var podSpec: JSONObject = ["containers": [.object(container)]]
        if let nodeName { podSpec["nodeName"] = .string(nodeName) }
        if let priority { podSpec["priority"] = .int(Int64(priority)) }
        if let schedulerName { podSpec["schedulerName"] = .string(schedulerName) }
        for (key, value) in spec { podSpec[key] = value }
        return CoreV1.Pod(json: [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": [
                "name": .string(name), "namespace": .string(namespace), "uid": .string("uid-\(namespace)-\(name)"),
                "labels": labelsJSON(labels), "creationTimestamp": .string(created),
            ],
            "spec": .object(podSpec),
        ])
    }

    static func labelsJSON(_ labels: [String: String]) -> JSONValue {
        .object(JSONObject(labels.sorted { $0.key < $1.key }.map { (key: $0.key, value: JSONValue.string($0.value)) }))
    }
}

/// Nomad-style test harness: a cluster as a snapshot, pods scheduled one
/// after another through the pure core, and the decisions recorded.
struct PlacementHarness {
    var snapshot: Snapshot
    var placer: PodPlacer
    /// Seeded, so tie-breaks repeat from run to run.
    var random = FastRandom(seed: 42)
    /// Pod name to the node it went to, or the failure message.
    private(set) var decisions: [(pod: String, decision: PodPlacer.Decision)] = []

    /// `existing` pods must have `nodeName` set; they are placed as is.
    init(
        nodes: [CoreV1.Node], existing: [CoreV1.Pod] = [], profile: SchedulerProfile,
        namespaceLabels: [String: [String: String]] = [:]
    ) {
        var infos = nodes.map(NodeInfo.init)
        for pod in existing {
            let info = PodInfo(pod)
            if let index = infos.firstIndex(where: { $0.name == info.nodeName }) { infos[index].add(info) }
        }
        snapshot = Snapshot(nodes: infos, namespaceLabels: namespaceLabels)
        placer = PodPlacer(profile: profile)
    }

    /// Places the pod, records the decision, and adds the pod to the chosen
    /// node so later pods see it.
    @discardableResult
    mutating func schedule(_ pod: CoreV1.Pod) -> PodPlacer.Decision {
        let info = PodInfo(pod)
        let decision = placer.place(info, in: snapshot, using: &random)
        if case .node(let name, _, _) = decision {
            snapshot.modifyNode(named: name) { $0.add(info.placed(on: name)) }
        }
        decisions.append((info.name, decision))
        return decision
    }

    /// The node name, or nil when the pod did not fit.
    mutating func nodeFor(_ pod: CoreV1.Pod) -> String? {
        if case .node(let name, _, _) = schedule(pod) { return name }
        return nil
    }

    /// The failure message, or nil when the pod was placed.
    mutating func failureFor(_ pod: CoreV1.Pod) -> String? {
        if case .unschedulable(let failure) = schedule(pod) { return failure.message }
        return nil
    }
}
