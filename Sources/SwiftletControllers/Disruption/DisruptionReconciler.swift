import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels

/// Keeps each PodDisruptionBudget's status as upstream's disruption
/// controller: the pods its selector matches, how many are healthy (ready,
/// not being deleted, not just evicted), how many must stay healthy
/// (`minAvailable`, or the controllers' scale less `maxUnavailable`; a
/// percentage of the scale), and so how many evictions are allowed now,
/// which the `pods/eviction` subresource spends.
struct DisruptionReconciler: Reconciler {
    let client: KubernetesClient
    let pods: ObjectStore<CoreV1.Pod>

    /// Upstream forgets an eviction after this long if the pod is still there.
    static let disruptionTimeout: TimeInterval = 120

    func reconcile(_ request: NamespacedName) async throws -> ReconcileResult {
        let api = client.resource(PolicyV1.PodDisruptionBudget.self, namespace: request.namespace)
        let pdb: PolicyV1.PodDisruptionBudget
        do {
            pdb = try await api.get(request.name)
        } catch let error as KubernetesError where error.isNotFound {
            return .done
        }
        let now = Date()
        let selector = try? LabelSelector(json: pdb.json[path: ["spec", "selector"]])
        let matching = pods.list(namespace: request.namespace).filter { pod in
            guard let selector, !selector.isEmpty else { return false }
            return selector.matches(pod.labels ?? [:])
        }
        // Recent evictions whose pods are still there count as already gone.
        var disrupted = JSONObject()
        for (name, at) in pdb.json[path: ["status", "disruptedPods"]]?.objectValue ?? JSONObject() {
            guard let when = at.stringValue.flatMap(PodState.parseTime),
                now.timeIntervalSince(when) < Self.disruptionTimeout,
                let pod = matching.first(where: { $0.name == name }), pod.deletionTimestamp == nil
            else { continue }
            disrupted[name] = at
        }
        let healthy = matching.filter {
            $0.deletionTimestamp == nil && PodState.isReady($0) && disrupted[$0.name ?? ""] == nil
        }.count

        var status = pdb.json["status"]?.objectValue ?? JSONObject()
        let condition: JSONValue
        do {
            let (expected, desired) = try await budget(pdb, pods: matching)
            let allowed = max(0, healthy - desired)
            status["expectedPods"] = .int(Int64(expected))
            status["desiredHealthy"] = .int(Int64(desired))
            status["currentHealthy"] = .int(Int64(healthy))
            status["disruptionsAllowed"] = .int(Int64(allowed))
            condition = Self.condition(
                allowed > 0, reason: allowed > 0 ? "SufficientPods" : "InsufficientPods", message: "", now: now,
                previous: status["conditions"], generation: pdb.generation ?? 0)
        } catch let error as BudgetError {
            status["disruptionsAllowed"] = 0
            status["currentHealthy"] = .int(Int64(healthy))
            condition = Self.condition(
                false, reason: "SyncFailed", message: error.message, now: now, previous: status["conditions"],
                generation: pdb.generation ?? 0)
        }
        status["conditions"] = [condition]
        status["disruptedPods"] = disrupted.isEmpty ? nil : .object(disrupted)
        status["observedGeneration"] = .int(pdb.generation ?? 0)
        if JSONValue.object(status) != (pdb.json["status"] ?? .object(JSONObject())) {
            var next = pdb
            next.json["status"] = .object(status)
            _ = try await api.updateStatus(next)
        }
        // Look again when the oldest recorded eviction expires.
        let expiries = disrupted.compactMap { $0.value.stringValue.flatMap(PodState.parseTime) }
        if let first = expiries.min() {
            let wait = max(0.1, first.addingTimeInterval(Self.disruptionTimeout).timeIntervalSince(now))
            return .requeueAfter(.milliseconds(Int64(wait * 1000)))
        }
        return .done
    }

    struct BudgetError: Error {
        var message: String
    }

    /// (expected pods, desired healthy) as upstream computes them.
    private func budget(_ pdb: PolicyV1.PodDisruptionBudget, pods: [CoreV1.Pod]) async throws -> (Int, Int) {
        let spec = pdb.json["spec"] ?? .object(JSONObject())
        if case .int(let minAvailable)? = spec["minAvailable"] {
            return (pods.count, Int(minAvailable))
        }
        let expected = try await controllersScale(pods)
        if let minAvailable = spec["minAvailable"]?.stringValue {
            return (expected, Self.percent(minAvailable, of: expected, roundUp: true))
        }
        switch spec["maxUnavailable"] {
        case .int(let n)?: return (expected, max(0, expected - Int(n)))
        case .string(let s)?: return (expected, max(0, expected - Self.percent(s, of: expected, roundUp: true)))
        default: return (pods.count, pods.count)
        }
    }

    static func percent(_ text: String, of total: Int, roundUp: Bool) -> Int {
        guard text.hasSuffix("%"), let p = Double(text.dropLast()) else { return Int(text) ?? 0 }
        let exact = Double(total) * p / 100
        return Int(roundUp ? exact.rounded(.up) : exact.rounded(.down))
    }

    /// The sum of `replicas` of the controllers of `pods` (a ReplicaSet owned
    /// by a Deployment counts as the Deployment), each controller once.
    private func controllersScale(_ pods: [CoreV1.Pod]) async throws -> Int {
        var seen = Set<String>()
        var total = 0
        for pod in pods {
            guard let ref = pod.ownerReferences?.first(where: { $0.controller == true }), let name = ref.name else {
                throw BudgetError(message: "found no controllers for pod \"\(pod.name ?? "")\"")
            }
            let namespace = pod.namespace
            var key = "\(ref.kind ?? "")/\(name)"
            var replicas: Int64?
            switch ref.kind {
            case "ReplicaSet":
                let rs = try await client.resource(AppsV1.ReplicaSet.self, namespace: namespace).get(name)
                if let owner = rs.ownerReferences?.first(where: { $0.controller == true && $0.kind == "Deployment" }),
                    let deployment = owner.name
                {
                    key = "Deployment/\(deployment)"
                    replicas = Int64(
                        try await client.resource(AppsV1.Deployment.self, namespace: namespace).get(deployment).spec?
                            .replicas ?? 1)
                } else {
                    replicas = Int64(rs.spec?.replicas ?? 1)
                }
            case "StatefulSet":
                replicas = Int64(
                    try await client.resource(AppsV1.StatefulSet.self, namespace: namespace).get(name).spec?
                        .replicas ?? 1)
            case "ReplicationController":
                replicas = Int64(
                    try await client.resource(CoreV1.ReplicationController.self, namespace: namespace).get(name)
                        .spec?.replicas ?? 1)
            default:
                throw BudgetError(message: "found no controllers for pod \"\(pod.name ?? "")\"")
            }
            if seen.insert(key).inserted { total += Int(replicas ?? 0) }
        }
        return total
    }

    static func condition(
        _ allowed: Bool, reason: String, message: String, now: Date, previous: JSONValue?, generation: Int64
    ) -> JSONValue {
        let status = allowed ? "True" : "False"
        let old = previous?.arrayValue?.first { $0["type"] == "DisruptionAllowed" }
        let since =
            old?["status"]?.stringValue == status
            ? old?["lastTransitionTime"] ?? .string(Timestamp.rfc3339(now)) : .string(Timestamp.rfc3339(now))
        return [
            "type": "DisruptionAllowed", "status": .string(status), "reason": .string(reason),
            "message": .string(message), "lastTransitionTime": since, "observedGeneration": .int(generation),
        ]
    }
}
