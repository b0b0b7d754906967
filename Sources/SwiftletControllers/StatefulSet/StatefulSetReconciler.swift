import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels

/// Runs a StatefulSet's pods with stable identities, as upstream's
/// statefulset controller: pods `NAME-0` ... `NAME-(n-1)` (from
/// `ordinals.start`), each with its hostname, the governing Service as
/// subdomain and its own PersistentVolumeClaims from `volumeClaimTemplates`;
/// `OrderedReady` creates them one at a time in order and removes them in
/// reverse, each waiting for the one before to be ready, `Parallel` does
/// all at once; a new template rolls out from the highest ordinal down to
/// `partition`, one ready pod at a time (or on deletion with `OnDelete`);
/// `persistentVolumeClaimRetentionPolicy` decides whether claims outlive
/// the set and its scale-downs.
struct StatefulSetReconciler: Reconciler {
    let client: KubernetesClient
    let pods: ObjectStore<CoreV1.Pod>
    let claims: ObjectStore<CoreV1.PersistentVolumeClaim>
    let history: ControllerRevisions
    let events: EventRecorder?

    static let podNameLabel = "statefulset.kubernetes.io/pod-name"
    static let podIndexLabel = "apps.kubernetes.io/pod-index"

    func reconcile(_ request: NamespacedName) async throws -> ReconcileResult {
        let api = client.resource(AppsV1.StatefulSet.self, namespace: request.namespace)
        let set: AppsV1.StatefulSet
        do {
            set = try await api.get(request.name)
        } catch let error as KubernetesError where error.isNotFound {
            return .done
        }
        let spec = set.json["spec"] ?? .object(JSONObject())
        let name = set.name ?? ""
        let template = spec["template"] ?? .object(JSONObject())
        let hash = DeploymentReconciler.templateHash(template)
        let replicas = Int(spec["replicas"]?.intValue ?? 1)
        let start = Int(spec[path: ["ordinals", "start"]]?.intValue ?? 0)
        let parallel = spec["podManagementPolicy"]?.stringValue == "Parallel"
        let onDelete = spec[path: ["updateStrategy", "type"]]?.stringValue == "OnDelete"
        let partition = Int(spec[path: ["updateStrategy", "rollingUpdate", "partition"]]?.intValue ?? 0)
        let owned = pods.list(namespace: request.namespace).filter { pod in
            pod.ownerReferences?.contains { $0.controller == true && $0.uid == set.uid } ?? false
        }
        var byOrdinal: [Int: CoreV1.Pod] = [:]
        for pod in owned {
            if let o = Self.ordinal(of: pod, set: name) { byOrdinal[o] = pod }
        }
        let wanted = start..<(start + replicas)
        let inUse = Set(owned.compactMap { $0.labels?[ControllerRevisions.hashLabel] }).union([hash])
        if !set.isBeingDeleted {
            try await history.ensure(
                set, template: template, hash: hash, inUse: inUse,
                limit: Int(spec["revisionHistoryLimit"]?.intValue ?? 10))
        }
        let podsAPI = client.resource(CoreV1.Pod.self, namespace: request.namespace)
        var waiting = false

        if !set.isBeingDeleted {
            // Create, replace failed, and (in order) wait for each to be ready.
            for ordinal in wanted {
                if let pod = byOrdinal[ordinal] {
                    if pod.deletionTimestamp != nil {
                        waiting = true
                        if !parallel { break }
                        continue
                    }
                    if pod.status?.phase == "Failed" || pod.status?.phase == "Succeeded" {
                        _ = try? await podsAPI.delete(pod.name ?? "", options: DeleteOptions(preconditionUID: pod.uid))
                        await events?.record(
                            set, reason: "RecreatingFailedPod",
                            message: "StatefulSet \(request) is recreating failed Pod \(pod.name ?? "")")
                        waiting = true
                        if !parallel { break }
                        continue
                    }
                    if !parallel, !PodState.isReady(pod) {
                        waiting = true
                        break
                    }
                    continue
                }
                try await ensureClaims(set, ordinal: ordinal)
                let pod = Self.pod(from: set, ordinal: ordinal, hash: hash)
                do {
                    _ = try await podsAPI.create(pod)
                    await events?.record(
                        set, reason: "SuccessfulCreate",
                        message: "create Pod \(pod.name ?? "") in StatefulSet \(name) successful")
                } catch let error as KubernetesError where error.isAlreadyExists {}
                waiting = true
                if !parallel { break }
            }
            // Condemned pods beyond the range: highest first, one at a time in order.
            let condemned = byOrdinal.keys.filter { !wanted.contains($0) }.sorted(by: >)
            for ordinal in condemned {
                guard let pod = byOrdinal[ordinal] else { continue }
                if !parallel, waiting { break }
                if pod.deletionTimestamp == nil {
                    _ = try? await podsAPI.delete(pod.name ?? "", options: DeleteOptions(preconditionUID: pod.uid))
                    await events?.record(
                        set, reason: "SuccessfulDelete",
                        message: "delete Pod \(pod.name ?? "") in StatefulSet \(name) successful")
                    try await releaseClaims(set, pod: pod)
                }
                waiting = true
                if !parallel { break }
            }
            // Rolling update: highest ordinal first, down to the partition, when all is steady.
            if !onDelete, !waiting {
                for ordinal in wanted.reversed() where ordinal >= start + partition {
                    guard let pod = byOrdinal[ordinal] else { break }
                    if pod.labels?[ControllerRevisions.hashLabel] == hash {
                        if !PodState.isReady(pod) { break }
                        continue
                    }
                    if pod.deletionTimestamp == nil {
                        _ = try? await podsAPI.delete(pod.name ?? "", options: DeleteOptions(preconditionUID: pod.uid))
                    }
                    break
                }
            }
        }
        try await updateStatus(set, owned: owned, wanted: wanted, hash: hash)
        return .done
    }

    static func ordinal(of pod: CoreV1.Pod, set: String) -> Int? {
        guard let name = pod.name, name.hasPrefix("\(set)-") else { return nil }
        return Int(name.dropFirst(set.count + 1))
    }

    static func pod(from set: AppsV1.StatefulSet, ordinal: Int, hash: String) -> CoreV1.Pod {
        let name = "\(set.name ?? "")-\(ordinal)"
        let template = set.json[path: ["spec", "template"]] ?? .object(JSONObject())
        var pod = CoreV1.Pod()
        pod.json["metadata"] = template["metadata"] ?? .object(JSONObject())
        pod.json[path: ["metadata", "name"]] = .string(name)
        pod.json[path: ["metadata", "generateName"]] = nil
        pod.json[path: ["metadata", "labels", ControllerRevisions.hashLabel]] = .string(hash)
        pod.json[path: ["metadata", "labels", podNameLabel]] = .string(name)
        pod.json[path: ["metadata", "labels", podIndexLabel]] = .string(String(ordinal))
        var spec = template["spec"] ?? .object(JSONObject())
        spec["hostname"] = .string(name)
        if let service = set.json[path: ["spec", "serviceName"]]?.stringValue, !service.isEmpty {
            spec["subdomain"] = .string(service)
        }
        var volumes = spec["volumes"]?.arrayValue ?? []
        for claim in set.json[path: ["spec", "volumeClaimTemplates"]]?.arrayValue ?? [] {
            guard let claimName = claim[path: ["metadata", "name"]]?.stringValue else { continue }
            volumes.removeAll { $0["name"]?.stringValue == claimName }
            volumes.append([
                "name": .string(claimName),
                "persistentVolumeClaim": ["claimName": .string("\(claimName)-\(name)")],
            ])
        }
        if !volumes.isEmpty { spec["volumes"] = .array(volumes) }
        pod.json["spec"] = spec
        pod.setControllerReference(set)
        return pod
    }

    /// The claims of one ordinal, created when missing. With `whenDeleted:
    /// Delete` the set owns them, so they go with it.
    private func ensureClaims(_ set: AppsV1.StatefulSet, ordinal: Int) async throws {
        let api = client.resource(CoreV1.PersistentVolumeClaim.self, namespace: set.namespace)
        let podName = "\(set.name ?? "")-\(ordinal)"
        let policy = set.json[path: ["spec", "persistentVolumeClaimRetentionPolicy", "whenDeleted"]]?.stringValue
        for template in set.json[path: ["spec", "volumeClaimTemplates"]]?.arrayValue ?? [] {
            guard let claimName = template[path: ["metadata", "name"]]?.stringValue else { continue }
            let name = "\(claimName)-\(podName)"
            if claims.get(namespace: set.namespace ?? "", name: name) != nil { continue }
            var claim = CoreV1.PersistentVolumeClaim()
            claim.json["metadata"] = template["metadata"] ?? .object(JSONObject())
            claim.name = name
            claim.json[path: ["metadata", "namespace"]] = nil
            var labels = claim.labels ?? [:]
            for (k, v) in set.json[path: ["spec", "selector", "matchLabels"]]?.objectValue ?? JSONObject() {
                labels[k] = v.stringValue
            }
            claim.labels = labels
            claim.json["spec"] = template["spec"] ?? .object(JSONObject())
            if policy == "Delete" { claim.setControllerReference(set) }
            do {
                _ = try await api.create(claim)
                await events?.record(
                    set, reason: "SuccessfulCreate",
                    message: "create Claim \(name) Pod \(podName) in StatefulSet \(set.name ?? "") success")
            } catch let error as KubernetesError where error.isAlreadyExists {}
        }
    }

    /// `whenScaled: Delete`: a condemned pod's claims go with it.
    private func releaseClaims(_ set: AppsV1.StatefulSet, pod: CoreV1.Pod) async throws {
        guard set.json[path: ["spec", "persistentVolumeClaimRetentionPolicy", "whenScaled"]] == "Delete" else {
            return
        }
        let api = client.resource(CoreV1.PersistentVolumeClaim.self, namespace: set.namespace)
        for template in set.json[path: ["spec", "volumeClaimTemplates"]]?.arrayValue ?? [] {
            guard let claimName = template[path: ["metadata", "name"]]?.stringValue else { continue }
            _ = try? await api.delete("\(claimName)-\(pod.name ?? "")")
        }
    }

    private func updateStatus(
        _ set: AppsV1.StatefulSet, owned: [CoreV1.Pod], wanted: Range<Int>, hash: String
    ) async throws {
        let live = owned.filter { $0.deletionTimestamp == nil }
        let minReady = Int32(set.json[path: ["spec", "minReadySeconds"]]?.intValue ?? 0)
        let now = Date()
        let revisions = history.owned(by: set)
        let updated = live.filter { $0.labels?[ControllerRevisions.hashLabel] == hash }
        // The current revision is the oldest one pods still run (the update one once all are updated).
        let running = Set(live.compactMap { $0.labels?[ControllerRevisions.hashLabel] })
        let currentHash =
            updated.count == live.count
            ? hash
            : revisions.first { running.contains($0.labels?[ControllerRevisions.hashLabel] ?? "") }?.labels?[
                ControllerRevisions.hashLabel] ?? hash
        var status = set.json["status"]?.objectValue ?? JSONObject()
        status["replicas"] = .int(Int64(live.count))
        status["readyReplicas"] = .int(Int64(live.filter(PodState.isReady).count))
        status["availableReplicas"] = .int(
            Int64(live.filter { PodState.isAvailable($0, minReadySeconds: minReady, now: now) }.count))
        status["currentReplicas"] = .int(
            Int64(live.filter { $0.labels?[ControllerRevisions.hashLabel] == currentHash }.count))
        status["updatedReplicas"] = .int(Int64(updated.count))
        status["currentRevision"] = .string("\(set.name ?? "")-\(currentHash)")
        status["updateRevision"] = .string("\(set.name ?? "")-\(hash)")
        status["observedGeneration"] = .int(set.generation ?? 0)
        status["collisionCount"] = status["collisionCount"] ?? 0
        guard JSONValue.object(status) != (set.json["status"] ?? .object(JSONObject())) else { return }
        var next = set
        next.json["status"] = .object(status)
        _ = try await client.resource(AppsV1.StatefulSet.self, namespace: set.namespace).updateStatus(next)
    }
}
