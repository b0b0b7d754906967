import SwiftletAPI

/// How hard `DefaultPreemption` looks (upstream's `DefaultPreemptionArgs`):
/// the dry run stops once it has found this many nodes that work, a
/// percentage of the nodes worth trying but never fewer than an absolute
/// number (when the cluster has that many).
public struct DefaultPreemptionArgs: Sendable, Equatable {
    /// Why the arguments were refused, worded as upstream's validation.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public let minCandidateNodesPercentage: Int32
    public let minCandidateNodesAbsolute: Int32

    /// Upstream's defaults: 10% of the nodes, at least 100.
    public static let defaults = DefaultPreemptionArgs(unchecked: 10, 100)

    public init(minCandidateNodesPercentage: Int32 = 10, minCandidateNodesAbsolute: Int32 = 100) throws(Invalid) {
        self.init(unchecked: minCandidateNodesPercentage, minCandidateNodesAbsolute)
        try validate()
    }

    /// Reads the `args` of the plugin's `pluginConfig` entry; a field left
    /// out takes its default.
    public init(json: JSONValue?) throws(Invalid) {
        guard let json, !json.isNull else {
            self = .defaults
            return
        }
        guard let object = json.objectValue else {
            throw Invalid(message: "DefaultPreemptionArgs must be an object, not \(json.typeName)")
        }
        for key in object.keys where !Self.knownFields.contains(key) {
            throw Invalid(message: "unknown field \"\(key)\"")
        }
        func field(_ name: String, default value: Int32) throws(Invalid) -> Int32 {
            guard let member = object[name], !member.isNull else { return value }
            guard let number = member.intValue else {
                throw Invalid(message: "\(name): must be an integer, not \(member.typeName)")
            }
            guard let exact = Int32(exactly: number) else {
                throw Invalid(message: "\(name): \(number) does not fit in 32 bits")
            }
            return exact
        }
        try self.init(
            minCandidateNodesPercentage: field("minCandidateNodesPercentage", default: 10),
            minCandidateNodesAbsolute: field("minCandidateNodesAbsolute", default: 100))
    }

    private init(unchecked percentage: Int32, _ absolute: Int32) {
        minCandidateNodesPercentage = percentage
        minCandidateNodesAbsolute = absolute
    }

    private static let knownFields: Set<String> = [
        "apiVersion", "kind", "minCandidateNodesPercentage", "minCandidateNodesAbsolute",
    ]

    /// Upstream's `ValidateDefaultPreemptionArgs`, errors in its order
    /// and, when there are several, in its `[a, b]` form.
    private func validate() throws(Invalid) {
        let percentage = "minCandidateNodesPercentage"
        let absolute = "minCandidateNodesAbsolute"
        var errors: [String] = []
        if !(0...100).contains(minCandidateNodesPercentage) {
            errors.append("\(percentage): Invalid value: \(minCandidateNodesPercentage): not in valid range [0, 100]")
        }
        if minCandidateNodesAbsolute < 0 {
            errors.append("\(absolute): Invalid value: \(minCandidateNodesAbsolute): not in valid range [0, inf)")
        }
        if minCandidateNodesPercentage == 0 && minCandidateNodesAbsolute == 0 {
            errors.append("\(percentage): Invalid value: 0: cannot be zero at the same time as \(absolute)")
            errors.append("\(absolute): Invalid value: 0: cannot be zero at the same time as \(percentage)")
        }
        switch errors.count {
        case 0: return
        case 1: throw Invalid(message: errors[0])
        default: throw Invalid(message: "[\(errors.joined(separator: ", "))]")
        }
    }
}
