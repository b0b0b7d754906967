import SwiftletAPI

/// How each plugin is built from its `pluginConfig` args (nil: defaults).
let pluginFactories: [String: PluginRegistry.Factory] = [
    "NodeResourcesFit": { args in
        try args.map { try NodeResourcesFit(args: NodeResourcesFitArgs(json: $0)) } ?? NodeResourcesFit()
    },
    "NodeResourcesBalancedAllocation": { args in
        try args.map { try NodeResourcesBalancedAllocation(args: NodeResourcesBalancedAllocationArgs(json: $0)) }
            ?? NodeResourcesBalancedAllocation()
    },
    "DefaultPreemption": { args in DefaultPreemption(args: try DefaultPreemptionArgs(json: args)) },
    "NodeName": { _ in NodeName() },
    "NodeUnschedulable": { _ in NodeUnschedulable() },
    "TaintToleration": { _ in TaintToleration() },
    "NodeAffinity": { args in try args.map { try NodeAffinity(args: NodeAffinityArgs(json: $0)) } ?? NodeAffinity() },
    "NodePorts": { _ in NodePorts() },
    "ImageLocality": { _ in ImageLocality() },
    "VolumeRestrictions": { _ in VolumeRestrictions() },
    "PodTopologySpread": { args in
        PodTopologySpread(args: try args.map { try PodTopologySpreadArgs(json: $0) } ?? PodTopologySpreadArgs())
    },
    "InterPodAffinity": { args in InterPodAffinity(args: try args.map { try InterPodAffinityArgs(json: $0) } ?? .init())
    },
]
