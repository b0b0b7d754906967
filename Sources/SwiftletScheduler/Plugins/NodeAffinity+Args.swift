import SwiftletAPI
import SwiftletModels

/// NodeAffinity's args (`NodeAffinityArgs` in the `pluginConfig` of a
/// KubeSchedulerConfiguration): node affinity the scheduler adds to every
/// pod of the profile, for example to keep the profile's pods on one pool.
public struct NodeAffinityArgs: Sendable, Equatable {
    /// Only `requiredDuringSchedulingIgnoredDuringExecution` and
    /// `preferredDuringSchedulingIgnoredDuringExecution` are read.
    public var addedAffinity: CoreV1.NodeAffinity?

    public init(addedAffinity: CoreV1.NodeAffinity? = nil) {
        self.addedAffinity = addedAffinity
    }

    /// Reads the args object as written in configuration, e.g.
    /// `{"addedAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
    /// {"nodeSelectorTerms": [...]}}}` (`apiVersion` and `kind` may be there
    /// too), and validates the terms as upstream does.
    public init(json: JSONValue) throws(Invalid) {
        guard case .object(let object) = json else { throw Invalid(["args: must be an object"]) }
        if let added = object["addedAffinity"], !added.isNull {
            guard case .object = added else { throw Invalid(["addedAffinity: must be an object"]) }
            addedAffinity = CoreV1.NodeAffinity(json: added)
        }
        _ = try compiled()
    }

    /// Terms that upstream's parser rejects, with their paths.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public var problems: [String]

        public init(_ problems: [String]) { self.problems = problems }

        public var description: String { problems.joined(separator: "; ") }
    }

    /// The added affinity ready for matching. A required selector without
    /// terms matches no node, as upstream's.
    func compiled() throws(Invalid) -> (required: NodeAffinitySelector?, preferred: [NodeAffinityWeightedTerm]) {
        var problems: [String] = []
        var required: NodeAffinitySelector?
        if let selector = addedAffinity?.requiredDuringSchedulingIgnoredDuringExecution {
            let path = "addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms"
            var terms: [NodeAffinityTerm] = []
            for (i, model) in (selector.nodeSelectorTerms ?? []).enumerated() {
                do {
                    terms.append(try NodeAffinityTerm(NodeSelectorTerm(model)))
                } catch .invalid(let list) {
                    problems += list.map { "\(path)[\(i)].\($0)" }
                } catch {}  // An empty term selects nothing and is left out.
            }
            required = NodeAffinitySelector(terms: terms)
        }
        var preferred: [NodeAffinityWeightedTerm] = []
        let path = "addedAffinity.preferredDuringSchedulingIgnoredDuringExecution"
        for (i, model) in (addedAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).enumerated() {
            let weight = Int64(model.weight ?? 0)
            guard weight != 0 else { continue }
            do {
                let term = try NodeAffinityTerm(model.preference.map(NodeSelectorTerm.init) ?? NodeSelectorTerm())
                preferred.append(NodeAffinityWeightedTerm(weight: weight, term: term))
            } catch .invalid(let list) {
                problems += list.map { "\(path)[\(i)].\($0)" }
            } catch {}
        }
        if !problems.isEmpty { throw Invalid(problems) }
        return (required, preferred)
    }
}
