/// What a plugin says about a pod (and a node): fine, or why not.
public struct PluginStatus: Sendable, Equatable {
    public enum Code: Sendable, Equatable {
        case success
        /// Does not fit now; preemption may help.
        case unschedulable
        /// Does not fit, and evicting pods would not change that.
        case unschedulableAndUnresolvable
        /// The plugin has nothing to do for this pod (PreFilter, PreScore).
        case skip
        /// Something went wrong that is not the pod's fault.
        case error
    }

    public var code: Code
    /// Upstream's reason strings, counted per node in the failure message.
    public var reasons: [String]
    /// The plugin that spoke; set by the framework.
    public var plugin: String?

    public init(_ code: Code, reasons: [String] = [], plugin: String? = nil) {
        self.code = code
        self.reasons = reasons
        self.plugin = plugin
    }

    public static let success = PluginStatus(.success)
    public static let skip = PluginStatus(.skip)

    public static func unschedulable(_ reasons: String...) -> PluginStatus {
        PluginStatus(.unschedulable, reasons: reasons)
    }

    public static func unresolvable(_ reasons: String...) -> PluginStatus {
        PluginStatus(.unschedulableAndUnresolvable, reasons: reasons)
    }

    public static func error(_ message: String) -> PluginStatus {
        PluginStatus(.error, reasons: [message])
    }

    public var isSuccess: Bool { code == .success }
    /// Unschedulable either way.
    public var isRejection: Bool { code == .unschedulable || code == .unschedulableAndUnresolvable }
}

/// Per-pod scratch space of one scheduling cycle: PreFilter and PreScore
/// compute once what Filter and Score then read for every node. Keyed by
/// the type of the value stored.
public struct CycleState: Sendable {
    /// A handful of entries per cycle: a linear scan beats hashing.
    private var values: [(key: ObjectIdentifier, value: any Sendable)] = []
    /// Plugins whose PreFilter said `skip`: their Filter does not run.
    public internal(set) var skippedFilterPlugins: Set<String> = []
    /// Plugins whose PreScore said `skip`: their Score does not run.
    public internal(set) var skippedScorePlugins: Set<String> = []

    public init() {}

    public subscript<Value: Sendable>(_ type: Value.Type) -> Value? {
        get {
            let key = ObjectIdentifier(type)
            for entry in values where entry.key == key { return entry.value as? Value }
            return nil
        }
        set {
            let key = ObjectIdentifier(type)
            let index = values.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let index?, let value?): values[index].value = value
            case (let index?, nil): values.remove(at: index)
            case (nil, let value?): values.append((key, value))
            case (nil, nil): break
            }
        }
    }
}
