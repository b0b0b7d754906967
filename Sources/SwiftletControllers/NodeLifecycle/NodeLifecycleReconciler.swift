import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels

/// Watches each node's heartbeat as upstream's node lifecycle controller:
/// a node whose Lease in `kube-node-lease` (and status) has not been renewed
/// within the grace period (50 s) gets `Unknown` conditions ("Kubelet
/// stopped posting node status."), its pods are marked not ready, and the
/// node is tainted `unreachable` (or `not-ready` when it reports
/// Ready=False) with NoSchedule and NoExecute; the taints go when it is
/// Ready again. The NoExecute taints evict pods that do not tolerate them,
/// at once or after their `tolerationSeconds`. Pods bound to a node that no
/// longer exists are removed (upstream's pod garbage collector).
struct NodeLifecycleReconciler: Reconciler {
    let client: KubernetesClient
    let nodes: ObjectStore<CoreV1.Node>
    let leases: ObjectStore<CoordinationV1.Lease>
    let pods: ObjectStore<CoreV1.Pod>
    let events: EventRecorder?
    var gracePeriod: TimeInterval = 50
    /// How often a healthy node is looked at again.
    var monitorPeriod: TimeInterval = 5

    static let unreachable = "node.kubernetes.io/unreachable"
    static let notReady = "node.kubernetes.io/not-ready"

    func reconcile(_ request: NamespacedName) async throws -> ReconcileResult {
        let now = Date()
        let podsHere = pods.list().filter { $0.json[path: ["spec", "nodeName"]]?.stringValue == request.name }
        guard let node = nodes.get(namespace: "", name: request.name) else {
            try await collectOrphans(podsHere)
            return .done
        }
        let ready = Self.readyCondition(node)
        let heartbeat = lastHeartbeat(node)
        var readiness = ready?["status"]?.stringValue
        let stale = heartbeat.map { now.timeIntervalSince($0) > gracePeriod } ?? true
        if stale, readiness != "Unknown" {
            try await markUnknown(node, now: now)
            readiness = "Unknown"
            await events?.record(
                node, reason: "NodeNotReady", message: "Node \(request.name) status is now: NodeNotReady")
        }
        // Nothing on a silent node is ready (a write only where a pod says otherwise).
        if readiness == "Unknown" {
            for pod in podsHere { try await markNotReady(pod, now: now) }
        }
        // A node that has not reported yet is given the grace period first.
        let wanted: String? =
            switch readiness {
            case "True", nil: nil
            case "False": Self.notReady
            default: Self.unreachable
            }
        let taints = try await setTaints(node, wanted: wanted, now: now)
        let nextEviction = try await evict(podsHere, taints: taints, now: now)
        var wait = monitorPeriod
        if let nextEviction { wait = min(wait, max(0.05, nextEviction.timeIntervalSince(now))) }
        return .requeueAfter(.milliseconds(Int64(wait * 1000)))
    }

    static func readyCondition(_ node: CoreV1.Node) -> JSONValue? {
        node.json[path: ["status", "conditions"]]?.arrayValue?.first { $0["type"] == "Ready" }
    }

    /// The newer of the Lease renewal and the Ready condition's heartbeat.
    private func lastHeartbeat(_ node: CoreV1.Node) -> Date? {
        let lease = leases.get(namespace: "kube-node-lease", name: node.name ?? "")
        let renewed = lease?.json[path: ["spec", "renewTime"]]?.stringValue.flatMap(PodState.parseTime)
        let posted = Self.readyCondition(node)?["lastHeartbeatTime"]?.stringValue.flatMap(PodState.parseTime)
        let created = node.creationTimestamp.flatMap(PodState.parseTime)
        return [renewed, posted, created].compactMap { $0 }.max()
    }

    private func markUnknown(_ node: CoreV1.Node, now: Date) async throws {
        let stamp = JSONValue.string(Timestamp.rfc3339(now))
        var conditions = node.json[path: ["status", "conditions"]]?.arrayValue ?? []
        for type in ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"] {
            let fresh: JSONValue = [
                "type": .string(type), "status": "Unknown", "reason": "NodeStatusUnknown",
                "message": "Kubelet stopped posting node status.", "lastHeartbeatTime": stamp,
                "lastTransitionTime": stamp,
            ]
            if let i = conditions.firstIndex(where: { $0["type"]?.stringValue == type }) {
                var kept = fresh
                kept["lastHeartbeatTime"] = conditions[i]["lastHeartbeatTime"] ?? stamp
                conditions[i] = kept
            } else {
                conditions.append(fresh)
            }
        }
        var updated = node
        updated.json[path: ["status", "conditions"]] = .array(conditions)
        _ = try await client.resource(CoreV1.Node.self).updateStatus(updated)
    }

    private func markNotReady(_ pod: CoreV1.Pod, now: Date) async throws {
        var conditions = pod.json[path: ["status", "conditions"]]?.arrayValue ?? []
        guard let i = conditions.firstIndex(where: { $0["type"] == "Ready" }), conditions[i]["status"] != "False"
        else { return }
        conditions[i]["status"] = "False"
        conditions[i]["lastTransitionTime"] = .string(Timestamp.rfc3339(now))
        var updated = pod
        updated.json[path: ["status", "conditions"]] = .array(conditions)
        _ = try? await client.resource(CoreV1.Pod.self, namespace: pod.namespace).updateStatus(updated)
    }

    /// Puts the NoSchedule and NoExecute taints for `wanted` on the node
    /// and takes the other condition taints off; returns the taints now.
    private func setTaints(_ node: CoreV1.Node, wanted: String?, now: Date) async throws -> [JSONValue] {
        let current = node.json[path: ["spec", "taints"]]?.arrayValue ?? []
        let managed = [Self.unreachable, Self.notReady]
        var next = current.filter { taint in
            let key = taint["key"]?.stringValue ?? ""
            let effect = taint["effect"]?.stringValue ?? ""
            return !managed.contains(key) || (key == wanted && (effect == "NoSchedule" || effect == "NoExecute"))
        }
        if let wanted {
            for effect in ["NoSchedule", "NoExecute"]
            where !next.contains(where: { $0["key"]?.stringValue == wanted && $0["effect"]?.stringValue == effect }) {
                var taint: JSONObject = ["key": .string(wanted), "effect": .string(effect)]
                if effect == "NoExecute" { taint["timeAdded"] = .string(Timestamp.rfc3339(now)) }
                next.append(.object(taint))
            }
        }
        guard next != current else { return current }
        _ = try await client.resource(CoreV1.Node.self).patch(
            node.name ?? "",
            .merge([
                "spec": ["taints": next.isEmpty ? .null : .array(next)],
                "metadata": ["resourceVersion": .string(node.resourceVersion ?? "")],
            ]))
        return next
    }

    /// Deletes pods that do not tolerate a NoExecute taint, now or once their
    /// `tolerationSeconds` since the taint was added have passed; returns
    /// the next time one is due.
    private func evict(_ podsHere: [CoreV1.Pod], taints: [JSONValue], now: Date) async throws -> Date? {
        let noExecute = taints.filter { $0["effect"] == "NoExecute" }
        guard !noExecute.isEmpty else { return nil }
        var next: Date?
        for pod in podsHere where pod.deletionTimestamp == nil {
            let tolerations = pod.json[path: ["spec", "tolerations"]]?.arrayValue ?? []
            var due: Date? = .distantFuture
            for taint in noExecute {
                let matching = tolerations.filter { DaemonPlacement.tolerates($0, taint) }
                if matching.isEmpty {
                    due = now
                    break
                }
                // The shortest bound among the tolerations that match; none means forever.
                let bounds = matching.compactMap { $0["tolerationSeconds"]?.intValue }
                guard bounds.count == matching.count, let seconds = bounds.min() else { continue }
                let added = taint["timeAdded"]?.stringValue.flatMap(PodState.parseTime) ?? now
                due = min(due ?? .distantFuture, added.addingTimeInterval(TimeInterval(max(0, seconds))))
            }
            guard let when = due, when != .distantFuture else { continue }
            if when <= now {
                _ = try? await client.resource(CoreV1.Pod.self, namespace: pod.namespace).delete(
                    pod.name ?? "", options: DeleteOptions(preconditionUID: pod.uid))
                await events?.record(
                    pod, reason: "TaintManagerEviction",
                    message: "Marking for deletion Pod \(pod.namespace ?? "")/\(pod.name ?? "")")
            } else {
                next = min(next ?? when, when)
            }
        }
        return next
    }

    /// Pods bound to a node that is gone can never run: remove them.
    private func collectOrphans(_ podsHere: [CoreV1.Pod]) async throws {
        for pod in podsHere {
            _ = try? await client.resource(CoreV1.Pod.self, namespace: pod.namespace).delete(
                pod.name ?? "", options: DeleteOptions(gracePeriodSeconds: 0, preconditionUID: pod.uid))
        }
    }
}
