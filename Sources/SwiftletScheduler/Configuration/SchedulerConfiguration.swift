import Foundation
import SwiftletAPI
import Yams

/// What a scheduler runs: its profiles, its lease and its client limits,
/// read from upstream's `KubeSchedulerConfiguration`
/// (`kubescheduler.config.k8s.io/v1`) or the defaults.
public struct SchedulerConfiguration: Sendable {
    public var profiles: [SchedulerProfile]
    public var leaderElect = true
    public var leaseName = "kube-scheduler"
    public var leaseNamespace = "kube-system"
    /// Client-side limits. Binding is the scheduler's main traffic, so they
    /// are far above upstream's 50/100 defaults unless the file says otherwise.
    public var qps: Double = 5000
    public var burst: Int = 10000

    /// One `default-scheduler` profile with upstream's default plugins.
    public init() {
        profiles = [PluginRegistry.defaultProfile(schedulerName: "default-scheduler")]
    }

    public init(profiles: [SchedulerProfile]) {
        self.profiles = profiles
    }

    /// Reads a configuration file's text (YAML or JSON).
    public init(text: String) throws(SchedulerConfigurationError) {
        let json: JSONValue
        do {
            json = try YAMLDecoder().decode(JSONValue.self, from: text)
        } catch {
            throw SchedulerConfigurationError("not a YAML or JSON document: \(error)")
        }
        try self.init(json: json)
    }

    public init(json: JSONValue) throws(SchedulerConfigurationError) {
        guard json.objectValue != nil else { throw SchedulerConfigurationError("the configuration must be an object") }
        let apiVersion = json["apiVersion"]?.stringValue ?? ""
        guard apiVersion == "kubescheduler.config.k8s.io/v1" else {
            throw SchedulerConfigurationError(
                "apiVersion must be kubescheduler.config.k8s.io/v1, not \(GoSyntax.quote(apiVersion))")
        }
        guard json["kind"]?.stringValue == "KubeSchedulerConfiguration" else {
            throw SchedulerConfigurationError("kind must be KubeSchedulerConfiguration")
        }
        let globalPercentage = json["percentageOfNodesToScore"]?.intValue.map(Int.init)
        var profiles: [SchedulerProfile] = []
        let profileList = json["profiles"]?.arrayValue ?? [["schedulerName": "default-scheduler"]]
        var names: Set<String> = []
        for (index, profileJSON) in profileList.enumerated() {
            var spec = try ProfileSpec(json: profileJSON, path: "profiles[\(index)]")
            if spec.percentageOfNodesToScore == nil { spec.percentageOfNodesToScore = globalPercentage }
            guard names.insert(spec.schedulerName).inserted else {
                throw SchedulerConfigurationError(
                    "profiles[\(index)].schedulerName: Duplicate value: \(GoSyntax.quote(spec.schedulerName))")
            }
            profiles.append(try PluginRegistry.profile(spec))
        }
        self.profiles = profiles
        if let election = json["leaderElection"] {
            leaderElect = election["leaderElect"]?.boolValue ?? true
            leaseName = election["resourceName"]?.stringValue ?? leaseName
            leaseNamespace = election["resourceNamespace"]?.stringValue ?? leaseNamespace
        }
        if let connection = json["clientConnection"] {
            switch connection["qps"] {
            case .double(let value): qps = value
            case .int(let value): qps = Double(value)
            default: break
            }
            if let burst = connection["burst"]?.intValue { self.burst = Int(burst) }
        }
    }
}

/// A configuration file that cannot be used, and why.
public struct SchedulerConfigurationError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// One profile as a configuration file describes it, before plugins are built.
struct ProfileSpec: Sendable {
    struct PluginSet: Sendable {
        var enabled: [(name: String, weight: Int64?)] = []
        var disabled: [String] = []
    }

    var schedulerName: String
    var percentageOfNodesToScore: Int?
    /// Extension point (`multiPoint`, `filter`, `score`...) to its changes.
    var plugins: [String: PluginSet] = [:]
    var pluginArgs: [String: JSONValue] = [:]

    init(schedulerName: String) {
        self.schedulerName = schedulerName
    }

    static let extensionPoints: Set<String> = [
        "multiPoint", "queueSort", "preEnqueue", "preFilter", "filter", "postFilter", "preScore", "score", "reserve",
        "permit", "preBind", "bind", "postBind",
    ]

    init(json: JSONValue, path: String) throws(SchedulerConfigurationError) {
        schedulerName = json["schedulerName"]?.stringValue ?? "default-scheduler"
        percentageOfNodesToScore = json["percentageOfNodesToScore"]?.intValue.map(Int.init)
        if let percentage = percentageOfNodesToScore, !(0...100).contains(percentage) {
            throw SchedulerConfigurationError(
                "\(path).percentageOfNodesToScore: Invalid value: \(percentage): not in valid range [0-100]")
        }
        for member in json["plugins"]?.objectValue ?? JSONObject() {
            guard Self.extensionPoints.contains(member.key) else {
                throw SchedulerConfigurationError("\(path).plugins: unknown extension point \(member.key)")
            }
            var set = PluginSet()
            for entry in member.value["enabled"]?.arrayValue ?? [] {
                guard let name = entry["name"]?.stringValue else {
                    throw SchedulerConfigurationError("\(path).plugins.\(member.key).enabled: every entry needs a name")
                }
                set.enabled.append((name, entry["weight"]?.intValue))
            }
            for entry in member.value["disabled"]?.arrayValue ?? [] {
                if let name = entry["name"]?.stringValue { set.disabled.append(name) }
            }
            plugins[member.key] = set
        }
        for (index, entry) in (json["pluginConfig"]?.arrayValue ?? []).enumerated() {
            guard let name = entry["name"]?.stringValue else {
                throw SchedulerConfigurationError("\(path).pluginConfig[\(index)].name: Required value")
            }
            pluginArgs[name] = entry["args"] ?? .object(JSONObject())
        }
    }
}
