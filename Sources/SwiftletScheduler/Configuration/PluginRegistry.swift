import SwiftletAPI

/// Every plugin the scheduler knows by its upstream name, how to build it
/// from `pluginConfig` args, and upstream's default profile.
enum PluginRegistry {
    typealias Factory = @Sendable (JSONValue?) throws -> any SchedulerPlugin

    static let factories: [String: Factory] = pluginFactories

    /// Upstream's default plugins in upstream's order (filters run in it).
    static let defaultPlugins = [
        "NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity", "NodePorts", "NodeResourcesFit",
        "VolumeRestrictions", "PodTopologySpread", "InterPodAffinity", "DefaultPreemption",
        "NodeResourcesBalancedAllocation", "ImageLocality",
    ]

    static let defaultWeights: [String: Int64] = [
        "TaintToleration": 3, "NodeAffinity": 2, "PodTopologySpread": 2, "InterPodAffinity": 2,
        "NodeResourcesFit": 1, "NodeResourcesBalancedAllocation": 1, "ImageLocality": 1,
    ]

    /// Upstream plugins a configuration may name that have nothing to do
    /// here: the queue is always priority-sorted, binding always goes
    /// through `pods/binding`, and volume binding waits for storage support.
    static let builtInBehaviours: Set<String> = [
        "PrioritySort", "DefaultBinder", "SchedulingGates", "VolumeBinding", "VolumeZone", "NodeVolumeLimits",
        "EBSLimits", "GCEPDLimits", "AzureDiskLimits", "CinderLimits", "DynamicResources",
    ]

    /// Upstream's default profile. Every plugin builds from default args.
    static func defaultProfile(schedulerName: String) -> SchedulerProfile {
        let plugins = defaultPlugins.compactMap { name in (try? factories[name]?(nil)) ?? nil }
        return SchedulerProfile(
            schedulerName: schedulerName, plugins: plugins, weights: defaultWeights,
            postFilter: plugins.lazy.compactMap { $0 as? any PostFilterPlugin }.first)
    }

    static func profile(_ spec: ProfileSpec) throws(SchedulerConfigurationError) -> SchedulerProfile {
        var instances: [String: any SchedulerPlugin] = [:]
        func instance(_ name: String) throws(SchedulerConfigurationError) -> (any SchedulerPlugin)? {
            if let existing = instances[name] { return existing }
            if builtInBehaviours.contains(name) { return nil }
            guard let factory = factories[name] else {
                throw SchedulerConfigurationError(
                    "\(spec.schedulerName): plugin \(GoSyntax.quote(name)) does not exist; known plugins: "
                        + (factories.keys.sorted() + builtInBehaviours.sorted()).joined(separator: ", "))
            }
            do {
                let plugin = try factory(spec.pluginArgs[name])
                instances[name] = plugin
                return plugin
            } catch {
                throw SchedulerConfigurationError("\(spec.schedulerName): pluginConfig for \(name): \(error)")
            }
        }

        /// The names enabled at one extension point, with configured weights.
        func enabled(at point: String, takesRole: (any SchedulerPlugin) -> Bool) throws(SchedulerConfigurationError)
            -> [(name: String, weight: Int64?)]
        {
            var result: [(name: String, weight: Int64?)] = []
            func apply(_ set: ProfileSpec.PluginSet?) throws(SchedulerConfigurationError) {
                guard let set else { return }
                if set.disabled.contains("*") {
                    result.removeAll()
                } else {
                    result.removeAll { set.disabled.contains($0.name) }
                }
                for entry in set.enabled {
                    guard let plugin = try instance(entry.name), takesRole(plugin) else { continue }
                    result.removeAll { $0.name == entry.name }
                    result.append(entry)
                }
            }
            for name in defaultPlugins {
                if let plugin = try instance(name), takesRole(plugin) { result.append((name, nil)) }
            }
            try apply(spec.plugins["multiPoint"])
            try apply(spec.plugins[point])
            return result
        }

        let preFilters = try enabled(at: "preFilter") { $0 is any PreFilterPlugin }
            .compactMap { instances[$0.name] as? any PreFilterPlugin }
        let filters = try enabled(at: "filter") { $0 is any FilterPlugin }
            .compactMap { instances[$0.name] as? any FilterPlugin }
        let preScores = try enabled(at: "preScore") { $0 is any PreScorePlugin }
            .compactMap { instances[$0.name] as? any PreScorePlugin }
        var scores: [SchedulerProfile.WeightedScore] = []
        let multiPointWeights = Dictionary(
            (spec.plugins["multiPoint"]?.enabled ?? []).compactMap { entry in entry.weight.map { (entry.name, $0) } }
        ) { first, _ in first }
        for entry in try enabled(at: "score", takesRole: { $0 is any ScorePlugin }) {
            guard let plugin = instances[entry.name] as? any ScorePlugin else { continue }
            let configured = entry.weight ?? multiPointWeights[entry.name] ?? 0
            let weight = configured > 0 ? configured : (defaultWeights[entry.name] ?? 1)
            guard weight <= 100 else {
                throw SchedulerConfigurationError(
                    "\(spec.schedulerName): score plugin \(entry.name) weight \(weight) is over the maximum 100")
            }
            scores.append(.init(plugin: plugin, weight: weight))
        }
        let postFilter = try enabled(at: "postFilter") { $0 is any PostFilterPlugin }
            .compactMap { instances[$0.name] as? any PostFilterPlugin }.first
        return SchedulerProfile(
            schedulerName: spec.schedulerName, preFilters: preFilters, filters: filters, preScores: preScores,
            scores: scores, postFilter: postFilter, percentageOfNodesToScore: spec.percentageOfNodesToScore)
    }
}
