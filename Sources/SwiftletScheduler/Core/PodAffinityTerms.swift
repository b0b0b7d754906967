import SwiftletAPI
import SwiftletModels

/// A pod (anti-)affinity term, resolved for matching: which namespaces it
/// looks at, which pods in them, and the topology key that groups nodes.
public struct AffinityTerm: Sendable, Equatable {
    /// Namespaces named explicitly (or the pod's own when none are named and
    /// there is no namespace selector).
    public var namespaces: Set<String>
    /// Selects namespaces by their labels; an empty selector selects all.
    public var namespaceSelector: LabelSelector?
    /// Selects pods; a term without a label selector matches no pod.
    public var selector: LabelSelector
    public var topologyKey: String

    public init(
        namespaces: Set<String>, namespaceSelector: LabelSelector? = nil, selector: LabelSelector,
        topologyKey: String
    ) {
        self.namespaces = namespaces
        self.namespaceSelector = namespaceSelector
        self.selector = selector
        self.topologyKey = topologyKey
    }

    /// Resolves a term of `pod`. `matchLabelKeys` and `mismatchLabelKeys`
    /// become `In` and `NotIn` requirements on the pod's own label values.
    init(_ model: CoreV1.PodAffinityTerm, podNamespace: String, podLabels: [String: String]) {
        let nsSelector: LabelSelector? = model.namespaceSelector.map { (try? LabelSelector(json: $0.json)) ?? .nothing }
        var names = Set(model.namespaces ?? [])
        if names.isEmpty && nsSelector == nil { names = [podNamespace] }
        var selector: LabelSelector =
            model.labelSelector.map { (try? LabelSelector(json: $0.json)) ?? .nothing } ?? .nothing
        if model.labelSelector != nil {
            var extra: [LabelRequirement] = []
            for key in model.matchLabelKeys ?? [] {
                if let value = podLabels[key], let r = try? LabelRequirement(key: key, operator: .in, values: [value]) {
                    extra.append(r)
                }
            }
            for key in model.mismatchLabelKeys ?? [] {
                if let value = podLabels[key],
                    let r = try? LabelRequirement(key: key, operator: .notIn, values: [value])
                {
                    extra.append(r)
                }
            }
            if !extra.isEmpty { selector = selector.adding(extra) }
        }
        self.init(
            namespaces: names, namespaceSelector: nsSelector, selector: selector,
            topologyKey: model.topologyKey ?? "")
    }

    /// Whether an existing pod is one this term is about.
    /// `namespaceLabels` holds the labels of the namespaces in the snapshot.
    public func matches(_ pod: PodInfo, namespaceLabels: [String: [String: String]]) -> Bool {
        guard namespaces.contains(pod.namespace) || namespaceSelectorMatches(pod.namespace, namespaceLabels)
        else { return false }
        return selector.matches(pod.labels)
    }

    private func namespaceSelectorMatches(_ namespace: String, _ labels: [String: [String: String]]) -> Bool {
        guard let namespaceSelector else { return false }
        if namespaceSelector.isEmpty { return true }
        return namespaceSelector.matches(labels[namespace] ?? [:])
    }
}

/// A preferred (anti-)affinity term with its weight (1 to 100).
public struct WeightedAffinityTerm: Sendable, Equatable {
    public var weight: Int64
    public var term: AffinityTerm

    public init(weight: Int64, term: AffinityTerm) {
        self.weight = weight
        self.term = term
    }
}

/// A topology spread constraint, resolved: `matchLabelKeys` are merged
/// into the selector with the pod's values, defaults filled in.
public struct SpreadConstraint: Sendable, Equatable {
    public enum Action: String, Sendable { case doNotSchedule = "DoNotSchedule", scheduleAnyway = "ScheduleAnyway" }
    public enum Policy: String, Sendable { case honor = "Honor", ignore = "Ignore" }

    public var maxSkew: Int64
    public var topologyKey: String
    public var whenUnsatisfiable: Action
    /// A constraint without a label selector counts no pods.
    public var selector: LabelSelector
    /// At least 1; only meaningful with `DoNotSchedule`.
    public var minDomains: Int64
    /// Whether nodes that fail the pod's node affinity/selector are left out
    /// of the domains (default Honor).
    public var nodeAffinityPolicy: Policy
    /// Whether nodes with taints the pod does not tolerate are left out of
    /// the domains (default Ignore).
    public var nodeTaintsPolicy: Policy

    public init(
        maxSkew: Int64, topologyKey: String, whenUnsatisfiable: Action, selector: LabelSelector,
        minDomains: Int64 = 1, nodeAffinityPolicy: Policy = .honor, nodeTaintsPolicy: Policy = .ignore
    ) {
        self.maxSkew = maxSkew
        self.topologyKey = topologyKey
        self.whenUnsatisfiable = whenUnsatisfiable
        self.selector = selector
        self.minDomains = minDomains
        self.nodeAffinityPolicy = nodeAffinityPolicy
        self.nodeTaintsPolicy = nodeTaintsPolicy
    }

    init(_ model: CoreV1.TopologySpreadConstraint, podLabels: [String: String]) {
        var selector = model.labelSelector.map { (try? LabelSelector(json: $0.json)) ?? .nothing } ?? .nothing
        if model.labelSelector != nil {
            let extra = (model.matchLabelKeys ?? []).compactMap { key -> LabelRequirement? in
                guard let value = podLabels[key] else { return nil }
                return try? LabelRequirement(key: key, operator: .in, values: [value])
            }
            if !extra.isEmpty { selector = selector.adding(extra) }
        }
        self.init(
            maxSkew: Int64(model.maxSkew ?? 1), topologyKey: model.topologyKey ?? "",
            whenUnsatisfiable: Action(rawValue: model.whenUnsatisfiable ?? "") ?? .doNotSchedule,
            selector: selector, minDomains: Int64(model.minDomains ?? 1),
            nodeAffinityPolicy: Policy(rawValue: model.nodeAffinityPolicy ?? "") ?? .honor,
            nodeTaintsPolicy: Policy(rawValue: model.nodeTaintsPolicy ?? "") ?? .ignore)
    }
}

/// A host port a pod's container asks for.
public struct HostPort: Sendable, Hashable {
    public var ip: String
    public var `protocol`: String
    public var port: Int32

    public init(ip: String = "0.0.0.0", protocol proto: String = "TCP", port: Int32) {
        self.ip = ip.isEmpty ? "0.0.0.0" : ip
        self.protocol = proto.isEmpty ? "TCP" : proto
        self.port = port
    }

    /// Two host ports clash when protocol and port agree and either binds
    /// every address or both bind the same one.
    public func conflicts(with other: HostPort) -> Bool {
        guard port == other.port, self.protocol == other.protocol else { return false }
        return ip == other.ip || ip == "0.0.0.0" || other.ip == "0.0.0.0"
    }
}
