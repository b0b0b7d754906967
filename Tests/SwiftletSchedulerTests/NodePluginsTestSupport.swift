import SwiftletAPI
import SwiftletModels

@testable import SwiftletScheduler

/// Profiles and YAML-shaped builders shared by the node plugin tests.
enum NodePlugins {
    /// The node plugins in upstream's default order, with upstream's default
    /// score weights (TaintToleration 3, NodeAffinity 2, ImageLocality 1).
    static func profile(nodeAffinity: NodeAffinity = NodeAffinity()) -> SchedulerProfile {
        SchedulerProfile(
            schedulerName: "default-scheduler",
            plugins: [
                NodeUnschedulable(), NodeName(), TaintToleration(), nodeAffinity, NodePorts(), VolumeRestrictions(),
                ImageLocality(),
            ],
            weights: ["TaintToleration": 3, "NodeAffinity": 2, "ImageLocality": 1])
    }

    /// A harness over `nodes` with the default node plugins.
    static func harness(
        _ nodes: [CoreV1.Node], existing: [CoreV1.Pod] = [], nodeAffinity: NodeAffinity = NodeAffinity()
    ) -> PlacementHarness {
        PlacementHarness(nodes: nodes, existing: existing, profile: profile(nodeAffinity: nodeAffinity))
    }

    /// A toleration as written in a pod spec; nil members are left out.
    static func toleration(
        key: String? = nil, operator op: String? = nil, value: String? = nil, effect: String? = nil
    ) -> JSONValue {
        var object: JSONObject = [:]
        if let key { object["key"] = .string(key) }
        if let op { object["operator"] = .string(op) }
        if let value { object["value"] = .string(value) }
        if let effect { object["effect"] = .string(effect) }
        return .object(object)
    }

    /// A node selector requirement (`matchExpressions` or `matchFields` entry).
    static func requirement(_ key: String, _ op: String, _ values: [String] = []) -> JSONValue {
        var object: JSONObject = ["key": .string(key), "operator": .string(op)]
        if !values.isEmpty { object["values"] = .array(values.map(JSONValue.string)) }
        return .object(object)
    }

    /// A node selector term.
    static func term(expressions: [JSONValue] = [], fields: [JSONValue] = []) -> JSONValue {
        var object: JSONObject = [:]
        if !expressions.isEmpty { object["matchExpressions"] = .array(expressions) }
        if !fields.isEmpty { object["matchFields"] = .array(fields) }
        return .object(object)
    }

    /// `spec.affinity` with required terms and/or weighted preferred terms.
    static func nodeAffinity(required: [JSONValue]? = nil, preferred: [(weight: Int64, term: JSONValue)] = [])
        -> JSONValue
    {
        var affinity: JSONObject = [:]
        if let required {
            affinity["requiredDuringSchedulingIgnoredDuringExecution"] = ["nodeSelectorTerms": .array(required)]
        }
        if !preferred.isEmpty {
            affinity["preferredDuringSchedulingIgnoredDuringExecution"] = .array(
                preferred.map { ["weight": .int($0.weight), "preference": $0.term] })
        }
        return ["nodeAffinity": .object(affinity)]
    }

    /// A container port; `hostPort` nil leaves it out.
    static func port(_ hostPort: Int64?, ip: String? = nil, protocol proto: String? = nil) -> JSONValue {
        var object: JSONObject = ["containerPort": .int(hostPort ?? 8080)]
        if let hostPort { object["hostPort"] = .int(hostPort) }
        if let ip { object["hostIP"] = .string(ip) }
        if let proto { object["protocol"] = .string(proto) }
        return .object(object)
    }

    /// Runs a plugin's PreFilter (when it has one) and Filter for one node,
    /// as the placer does; a PreFilter refusal or skip is returned as is.
    static func filter(_ plugin: some FilterPlugin, pod: PodInfo, node: NodeInfo, snapshot: Snapshot? = nil)
        -> PluginStatus
    {
        var state = CycleState()
        if let preFilter = plugin as? any PreFilterPlugin {
            let status = preFilter.preFilter(pod: pod, snapshot: snapshot ?? Snapshot(nodes: [node]), state: &state)
            if status.code != .success { return status }
        }
        return plugin.filter(pod: pod, node: node, state: state)
    }

    /// A plugin's normalized scores for `nodes`, PreScore included; nil when
    /// PreScore skips.
    static func scores(_ plugin: some ScorePlugin, pod: PodInfo, nodes: [NodeInfo]) -> [Int64]? {
        var state = CycleState()
        if let preScore = plugin as? any PreScorePlugin {
            let status = preScore.preScore(pod: pod, nodes: nodes, snapshot: Snapshot(nodes: nodes), state: &state)
            if status.code == .skip { return nil }
        }
        var scores = nodes.map { plugin.score(pod: pod, node: $0, state: state) }
        plugin.normalize(scores: &scores, pod: pod, state: state)
        return scores
    }
}
