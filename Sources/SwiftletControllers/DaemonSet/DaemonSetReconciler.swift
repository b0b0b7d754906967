import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels

/// Keeps one pod of a DaemonSet on every node that should run it, as
/// upstream's daemon controller: each pod is pinned to its node by a
/// `metadata.name` node affinity and placed by the scheduler; pods on nodes
/// that stopped matching go, failed ones are replaced; a template change
/// rolls out node by node within `maxUnavailable` (or ahead of the old pod
/// with `maxSurge`), or waits for deletions with `OnDelete`; each template
/// is kept as a ControllerRevision for `kubectl rollout history|undo`.
struct DaemonSetReconciler: Reconciler {
    let client: KubernetesClient
    let nodes: ObjectStore<CoreV1.Node>
    let pods: ObjectStore<CoreV1.Pod>
    let history: ControllerRevisions
    let expectations: Expectations
    let events: EventRecorder?

    static let hashLabel = ControllerRevisions.hashLabel
    static let generationLabel = "pod-template-generation"

    func reconcile(_ request: NamespacedName) async throws -> ReconcileResult {
        let key = request.description
        let api = client.resource(AppsV1.DaemonSet.self, namespace: request.namespace)
        let ds: AppsV1.DaemonSet
        do {
            ds = try await api.get(request.name)
        } catch let error as KubernetesError where error.isNotFound {
            expectations.forget(key)
            return .done
        }
        let template = ds.json[path: ["spec", "template"]] ?? .object(JSONObject())
        let hash = DeploymentReconciler.templateHash(template)
        let owned = pods.list(namespace: request.namespace).filter { pod in
            pod.ownerReferences?.contains { $0.controller == true && $0.uid == ds.uid } ?? false
        }
        var byNode: [String: [CoreV1.Pod]] = [:]
        for pod in owned where pod.deletionTimestamp == nil {
            if let node = DaemonPlacement.targetNode(pod) { byNode[node, default: []].append(pod) }
        }
        let templateSpec = template["spec"] ?? .object(JSONObject())
        let eligible = nodes.list().filter { DaemonPlacement.shouldRun(templateSpec, on: $0) }
        let eligibleNames = Set(eligible.compactMap(\.name))
        let minReady = ds.json[path: ["spec", "minReadySeconds"]]?.intValue ?? 0
        let now = Date()
        func available(_ pod: CoreV1.Pod) -> Bool {
            PodState.isAvailable(pod, minReadySeconds: Int32(minReady), now: now)
        }

        if !ds.isBeingDeleted {
            let inUse = Set(owned.compactMap { $0.labels?[Self.hashLabel] }).union([hash])
            try await history.ensure(
                ds, template: template, hash: hash, inUse: inUse,
                limit: Int(ds.json[path: ["spec", "revisionHistoryLimit"]]?.intValue ?? 10))
        }
        if !ds.isBeingDeleted, expectations.satisfied(key) {
            var create: [String] = []
            var delete: [CoreV1.Pod] = []
            for name in eligibleNames.sorted() {
                let here = (byNode[name] ?? []).sorted { ($0.creationTimestamp ?? "") < ($1.creationTimestamp ?? "") }
                let failed = here.filter { $0.status?.phase == "Failed" }
                delete += failed
                let alive = here.filter { $0.status?.phase != "Failed" }
                if alive.isEmpty { create.append(name) }
                // Two pods on a node: keep the updated (or else the oldest) one, unless a surge is under way.
                if alive.count > 1, !(alive.contains { $0.labels?[Self.hashLabel] == hash } && surge(ds) > 0) {
                    let keep = alive.first { $0.labels?[Self.hashLabel] == hash } ?? alive[0]
                    delete += alive.filter { $0.uid != keep.uid }
                }
            }
            for (name, here) in byNode where !eligibleNames.contains(name) { delete += here }
            let (rollCreate, rollDelete) = rollingUpdate(
                ds, hash: hash, eligible: eligibleNames, byNode: byNode, available: available)
            create += rollCreate
            delete += rollDelete
            try await apply(ds, hash: hash, create: create, delete: delete, key: key)
        }
        try await updateStatus(
            ds, hash: hash, eligible: eligibleNames, byNode: byNode, available: available)
        return .done
    }

    // MARK: Rolling update

    private func maxUnavailable(_ ds: AppsV1.DaemonSet, total: Int) -> Int {
        let value = ds.json[path: ["spec", "updateStrategy", "rollingUpdate", "maxUnavailable"]]
        return Self.scaled(value, total: total, roundUp: false) ?? 1
    }

    private func surge(_ ds: AppsV1.DaemonSet, total: Int = 1) -> Int {
        let value = ds.json[path: ["spec", "updateStrategy", "rollingUpdate", "maxSurge"]]
        return Self.scaled(value, total: total, roundUp: true) ?? 0
    }

    static func scaled(_ value: JSONValue?, total: Int, roundUp: Bool) -> Int? {
        switch value {
        case .int(let i): return Int(i)
        case .string(let s) where s.hasSuffix("%"):
            guard let percent = Double(s.dropLast()) else { return nil }
            let exact = Double(total) * percent / 100
            return Int(roundUp ? exact.rounded(.up) : exact.rounded(.down))
        case .string(let s): return Int(s)
        default: return nil
        }
    }

    /// Pods to create and delete this round to move nodes to the new template.
    private func rollingUpdate(
        _ ds: AppsV1.DaemonSet, hash: String, eligible: Set<String>, byNode: [String: [CoreV1.Pod]],
        available: (CoreV1.Pod) -> Bool
    ) -> (create: [String], delete: [CoreV1.Pod]) {
        guard (ds.json[path: ["spec", "updateStrategy", "type"]]?.stringValue ?? "RollingUpdate") == "RollingUpdate"
        else { return ([], []) }
        let total = eligible.count
        let surgeBudget = surge(ds, total: total)
        var create: [String] = []
        var delete: [CoreV1.Pod] = []
        if surgeBudget > 0 {
            // New pod first; the old one goes once the new one is available.
            var surging = 0
            for name in eligible.sorted() {
                let here = byNode[name] ?? []
                let old = here.filter { $0.labels?[Self.hashLabel] != hash }
                let new = here.filter { $0.labels?[Self.hashLabel] == hash }
                guard !old.isEmpty else { continue }
                if let fresh = new.first {
                    if available(fresh) { delete += old } else { surging += 1 }
                } else if !old.contains(where: available) {
                    delete += old
                } else if surging < surgeBudget {
                    create.append(name)
                    surging += 1
                }
            }
            return (create, delete)
        }
        var unavailable = eligible.filter { name in !(byNode[name] ?? []).contains(where: available) }.count
        let budget = max(1, maxUnavailable(ds, total: total))
        for name in eligible.sorted() {
            for pod in byNode[name] ?? [] where pod.labels?[Self.hashLabel] != hash {
                if !available(pod) {
                    delete.append(pod)  // already unavailable: replacing it costs nothing
                } else if unavailable < budget {
                    delete.append(pod)
                    unavailable += 1
                }
            }
        }
        return (create, delete)
    }

    // MARK: Writes

    private func apply(_ ds: AppsV1.DaemonSet, hash: String, create: [String], delete: [CoreV1.Pod], key: String)
        async throws
    {
        let podsAPI = client.resource(CoreV1.Pod.self, namespace: ds.namespace ?? "")
        let victims = Dictionary(delete.map { ($0.uid ?? "", $0) }, uniquingKeysWith: { a, _ in a }).values
        expectations.expect(key, adds: create.count, deletes: victims.count)
        for node in create {
            do {
                let pod = try await podsAPI.create(Self.pod(from: ds, hash: hash, node: node))
                await events?.record(ds, reason: "SuccessfulCreate", message: "Created pod: \(pod.name ?? "")")
            } catch {
                expectations.observedAdd(key)
                await events?.record(ds, type: .warning, reason: "FailedCreate", message: "Error creating: \(error)")
            }
        }
        for pod in victims {
            do {
                _ = try await podsAPI.delete(pod.name ?? "", options: DeleteOptions(preconditionUID: pod.uid))
                await events?.record(ds, reason: "SuccessfulDelete", message: "Deleted pod: \(pod.name ?? "")")
            } catch {
                expectations.observedDelete(key)
            }
        }
    }

    static func pod(from ds: AppsV1.DaemonSet, hash: String, node: String) -> CoreV1.Pod {
        var pod = CoreV1.Pod()
        let template = ds.json[path: ["spec", "template"]] ?? .object(JSONObject())
        pod.json["metadata"] = template["metadata"] ?? .object(JSONObject())
        pod.json[path: ["metadata", "name"]] = nil
        pod.json[path: ["metadata", "generateName"]] = .string("\(ds.name ?? "")-")
        pod.json[path: ["metadata", "labels", hashLabel]] = .string(hash)
        pod.json[path: ["metadata", "labels", generationLabel]] = .string(String(ds.generation ?? 1))
        var spec = template["spec"] ?? .object(JSONObject())
        spec["tolerations"] = .array(DaemonPlacement.tolerations(of: spec))
        DaemonPlacement.pin(&spec, to: node)
        pod.json["spec"] = spec
        pod.setControllerReference(ds)
        return pod
    }

    private func updateStatus(
        _ ds: AppsV1.DaemonSet, hash: String, eligible: Set<String>, byNode: [String: [CoreV1.Pod]],
        available: (CoreV1.Pod) -> Bool
    ) async throws {
        let scheduled = eligible.filter { !(byNode[$0] ?? []).isEmpty }
        let misscheduled = byNode.keys.filter { !eligible.contains($0) }
        let ready = eligible.filter { (byNode[$0] ?? []).contains(where: PodState.isReady) }
        let availableNodes = eligible.filter { (byNode[$0] ?? []).contains(where: available) }
        let updated = eligible.filter { (byNode[$0] ?? []).contains { $0.labels?[Self.hashLabel] == hash } }
        var status = ds.json["status"]?.objectValue ?? JSONObject()
        status["desiredNumberScheduled"] = .int(Int64(eligible.count))
        status["currentNumberScheduled"] = .int(Int64(scheduled.count))
        status["numberMisscheduled"] = .int(Int64(misscheduled.count))
        status["numberReady"] = .int(Int64(ready.count))
        status["numberAvailable"] = availableNodes.isEmpty ? nil : .int(Int64(availableNodes.count))
        status["numberUnavailable"] =
            eligible.count > availableNodes.count ? .int(Int64(eligible.count - availableNodes.count)) : nil
        status["updatedNumberScheduled"] = updated.isEmpty ? nil : .int(Int64(updated.count))
        status["observedGeneration"] = .int(ds.generation ?? 0)
        guard JSONValue.object(status) != (ds.json["status"] ?? .object(JSONObject())) else { return }
        var next = ds
        next.json["status"] = .object(status)
        _ = try await client.resource(AppsV1.DaemonSet.self, namespace: ds.namespace).updateStatus(next)
    }
}
