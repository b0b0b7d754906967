import Foundation
import Hummingbird
import SwiftletAPI
import SwiftletStorage

/// `pods/binding` (what the scheduler posts) and `pods/eviction` (a deletion
/// that respects PodDisruptionBudgets), with upstream's checks and answers.
extension ResourceHandler {
    static let created: JSONValue = [
        "kind": "Status", "apiVersion": "v1", "metadata": .object(JSONObject()), "status": "Success", "code": 201,
    ]

    func bind(_ request: ResourceRequest) async throws -> Response {
        let binding = try Admission.parseJSON(request.body)
        guard binding["kind"]?.stringValue == "Binding" else {
            throw APIError.badRequest("the body of the request must be a Binding")
        }
        let targetKind = binding[path: ["target", "kind"]]?.stringValue ?? ""
        guard targetKind.isEmpty || targetKind == "Node" else {
            throw APIError.invalid(
                kind: "Binding", group: "", name: request.name,
                causes: [
                    APIError.Cause(
                        reason: "FieldValueNotSupported",
                        message: "Unsupported value: \"\(targetKind)\": supported values: \"Node\"",
                        field: "target.kind")
                ])
        }
        guard let node = binding[path: ["target", "name"]]?.stringValue, !node.isEmpty else {
            throw APIError.invalid(
                kind: "Binding", group: "", name: request.name,
                causes: [APIError.Cause(reason: "FieldValueRequired", message: "Required value", field: "target.name")])
        }
        for _ in 0..<Self.patchAttempts {
            let (pod, kv) = try await current(request)
            if pod.deletionTimestamp != nil {
                throw APIError.conflict(
                    request.gvr, name: request.name,
                    detail: "pod \(request.name) is being deleted, cannot be assigned to a host")
            }
            if let assigned = pod[path: ["spec", "nodeName"]]?.stringValue, !assigned.isEmpty {
                throw APIError.conflict(
                    request.gvr, name: request.name,
                    detail: "pod \(request.name) is already assigned to node \"\(assigned)\"")
            }
            var bound = pod
            bound[path: ["spec", "nodeName"]] = .string(node)
            for (key, value) in binding[path: ["metadata", "annotations"]]?.objectValue ?? JSONObject() {
                bound[path: ["metadata", "annotations", key]] = value
            }
            var conditions = (bound[path: ["status", "conditions"]]?.arrayValue ?? []).filter {
                $0["type"] != "PodScheduled"
            }
            conditions.append([
                "type": "PodScheduled", "status": "True", "lastProbeTime": .null,
                "lastTransitionTime": .string(Timestamp.rfc3339(Date())),
            ])
            bound[path: ["status", "conditions"]] = .array(conditions)
            if request.isDryRun { return Responses.json(Self.created, status: .created) }
            do {
                _ = try await api.storage.update(
                    key(request), value: ObjectCodec.encode(bound), expected: kv.modRevision)
                return Responses.json(Self.created, status: .created)
            } catch StorageError.conflict {
                continue
            }
        }
        throw APIError.modified(request.gvr, name: request.name)
    }

    func evict(_ request: ResourceRequest) async throws -> Response {
        let eviction = try Admission.parseJSON(request.body)
        guard eviction["kind"]?.stringValue == "Eviction" else {
            throw APIError.badRequest("the body of the request must be an Eviction")
        }
        if let name = eviction[path: ["metadata", "name"]]?.stringValue, !name.isEmpty, name != request.name {
            throw APIError.badRequest("name in URL does not match name in Eviction object")
        }
        let (pod, kv) = try await current(request)
        let phase = pod[path: ["status", "phase"]]?.stringValue ?? ""
        // Pods that are not running count against no budget. Concurrent
        // evictions (kubectl drain sends them in parallel) race for the same
        // budget: a lost race is retried, as upstream does, not answered 409.
        if !["Succeeded", "Failed", "Pending"].contains(phase) {
            var attempts = 0
            while true {
                do {
                    try await takeDisruption(for: pod, request)
                    break
                } catch let error as APIError where error.code == 409 && attempts < Self.patchAttempts {
                    attempts += 1
                }
            }
        }
        var options = try DeleteOptions(request, readBody: false)
        if let grace = eviction[path: ["deleteOptions", "gracePeriodSeconds"]]?.intValue {
            options.gracePeriodSeconds = grace
        }
        _ = try await delete(pod, revision: kv.modRevision, options: options, request)
        return Responses.json(Self.created, status: .created)
    }

    /// Spends one allowed disruption of the pod's PodDisruptionBudget, or
    /// refuses with 429 when none is left (the budget's controller refills it).
    private func takeDisruption(for pod: JSONValue, _ request: ResourceRequest) async throws {
        guard let pdbs = api.resources.lookup(group: "policy", version: "v1", plural: "poddisruptionbudgets") else {
            return
        }
        let prefix = StorageKeys.prefix(pdbs, namespace: request.namespace)
        let budgets = try await api.storage.list(ListRequest(prefix: prefix)).items.compactMap {
            kv -> (JSONValue, KeyValue)? in
            guard let pdb = try? ObjectCodec.decode(kv),
                let selector = try? LabelSelector(json: pdb[path: ["spec", "selector"]]), !selector.isEmpty,
                selector.matches(object: pod)
            else { return nil }
            return (pdb, kv)
        }
        guard !budgets.isEmpty else { return }
        guard budgets.count == 1, let (pdb, kv) = budgets.first else {
            throw APIError.internalError(
                "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.")
        }
        let allowed = pdb[path: ["status", "disruptionsAllowed"]]?.intValue ?? 0
        let observed = pdb[path: ["status", "observedGeneration"]]?.intValue ?? 0
        let generation = pdb[path: ["metadata", "generation"]]?.intValue ?? 0
        guard allowed > 0, observed >= generation else {
            var e = APIError(
                code: 429, reason: "TooManyRequests",
                message: "Cannot evict pod as it would violate the pod's disruption budget.")
            e.causes = [
                APIError.Cause(
                    reason: "DisruptionBudget",
                    message:
                        "The disruption budget \(pdb.name) needs \(pdb[path: ["status", "desiredHealthy"]]?.intValue ?? 0) healthy pods and has \(pdb[path: ["status", "currentHealthy"]]?.intValue ?? 0) currently",
                    field: "")
            ]
            e.retryAfterSeconds = 10
            throw e
        }
        var spent = pdb
        spent[path: ["status", "disruptionsAllowed"]] = .int(allowed - 1)
        spent[path: ["status", "disruptedPods", pod.name]] = .string(Timestamp.rfc3339(Date()))
        if request.isDryRun { return }
        do {
            _ = try await api.storage.update(kv.key, value: ObjectCodec.encode(spent), expected: kv.modRevision)
        } catch StorageError.conflict {
            throw APIError.modified(pdbs.gvr, name: pdb.name)
        }
    }
}
