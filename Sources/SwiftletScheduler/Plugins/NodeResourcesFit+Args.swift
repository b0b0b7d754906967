import SwiftletAPI

/// One resource a scoring strategy looks at, with its weight in the
/// weighted average (upstream's `ResourceSpec`).
public struct ResourceWeight: Sendable, Equatable {
    public var name: String
    public var weight: Int64

    public init(name: String, weight: Int64 = 1) {
        self.name = name
        self.weight = weight
    }

    /// cpu and memory, weight 1 each: what both resource plugins score by
    /// default.
    public static let defaults = [ResourceWeight(name: ResourceName.cpu), ResourceWeight(name: ResourceName.memory)]
}

/// A point of the RequestedToCapacityRatio curve: at `utilization` percent
/// of a resource requested, a node scores `score` (0...10, scaled to
/// 0...100 when scoring).
public struct UtilizationShapePoint: Sendable, Equatable {
    public var utilization: Int64
    public var score: Int64

    public init(utilization: Int64, score: Int64) {
        self.utilization = utilization
        self.score = score
    }
}

/// How NodeResourcesFit ranks the nodes a pod fits on.
public struct ScoringStrategy: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Prefer nodes with the most room left: spreads load.
        case leastAllocated = "LeastAllocated"
        /// Prefer nodes already most used: packs pods tightly.
        case mostAllocated = "MostAllocated"
        /// Score follows a user-drawn curve of utilization.
        case requestedToCapacityRatio = "RequestedToCapacityRatio"
    }

    public var type: Kind
    public var resources: [ResourceWeight]
    /// Only for `requestedToCapacityRatio`: the curve, utilization ascending.
    public var shape: [UtilizationShapePoint]?

    public init(
        type: Kind = .leastAllocated, resources: [ResourceWeight] = ResourceWeight.defaults,
        shape: [UtilizationShapePoint]? = nil
    ) {
        self.type = type
        self.resources = resources
        self.shape = shape
    }
}

/// What a KubeSchedulerConfiguration can set for NodeResourcesFit
/// (`pluginConfig[].args` of kind `NodeResourcesFitArgs`).
public struct NodeResourcesFitArgs: Sendable, Equatable {
    /// Extended resources the filter does not check (`example.com/foo`).
    public var ignoredResources: [String]
    /// Extended resource prefixes the filter does not check (`example.com`
    /// ignores every `example.com/...`).
    public var ignoredResourceGroups: [String]
    public var scoringStrategy: ScoringStrategy

    public init(
        ignoredResources: [String] = [], ignoredResourceGroups: [String] = [],
        scoringStrategy: ScoringStrategy = ScoringStrategy()
    ) {
        self.ignoredResources = ignoredResources
        self.ignoredResourceGroups = ignoredResourceGroups
        self.scoringStrategy = scoringStrategy
    }

    /// Reads the args as written in a configuration file (camelCase keys as
    /// upstream), fills in upstream's defaults and validates them.
    public init(json: JSONValue) throws {
        let object = try ArgsReader.object(json, at: FieldPath("args"))
        self.init()
        ignoredResources = try ArgsReader.strings(object["ignoredResources"], at: FieldPath("ignoredResources"))
        ignoredResourceGroups = try ArgsReader.strings(
            object["ignoredResourceGroups"], at: FieldPath("ignoredResourceGroups"))

        var errors: [FieldError] = []
        if let strategyJSON = object["scoringStrategy"], !strategyJSON.isNull {
            let path = FieldPath("scoringStrategy")
            let strategy = try ArgsReader.object(strategyJSON, at: path)
            let typeName = try ArgsReader.string(strategy["type"], at: path.child("type")) ?? ""
            let type = ScoringStrategy.Kind(rawValue: typeName)
            if type == nil {
                errors.append(
                    .notSupported(
                        path.child("type"), .string(typeName), ScoringStrategy.Kind.allCases.map(\.rawValue).sorted()))
            }
            var resources = try ArgsReader.resourceWeights(strategy["resources"], at: path.child("resources"))
            // Upstream defaulting: no resources means cpu and memory.
            if resources.isEmpty { resources = ResourceWeight.defaults }
            var shape: [UtilizationShapePoint]?
            if let ratio = strategy["requestedToCapacityRatio"], !ratio.isNull {
                let ratioPath = path.child("requestedToCapacityRatio")
                let ratioObject = try ArgsReader.object(ratio, at: ratioPath)
                shape = try ArgsReader.shape(ratioObject["shape"], at: ratioPath.child("shape"))
            }
            scoringStrategy = ScoringStrategy(type: type ?? .leastAllocated, resources: resources, shape: shape)
        }
        errors += validationErrors()
        if !errors.isEmpty { throw NodeResourcesArgsError(errors) }
    }

    /// Upstream's checks (`ValidateNodeResourcesFitArgs`); empty when valid.
    public func validationErrors() -> [FieldError] {
        var errors: [FieldError] = []
        for (i, group) in ignoredResourceGroups.enumerated() where group.contains("/") {
            errors.append(
                .invalid(FieldPath("ignoredResourceGroups").index(i), group, "resource group name can't contain '/'"))
        }
        let path = FieldPath("scoringStrategy")
        errors += ArgsReader.weightErrors(scoringStrategy.resources, at: path.child("resources"))
        if let shape = scoringStrategy.shape {
            // Upstream reports shape problems under `scoringStrategy.shape`.
            errors += ArgsReader.shapeErrors(shape, at: path.child("shape"))
        } else if scoringStrategy.type == .requestedToCapacityRatio {
            errors.append(
                .required(
                    path.child("requestedToCapacityRatio"), "must be specified when type is RequestedToCapacityRatio"))
        }
        return errors
    }
}

/// What a KubeSchedulerConfiguration can set for
/// NodeResourcesBalancedAllocation.
public struct NodeResourcesBalancedAllocationArgs: Sendable, Equatable {
    /// The resources whose usage should stay balanced; every weight is 1.
    public var resources: [ResourceWeight]

    public init(resources: [ResourceWeight] = ResourceWeight.defaults) {
        self.resources = resources
    }

    /// Reads the args as written in a configuration file, fills in
    /// upstream's defaults and validates them.
    public init(json: JSONValue) throws {
        let object = try ArgsReader.object(json, at: FieldPath("args"))
        let resources = try ArgsReader.resourceWeights(object["resources"], at: FieldPath("resources"))
        self.init(resources: resources.isEmpty ? ResourceWeight.defaults : resources)
        let errors = validationErrors()
        if !errors.isEmpty { throw NodeResourcesArgsError(errors) }
    }

    /// Upstream's checks: no resource twice, every weight exactly 1.
    public func validationErrors() -> [FieldError] {
        var errors: [FieldError] = []
        var seen = Set<String>()
        for (i, resource) in resources.enumerated() {
            let path = FieldPath("resources").index(i)
            if !seen.insert(resource.name).inserted {
                errors.append(.duplicate(path.child("name"), .string(resource.name)))
            }
            if resource.weight != 1 {
                errors.append(.invalid(path.child("weight"), .int(resource.weight), "must be 1"))
            }
        }
        return errors
    }
}

/// Plugin args that do not decode or validate; the message reads as
/// upstream's aggregated field errors.
public struct NodeResourcesArgsError: Error, Sendable, Equatable, CustomStringConvertible {
    public var errors: [FieldError]

    public init(_ errors: [FieldError]) {
        self.errors = errors
    }

    public var message: String { InvalidStatus.aggregate(errors) }
    public var description: String { message }
}

/// Decoding helpers for plugin args JSON: a wrong JSON type is an error at
/// once (as a decoding failure is upstream); missing members are nil/empty.
private enum ArgsReader {
    static func typeError(_ value: JSONValue, at path: FieldPath, _ expected: String) -> NodeResourcesArgsError {
        NodeResourcesArgsError([.typeInvalid(path, FieldError.BadValue(value), "must be \(expected)")])
    }

    static func object(_ value: JSONValue, at path: FieldPath) throws -> JSONObject {
        guard let object = value.objectValue else { throw typeError(value, at: path, "an object") }
        return object
    }

    static func string(_ value: JSONValue?, at path: FieldPath) throws -> String? {
        guard let value, !value.isNull else { return nil }
        guard let string = value.stringValue else { throw typeError(value, at: path, "a string") }
        return string
    }

    static func integer(_ value: JSONValue?, at path: FieldPath) throws -> Int64? {
        guard let value, !value.isNull else { return nil }
        guard let integer = value.intValue else { throw typeError(value, at: path, "an integer") }
        return integer
    }

    static func array(_ value: JSONValue?, at path: FieldPath) throws -> [JSONValue] {
        guard let value, !value.isNull else { return [] }
        guard let array = value.arrayValue else { throw typeError(value, at: path, "an array") }
        return array
    }

    static func strings(_ value: JSONValue?, at path: FieldPath) throws -> [String] {
        try array(value, at: path).enumerated().map { i, item in
            try string(item, at: path.index(i)) ?? ""
        }
    }

    /// `[{name, weight}]`; a missing or zero weight becomes 1 (upstream
    /// defaulting).
    static func resourceWeights(_ value: JSONValue?, at path: FieldPath) throws -> [ResourceWeight] {
        try array(value, at: path).enumerated().map { i, item in
            let itemPath = path.index(i)
            let member = try object(item, at: itemPath)
            let name = try string(member["name"], at: itemPath.child("name")) ?? ""
            let weight = try integer(member["weight"], at: itemPath.child("weight")) ?? 0
            return ResourceWeight(name: name, weight: weight == 0 ? 1 : weight)
        }
    }

    static func shape(_ value: JSONValue?, at path: FieldPath) throws -> [UtilizationShapePoint] {
        try array(value, at: path).enumerated().map { i, item in
            let itemPath = path.index(i)
            let point = try object(item, at: itemPath)
            return UtilizationShapePoint(
                utilization: try integer(point["utilization"], at: itemPath.child("utilization")) ?? 0,
                score: try integer(point["score"], at: itemPath.child("score")) ?? 0)
        }
    }

    static func weightErrors(_ resources: [ResourceWeight], at path: FieldPath) -> [FieldError] {
        resources.enumerated().compactMap { i, resource in
            guard resource.weight <= 0 || resource.weight > 100 else { return nil }
            return .invalid(
                path.index(i).child("weight"), .int(resource.weight),
                "resource weight of \(resource.name) not in valid range (0, 100]")
        }
    }

    /// At least one point, utilizations strictly ascending within 0...100,
    /// scores within 0...10.
    static func shapeErrors(_ shape: [UtilizationShapePoint], at path: FieldPath) -> [FieldError] {
        guard !shape.isEmpty else { return [.required(path, "at least one point must be specified")] }
        var errors: [FieldError] = []
        for i in shape.indices.dropFirst() where shape[i - 1].utilization >= shape[i].utilization {
            errors.append(
                .invalid(
                    path.index(i).child("utilization"), .int(shape[i].utilization),
                    "values must be sorted in increasing order"))
            break
        }
        for (i, point) in shape.enumerated() {
            if point.utilization < 0 || point.utilization > 100 {
                errors.append(
                    .invalid(path.index(i).child("utilization"), .int(point.utilization), "not in valid range [0, 100]")
                )
            }
            if point.score < 0 || point.score > maxCustomPriorityScore {
                errors.append(
                    .invalid(
                        path.index(i).child("score"), .int(point.score),
                        "not in valid range [0, \(maxCustomPriorityScore)]"))
            }
        }
        return errors
    }

    /// The top of a RequestedToCapacityRatio curve as written in config.
    static let maxCustomPriorityScore: Int64 = 10
}
