import SwiftletAPI
import SwiftletStorage

/// Upstream's Priority admission: a new pod gets the integer `priority` and
/// the `preemptionPolicy` of its PriorityClass (or of the global default
/// class, or 0), so the scheduler orders and preempts by number.
extension ResourceHandler {
    func admitPodPriority(_ pod: inout JSONValue, _ request: ResourceRequest) async throws {
        guard request.resource.group.isEmpty, request.resource.plural == "pods",
            let classes = api.resources.lookup(group: "scheduling.k8s.io", version: "v1", plural: "priorityclasses")
        else { return }
        let className = pod[path: ["spec", "priorityClassName"]]?.stringValue ?? ""
        var resolved: (name: String, value: Int64, policy: String)?
        if !className.isEmpty {
            guard let kv = try await api.storage.get(StorageKeys.key(classes, namespace: "", name: className)),
                let priorityClass = try? ObjectCodec.decode(kv)
            else {
                throw APIError.forbidden(
                    request.gvr, name: pod.name, detail: "no PriorityClass with name \(className) was found")
            }
            resolved = Self.priority(of: priorityClass)
        } else {
            resolved = try await globalDefaultPriorityClass(classes)
        }
        let value = resolved?.value ?? 0
        let policy = resolved?.policy ?? "PreemptLowerPriority"
        if let given = pod[path: ["spec", "priority"]]?.intValue, given != value {
            throw APIError.forbidden(
                request.gvr, name: pod.name,
                detail: "the integer value of priority (\(given)) must not be provided in pod spec; "
                    + "priority admission controller computed \(value) from the given PriorityClass name")
        }
        if let given = pod[path: ["spec", "preemptionPolicy"]]?.stringValue, resolved != nil, given != policy {
            throw APIError.forbidden(
                request.gvr, name: pod.name,
                detail: "the string value of PreemptionPolicy (\(given)) must not be provided in pod spec; "
                    + "priority admission controller computed \(policy) from the given PriorityClass name")
        }
        if let resolved, className.isEmpty { pod[path: ["spec", "priorityClassName"]] = .string(resolved.name) }
        pod[path: ["spec", "priority"]] = .int(value)
        pod[path: ["spec", "preemptionPolicy"]] = .string(policy)
    }

    /// The class marked `globalDefault` (the lowest value if several are).
    private func globalDefaultPriorityClass(_ classes: ResourceInfo) async throws -> (
        name: String, value: Int64, policy: String
    )? {
        let list = try await api.storage.list(ListRequest(prefix: StorageKeys.prefix(classes, namespace: "")))
        var best: (name: String, value: Int64, policy: String)?
        for kv in list.items {
            guard let object = try? ObjectCodec.decode(kv), object["globalDefault"]?.boolValue == true else { continue }
            let candidate = Self.priority(of: object)
            if best == nil || candidate.value < best!.value { best = candidate }
        }
        return best
    }

    private static func priority(of priorityClass: JSONValue) -> (name: String, value: Int64, policy: String) {
        (
            priorityClass.name, priorityClass["value"]?.intValue ?? 0,
            priorityClass["preemptionPolicy"]?.stringValue ?? "PreemptLowerPriority"
        )
    }
}
