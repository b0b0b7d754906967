import SwiftletAPI

/// How each plugin is built from its `pluginConfig` args.
let pluginFactories: [String: PluginRegistry.Factory] = [:]
