import Foundation
import SwiftletAPI
import SwiftletModels

/// Which nodes a DaemonSet's pod belongs on, as upstream's daemon
/// controller decides before the scheduler places the pod: the template's
/// node selector and required node affinity match the node, and the pod
/// tolerates the node's NoSchedule and NoExecute taints (with the
/// tolerations the controller adds to every daemon pod).
enum DaemonPlacement {
    /// What upstream adds to every daemon pod, so a node's passing trouble
    /// never evicts or blocks its daemons.
    static func automaticTolerations(hostNetwork: Bool) -> [JSONValue] {
        var list: [JSONValue] = [
            ["key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"],
            ["key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"],
            ["key": "node.kubernetes.io/disk-pressure", "operator": "Exists", "effect": "NoSchedule"],
            ["key": "node.kubernetes.io/memory-pressure", "operator": "Exists", "effect": "NoSchedule"],
            ["key": "node.kubernetes.io/pid-pressure", "operator": "Exists", "effect": "NoSchedule"],
            ["key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"],
        ]
        if hostNetwork {
            list.append(["key": "node.kubernetes.io/network-unavailable", "operator": "Exists", "effect": "NoSchedule"])
        }
        return list
    }

    /// The template's tolerations plus the automatic ones it lacks.
    static func tolerations(of spec: JSONValue) -> [JSONValue] {
        var list = spec["tolerations"]?.arrayValue ?? []
        for extra in automaticTolerations(hostNetwork: spec["hostNetwork"]?.boolValue ?? false) {
            let present = list.contains {
                $0["key"] == extra["key"] && $0["effect"] == extra["effect"] && $0["operator"] == "Exists"
            }
            if !present { list.append(extra) }
        }
        return list
    }

    static func shouldRun(_ spec: JSONValue, on node: CoreV1.Node) -> Bool {
        let labels = node.labels ?? [:]
        for (key, value) in spec["nodeSelector"]?.objectValue ?? JSONObject() where labels[key] != value.stringValue {
            return false
        }
        let terms =
            spec[path: [
                "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms",
            ]]?
            .arrayValue
        if let terms, !terms.contains(where: { matches($0, node: node) }) { return false }
        let tolerations = self.tolerations(of: spec)
        for taint in node.json[path: ["spec", "taints"]]?.arrayValue ?? [] {
            let effect = taint["effect"]?.stringValue ?? ""
            guard effect == "NoSchedule" || effect == "NoExecute" else { continue }
            if !tolerations.contains(where: { tolerates($0, taint) }) { return false }
        }
        return true
    }

    static func tolerates(_ toleration: JSONValue, _ taint: JSONValue) -> Bool {
        let effect = toleration["effect"]?.stringValue ?? ""
        if !effect.isEmpty, effect != taint["effect"]?.stringValue { return false }
        let key = toleration["key"]?.stringValue ?? ""
        let op = toleration["operator"]?.stringValue ?? "Equal"
        if key.isEmpty { return op == "Exists" }
        guard key == taint["key"]?.stringValue else { return false }
        return op == "Exists" || (toleration["value"]?.stringValue ?? "") == (taint["value"]?.stringValue ?? "")
    }

    /// One node selector term: every expression and field requirement holds.
    static func matches(_ term: JSONValue, node: CoreV1.Node) -> Bool {
        let expressions = term["matchExpressions"]?.arrayValue ?? []
        let fields = term["matchFields"]?.arrayValue ?? []
        if expressions.isEmpty, fields.isEmpty { return false }
        let labels = node.labels ?? [:]
        for e in expressions where !requirement(e, value: labels[e["key"]?.stringValue ?? ""]) { return false }
        for f in fields {
            let value = f["key"]?.stringValue == "metadata.name" ? node.name : nil
            if !requirement(f, value: value) { return false }
        }
        return true
    }

    private static func requirement(_ r: JSONValue, value: String?) -> Bool {
        let values = (r["values"]?.arrayValue ?? []).compactMap(\.stringValue)
        switch r["operator"]?.stringValue ?? "" {
        case "In": return value.map(values.contains) ?? false
        case "NotIn": return !(value.map(values.contains) ?? false)
        case "Exists": return value != nil
        case "DoesNotExist": return value == nil
        case "Gt":
            guard let v = value.flatMap({ Int64($0) }), let limit = values.first.flatMap({ Int64($0) }) else {
                return false
            }
            return v > limit
        case "Lt":
            guard let v = value.flatMap({ Int64($0) }), let limit = values.first.flatMap({ Int64($0) }) else {
                return false
            }
            return v < limit
        default: return false
        }
    }

    /// The node a daemon pod is for: its nodeName, or the node its
    /// `metadata.name` affinity names (pods not yet scheduled).
    static func targetNode(_ pod: CoreV1.Pod) -> String? {
        if let name = pod.json[path: ["spec", "nodeName"]]?.stringValue, !name.isEmpty { return name }
        let terms =
            pod.json[path: [
                "spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution",
                "nodeSelectorTerms",
            ]]?
            .arrayValue ?? []
        for term in terms {
            for field in term["matchFields"]?.arrayValue ?? []
            where field["key"] == "metadata.name" && field["operator"] == "In" {
                if let name = field["values"]?.arrayValue?.first?.stringValue { return name }
            }
        }
        return nil
    }

    /// The pod's affinity pinned to one node by `metadata.name`, replacing
    /// any node-name field terms it had, as upstream does for daemon pods.
    static func pin(_ spec: inout JSONValue, to node: String) {
        let requirement: JSONValue = [
            "matchFields": [["key": "metadata.name", "operator": "In", "values": [.string(node)]]]
        ]
        spec[path: ["affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution"]] = [
            "nodeSelectorTerms": [requirement]
        ]
    }
}
