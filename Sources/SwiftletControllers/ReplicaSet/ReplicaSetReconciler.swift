import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels

/// Keeps `spec.replicas` active pods that match a ReplicaSet's selector:
/// adopts matching orphans, releases pods that stopped matching, creates
/// missing pods in growing batches (slow start), deletes surplus pods in
/// upstream's order, and reports status. Expectations keep a lagging cache
/// from causing double creation.
struct ReplicaSetReconciler: Reconciler {
    let client: KubernetesClient
    let pods: ObjectStore<CoreV1.Pod>
    let expectations: Expectations
    /// Most pods created or deleted in one pass, as upstream's burst limit.
    static let burst = 500

    func reconcile(_ request: NamespacedName) async throws -> ReconcileResult {
        let key = request.description
        let sets = client.resource(AppsV1.ReplicaSet.self, namespace: request.namespace)
        let rs: AppsV1.ReplicaSet
        do {
            rs = try await sets.get(request.name)
        } catch let error as KubernetesError where error.isNotFound {
            expectations.forget(key)
            return .done
        }
        guard let selector = try? LabelSelector(json: rs.json[path: ["spec", "selector"]]), !selector.isEmpty else {
            throw TerminalError("\(key): invalid or empty selector")
        }
        let owned = try await claimPods(rs, selector: selector, namespace: request.namespace)
        let active = owned.filter(PodState.isActive)
        var failure: String? = nil
        if expectations.satisfied(key), !rs.isBeingDeleted {
            failure = await manage(rs, active: active, key: key)
        }
        try await updateStatus(rs, owned: owned, active: active, selector: selector, failure: failure)
        return .done
    }

    /// The pods this ReplicaSet controls after adopting matching orphans and
    /// releasing those that no longer match.
    private func claimPods(_ rs: AppsV1.ReplicaSet, selector: LabelSelector, namespace: String) async throws
        -> [CoreV1.Pod]
    {
        let podsAPI = client.resource(CoreV1.Pod.self, namespace: namespace)
        var owned: [CoreV1.Pod] = []
        for pod in pods.list(namespace: namespace) {
            let controller = pod.ownerReferences?.first { $0.controller == true }
            let matches = selector.matches(pod.labels ?? [:])
            if let controller {
                guard controller.uid == rs.uid else { continue }
                if matches {
                    owned.append(pod)
                } else if let name = pod.name {
                    // Release: the pod no longer matches.
                    let refs = (pod.ownerReferences ?? []).filter { $0.uid != rs.uid }.map(\.json)
                    _ = try? await podsAPI.patch(
                        name, .merge(["metadata": ["ownerReferences": .array(refs), "uid": .string(pod.uid ?? "")]]))
                }
            } else if matches, pod.deletionTimestamp == nil, !rs.isBeingDeleted, let name = pod.name {
                // Adopt an orphan; the uid guards against a recreated namesake.
                var adopted = pod
                adopted.setControllerReference(rs)
                let refs = (adopted.ownerReferences ?? []).map(\.json)
                if let result = try? await podsAPI.patch(
                    name, .merge(["metadata": ["ownerReferences": .array(refs), "uid": .string(pod.uid ?? "")]]))
                {
                    owned.append(result)
                }
            }
        }
        return owned
    }

    /// Creates or deletes pods toward `spec.replicas`; returns a failure message.
    private func manage(_ rs: AppsV1.ReplicaSet, active: [CoreV1.Pod], key: String) async -> String? {
        let wanted = Int(rs.spec?.replicas ?? 1)
        let diff = active.count - wanted
        let podsAPI = client.resource(CoreV1.Pod.self, namespace: rs.namespace ?? "")
        if diff < 0 {
            let count = min(-diff, Self.burst)
            expectations.expect(key, adds: count)
            // Slow start: batches of 1, 2, 4, ... so a failing template costs one error, not hundreds.
            var created = 0
            var batch = 1
            while created < count {
                let size = min(batch, count - created)
                let results = await withTaskGroup(of: String?.self) { group in
                    for _ in 0..<size {
                        group.addTask {
                            do {
                                _ = try await podsAPI.create(Self.pod(from: rs))
                                return nil
                            } catch {
                                return "\(error)"
                            }
                        }
                    }
                    return await group.reduce(into: [String?]()) { $0.append($1) }
                }
                let failures = results.compactMap { $0 }
                created += size
                if let first = failures.first {
                    // The skipped and failed creations will never be observed.
                    for _ in 0..<(failures.count + count - created) { expectations.observedAdd(key) }
                    return "pods \"\(rs.name ?? "")-\" is forbidden: \(first)"
                }
                batch *= 2
            }
        } else if diff > 0 {
            let victims = active.sorted(by: PodState.deletionOrder).prefix(min(diff, Self.burst))
            expectations.expect(key, deletes: victims.count)
            for pod in victims {
                do {
                    try await podsAPI.delete(pod.name ?? "", options: DeleteOptions(preconditionUID: pod.uid))
                } catch {
                    expectations.observedDelete(key)
                }
            }
        }
        return nil
    }

    /// A new pod from the template, owned by the ReplicaSet.
    static func pod(from rs: AppsV1.ReplicaSet) -> CoreV1.Pod {
        var pod = CoreV1.Pod()
        let template = rs.spec?.template
        pod.json[path: ["metadata"]] = template?.metadata?.json ?? .object(JSONObject())
        pod.json[path: ["metadata", "generateName"]] = .string("\(rs.name ?? "")-")
        pod.json[path: ["metadata", "name"]] = nil
        pod.json[path: ["spec"]] = template?.spec?.json ?? .object(JSONObject())
        pod.setControllerReference(rs)
        return pod
    }

    private func updateStatus(
        _ rs: AppsV1.ReplicaSet, owned: [CoreV1.Pod], active: [CoreV1.Pod], selector: LabelSelector, failure: String?
    ) async throws {
        let now = Date()
        let templateLabels = rs.spec?.template?.metadata?.labels ?? [:]
        let minReady = rs.spec?.minReadySeconds ?? 0
        var status = JSONObject()
        status["replicas"] = .int(Int64(active.count))
        status["fullyLabeledReplicas"] = .int(
            Int64(active.filter { pod in templateLabels.allSatisfy { pod.labels?[$0.key] == $0.value } }.count))
        status["readyReplicas"] = .int(Int64(active.filter(PodState.isReady).count))
        status["availableReplicas"] = .int(
            Int64(active.filter { PodState.isAvailable($0, minReadySeconds: minReady, now: now) }.count))
        status["observedGeneration"] = .int(rs.generation ?? 0)
        if let failure {
            status["conditions"] = [
                [
                    "type": "ReplicaFailure", "status": "True", "reason": "FailedCreate", "message": .string(failure),
                    "lastTransitionTime": .string(Timestamp.rfc3339(now)),
                ]
            ]
        }
        var current = rs.json["status"]?.objectValue ?? JSONObject()
        if failure == nil { current["conditions"] = nil }
        for k in ["readyReplicas", "availableReplicas", "fullyLabeledReplicas"] where current[k] == nil {
            current[k] = 0
        }
        var wanted = status
        if failure != nil, let old = current["conditions"] { wanted["conditions"] = old }
        guard JSONValue.object(wanted) != JSONValue.object(current) || (failure != nil && current["conditions"] == nil)
        else { return }
        var updated = rs
        updated.json["status"] = .object(status)
        _ = try await client.resource(AppsV1.ReplicaSet.self, namespace: rs.namespace).updateStatus(updated)
    }
}
