import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels

/// Rolls a Deployment's pod template out through ReplicaSets: one
/// ReplicaSet per template (named by its `pod-template-hash`), scaled up and
/// the old ones down within maxSurge and maxUnavailable (RollingUpdate), or
/// old ones first (Recreate); revision annotations, history cleanup, pause,
/// and status with upstream's conditions.
struct DeploymentReconciler: Reconciler {
    let client: KubernetesClient
    let replicaSets: ObjectStore<AppsV1.ReplicaSet>

    static let hashLabel = "pod-template-hash"
    static let revisionAnnotation = "deployment.kubernetes.io/revision"

    func reconcile(_ request: NamespacedName) async throws -> ReconcileResult {
        let deployments = client.resource(AppsV1.Deployment.self, namespace: request.namespace)
        let deployment: AppsV1.Deployment
        do {
            deployment = try await deployments.get(request.name)
        } catch let error as KubernetesError where error.isNotFound {
            return .done
        }
        guard !deployment.isBeingDeleted else { return .done }
        let owned = replicaSets.list(namespace: request.namespace).filter {
            $0.ownerReferences?.contains { $0.controller == true && $0.uid == deployment.uid } == true
        }
        let hash = Self.templateHash(deployment.spec?.template?.json ?? .null)
        let sets = client.resource(AppsV1.ReplicaSet.self, namespace: request.namespace)
        // The ReplicaSet of this template: by hash, or (after `rollout undo`,
        // which copies an old template back) one whose template is the same
        // but for its hash label, as upstream compares them.
        var newRS =
            owned.first { $0.labels?[Self.hashLabel] == hash }
            ?? owned.first { Self.sameTemplate($0, deployment) }
        let old = owned.filter { $0.uid != newRS?.uid }
        if let current = newRS, !deployment.isBeingDeleted {
            newRS = try await makeNewest(current, old: old)
        }
        let replicas = Int(deployment.spec?.replicas ?? 1)
        let paused = deployment.spec?.paused ?? false
        if newRS == nil, !paused {
            newRS = try await createReplicaSet(deployment, hash: hash, old: old)
        }
        if !paused, let current = newRS {
            try await scale(deployment, new: current, old: old, replicas: replicas)
        }
        try await cleanUpHistory(deployment, old: old)
        try await updateStatus(
            deployment, new: newRS,
            all: owned + (newRS.map { n in owned.contains { $0.uid == n.uid } ? [] : [n] } ?? []))
        return .done
    }

    static func sameTemplate(_ rs: AppsV1.ReplicaSet, _ deployment: AppsV1.Deployment) -> Bool {
        var template = rs.json[path: ["spec", "template"]] ?? .null
        template[path: ["metadata", "labels", hashLabel]] = nil
        if template[path: ["metadata", "labels"]]?.objectValue?.isEmpty == true {
            template[path: ["metadata", "labels"]] = nil
        }
        return withoutNulls(template) == withoutNulls(deployment.json[path: ["spec", "template"]] ?? .null)
    }

    /// `creationTimestamp: null` (what Go clients write in templates) and an
    /// absent field are the same template.
    static func withoutNulls(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let o):
            return .object(JSONObject(o.members.filter { !$0.value.isNull }.map { ($0.key, withoutNulls($0.value)) }))
        case .array(let a): return .array(a.map(withoutNulls))
        default: return value
        }
    }

    /// A ReplicaSet that becomes current again takes the next revision
    /// number (its old ones listed in `revision-history`), as upstream.
    private func makeNewest(_ rs: AppsV1.ReplicaSet, old: [AppsV1.ReplicaSet]) async throws -> AppsV1.ReplicaSet {
        let top = old.compactMap { Int($0.annotations?[Self.revisionAnnotation] ?? "") }.max() ?? 0
        let mine = Int(rs.annotations?[Self.revisionAnnotation] ?? "") ?? 0
        guard mine <= top else { return rs }
        var history = (rs.annotations?[Self.revisionHistoryAnnotation] ?? "").split(separator: ",").map(String.init)
        if mine > 0 { history.append(String(mine)) }
        return try await client.resource(AppsV1.ReplicaSet.self, namespace: rs.namespace).patch(
            rs.name ?? "",
            .merge([
                "metadata": [
                    "annotations": [
                        Self.revisionAnnotation: .string(String(top + 1)),
                        Self.revisionHistoryAnnotation: .string(history.joined(separator: ",")),
                    ]
                ]
            ]))
    }

    static let revisionHistoryAnnotation = "deployment.kubernetes.io/revision-history"

    /// A stable hash of the template (FNV-1a over its serialized JSON).
    static func templateHash(_ template: JSONValue) -> String {
        var h: UInt32 = 2_166_136_261
        for b in template.serialized() {
            h ^= UInt32(b)
            h = h &* 16_777_619
        }
        // Upstream renders the hash with a vowel-free alphabet so it never spells words.
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var out = ""
        var v = h
        repeat {
            out.append(alphabet[Int(v % UInt32(alphabet.count))])
            v /= UInt32(alphabet.count)
        } while v > 0
        return out
    }

    private func createReplicaSet(_ deployment: AppsV1.Deployment, hash: String, old: [AppsV1.ReplicaSet]) async throws
        -> AppsV1.ReplicaSet
    {
        let revision = (old.compactMap { Int($0.annotations?[Self.revisionAnnotation] ?? "") }.max() ?? 0) + 1
        var rs = AppsV1.ReplicaSet()
        rs.name = "\(deployment.name ?? "")-\(hash)"
        rs.namespace = deployment.namespace
        rs.labels = (deployment.spec?.template?.metadata?.labels ?? [:]).merging([Self.hashLabel: hash]) { $1 }
        rs.annotations = [Self.revisionAnnotation: String(revision)]
        var template = deployment.spec?.template?.json ?? .object(JSONObject())
        template[path: ["metadata", "labels", Self.hashLabel]] = .string(hash)
        var selector = deployment.json[path: ["spec", "selector"]] ?? .object(JSONObject())
        selector[path: ["matchLabels", Self.hashLabel]] = .string(hash)
        rs.json[path: ["spec"]] = [
            "replicas": 0, "minReadySeconds": .int(Int64(deployment.spec?.minReadySeconds ?? 0)),
            "selector": selector, "template": template,
        ]
        rs.setControllerReference(deployment)
        do {
            return try await client.resource(AppsV1.ReplicaSet.self, namespace: deployment.namespace).create(rs)
        } catch let error as KubernetesError where error.isAlreadyExists {
            return try await client.resource(AppsV1.ReplicaSet.self, namespace: deployment.namespace).get(rs.name ?? "")
        }
    }

    /// maxSurge rounds up, maxUnavailable down; both zero means one unavailable.
    static func bounds(_ deployment: AppsV1.Deployment, replicas: Int) -> (surge: Int, unavailable: Int) {
        let rolling = deployment.spec?.strategy?.rollingUpdate
        let surge =
            rolling?.maxSurge?.scaledValue(total: replicas, roundUp: true)
            ?? Int((Double(replicas) * 0.25).rounded(.up))
        var unavailable =
            rolling?.maxUnavailable?.scaledValue(total: replicas, roundUp: false)
            ?? Int((Double(replicas) * 0.25).rounded(.down))
        if surge == 0, unavailable == 0 { unavailable = 1 }
        return (surge, min(unavailable, replicas))
    }

    private func scale(_ deployment: AppsV1.Deployment, new: AppsV1.ReplicaSet, old: [AppsV1.ReplicaSet], replicas: Int)
        async throws
    {
        let sets = client.resource(AppsV1.ReplicaSet.self, namespace: deployment.namespace)
        let newReplicas = Int(new.spec?.replicas ?? 0)
        if deployment.spec?.strategy?.type == "Recreate" {
            for rs in old where (rs.spec?.replicas ?? 0) > 0 {
                _ = try await sets.updateScale(rs.name ?? "", replicas: 0)
            }
            let oldPods = old.reduce(0) { $0 + Int($1.status?.replicas ?? 0) }
            if oldPods == 0, newReplicas != replicas {
                _ = try await sets.updateScale(new.name ?? "", replicas: Int32(replicas))
            }
            return
        }
        let (surge, maxUnavailable) = Self.bounds(deployment, replicas: replicas)
        let total = old.reduce(newReplicas) { $0 + Int($1.spec?.replicas ?? 0) }
        // Up: the new ReplicaSet grows as far as the surge allows (or shrinks to a lower target).
        var target = newReplicas
        if newReplicas > replicas {
            target = replicas
        } else if newReplicas < replicas {
            target = min(replicas, newReplicas + max(0, replicas + surge - total))
        }
        if target != newReplicas { _ = try await sets.updateScale(new.name ?? "", replicas: Int32(target)) }
        // Down, in upstream's two steps. First old pods that are not
        // available, as far as the pods counted still leave room:
        let minAvailable = replicas - maxUnavailable
        let allPods = old.reduce(target) { $0 + Int($1.spec?.replicas ?? 0) }
        let newUnavailable = target - Int(new.status?.availableReplicas ?? 0)
        var room = allPods - minAvailable - newUnavailable
        var remaining: [String: Int] = [:]
        let oldest = old.sorted { ($0.creationTimestamp ?? "") < ($1.creationTimestamp ?? "") }
        for rs in oldest {
            let current = Int(rs.spec?.replicas ?? 0)
            remaining[rs.name ?? ""] = current
            let unhealthy = current - Int(rs.status?.availableReplicas ?? 0)
            let cut = min(max(0, room), max(0, unhealthy))
            if cut > 0 {
                room -= cut
                remaining[rs.name ?? ""] = current - cut
            }
        }
        // Then available old pods, while enough stay available overall.
        let available = (old + [new]).reduce(0) { $0 + Int($1.status?.availableReplicas ?? 0) }
        var budget = available - minAvailable
        for rs in oldest where budget > 0 {
            let current = remaining[rs.name ?? ""] ?? 0
            let cut = min(current, budget)
            budget -= cut
            remaining[rs.name ?? ""] = current - cut
        }
        for rs in oldest where remaining[rs.name ?? ""] != Int(rs.spec?.replicas ?? 0) {
            _ = try await sets.updateScale(rs.name ?? "", replicas: Int32(remaining[rs.name ?? ""] ?? 0))
        }
    }

    private func cleanUpHistory(_ deployment: AppsV1.Deployment, old: [AppsV1.ReplicaSet]) async throws {
        let limit = Int(deployment.spec?.revisionHistoryLimit ?? 10)
        let idle = old.filter { ($0.spec?.replicas ?? 0) == 0 && ($0.status?.replicas ?? 0) == 0 && !$0.isBeingDeleted }
            .sorted {
                Int($0.annotations?[Self.revisionAnnotation] ?? "") ?? 0 < Int(
                    $1.annotations?[Self.revisionAnnotation] ?? "") ?? 0
            }
        guard idle.count > limit else { return }
        let sets = client.resource(AppsV1.ReplicaSet.self, namespace: deployment.namespace)
        for rs in idle.prefix(idle.count - limit) {
            _ = try? await sets.delete(rs.name ?? "", options: DeleteOptions(preconditionUID: rs.uid))
        }
    }

    private func updateStatus(_ deployment: AppsV1.Deployment, new: AppsV1.ReplicaSet?, all: [AppsV1.ReplicaSet])
        async throws
    {
        let replicas = Int(deployment.spec?.replicas ?? 1)
        let (_, maxUnavailable) = Self.bounds(deployment, replicas: replicas)
        let total = all.reduce(0) { $0 + Int($1.status?.replicas ?? 0) }
        let ready = all.reduce(0) { $0 + Int($1.status?.readyReplicas ?? 0) }
        let available = all.reduce(0) { $0 + Int($1.status?.availableReplicas ?? 0) }
        let updated = Int(new?.status?.replicas ?? 0)
        let now = Timestamp.rfc3339(Date())
        let isAvailable = available >= replicas - maxUnavailable
        let complete = updated == replicas && total == replicas && available == replicas
        var status: JSONObject = [
            "observedGeneration": .int(deployment.generation ?? 0), "replicas": .int(Int64(total)),
            "updatedReplicas": .int(Int64(updated)), "readyReplicas": .int(Int64(ready)),
            "availableReplicas": .int(Int64(available)), "unavailableReplicas": .int(Int64(max(0, total - available))),
        ]
        let previous = deployment.json[path: ["status", "conditions"]]?.arrayValue ?? []
        func condition(_ type: String, _ ok: Bool, _ reason: String, _ message: String) -> JSONValue {
            let old = previous.first { $0["type"]?.stringValue == type }
            let same = old?["status"]?.stringValue == (ok ? "True" : "False")
            return [
                "type": .string(type), "status": .string(ok ? "True" : "False"),
                "lastUpdateTime": .string(
                    old?["reason"]?.stringValue == reason ? (old?["lastUpdateTime"]?.stringValue ?? now) : now),
                "lastTransitionTime": .string(same ? (old?["lastTransitionTime"]?.stringValue ?? now) : now),
                "reason": .string(reason), "message": .string(message),
            ]
        }
        let newName = new?.name ?? ""
        status["conditions"] = [
            condition(
                "Available", isAvailable, isAvailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                isAvailable ? "Deployment has minimum availability." : "Deployment does not have minimum availability."),
            condition(
                "Progressing", true, complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                complete
                    ? "ReplicaSet \"\(newName)\" has successfully progressed."
                    : "ReplicaSet \"\(newName)\" is progressing."),
        ]
        var current = deployment.json["status"]?.objectValue ?? JSONObject()
        // Only write when something a user would see changed (not the times).
        func essence(_ o: JSONObject) -> JSONValue {
            var copy = o
            copy["conditions"] = .array(
                (o["conditions"]?.arrayValue ?? []).map { c in
                    ["type": c["type"] ?? .null, "status": c["status"] ?? .null, "reason": c["reason"] ?? .null]
                })
            return .object(copy)
        }
        current["collisionCount"] = nil
        guard essence(current) != essence(status) else { return }
        var copy = deployment
        copy.json["status"] = .object(status)
        _ = try await client.resource(AppsV1.Deployment.self, namespace: deployment.namespace).updateStatus(copy)
    }
}
