import SwiftletAPI

/// The configuration of `PodTopologySpread`, as in a scheduler profile's
/// `pluginConfig` (`kind: PodTopologySpreadArgs`).
///
/// `defaultingType: System` (the default) spreads pods without constraints
/// softly over hosts (maxSkew 3) and zones (maxSkew 5); `List` uses
/// `defaultConstraints` instead, which may then also be hard.
public struct PodTopologySpreadArgs: Sendable, Equatable {
    public enum DefaultingType: String, Sendable, Equatable {
        case system = "System"
        case list = "List"
    }

    /// Constraints for pods that have none; each pod's selector replaces
    /// theirs, so the selector given here is ignored.
    public var defaultConstraints: [SpreadConstraint]
    public var defaultingType: DefaultingType

    public init(defaultConstraints: [SpreadConstraint] = [], defaultingType: DefaultingType = .system) {
        self.defaultConstraints = defaultConstraints
        self.defaultingType = defaultingType
    }

    /// Why args were refused: upstream's field errors, shown as its
    /// aggregate error (`[first, second]` when there are several).
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public var errors: [FieldError]

        public var description: String {
            errors.count == 1 ? errors[0].message : "[" + errors.map(\.message).joined(separator: ", ") + "]"
        }
    }

    /// Reads and validates the args as written in the configuration file:
    /// `{"defaultConstraints": [{"maxSkew": 1, "topologyKey": "zone",
    /// "whenUnsatisfiable": "DoNotSchedule"}], "defaultingType": "List"}`.
    /// A missing `defaultingType` is `System`, as the v1 API defaults it.
    public init(json: JSONValue) throws(Invalid) {
        var errors: [FieldError] = []
        guard let object = json.objectValue else {
            if json.isNull {
                self.init()
                return
            }
            throw Invalid(errors: [.invalid(FieldPath(""), .init(json), "args must be an object")])
        }

        let typePath = FieldPath("defaultingType")
        // Nil once reported as unsupported.
        var defaultingType: DefaultingType? = .system
        if let value = object["defaultingType"], !value.isNull, value.stringValue != "" {
            defaultingType = value.stringValue.flatMap(DefaultingType.init)
            if defaultingType == nil { errors.append(.notSupported(typePath, .init(value), ["System", "List"])) }
        }

        var constraints: [SpreadConstraint] = []
        var written: [(key: String, action: String)] = []
        let listPath = FieldPath("defaultConstraints")
        if let list = object["defaultConstraints"], !list.isNull {
            guard let items = list.arrayValue else {
                throw Invalid(errors: [.invalid(listPath, .init(list), "must be a list")])
            }
            for (i, item) in items.enumerated() {
                let path = listPath.index(i)
                guard let fields = item.objectValue else {
                    errors.append(.invalid(path, .init(item), "must be an object"))
                    continue
                }
                let (constraint, problems) = Self.defaultConstraint(fields, path: path)
                errors += problems
                // Two defaults may not share both topology key and action.
                let pair = (key: constraint.topologyKey, action: fields["whenUnsatisfiable"]?.stringValue ?? "")
                if written.contains(where: { $0 == pair }) {
                    errors.append(.duplicate(path, .string("{\(pair.key), \(pair.action)}")))
                }
                written.append(pair)
                constraints.append(constraint)
            }
        }
        if defaultingType == .system && !constraints.isEmpty {
            errors.insert(.invalid(typePath, "System", "when .defaultConstraints are not empty"), at: 0)
        }
        if !errors.isEmpty { throw Invalid(errors: errors) }
        self.init(defaultConstraints: constraints, defaultingType: defaultingType ?? .system)
    }

    /// One default constraint and what is wrong with it, checked as
    /// upstream: maxSkew, topologyKey, whenUnsatisfiable, no labelSelector.
    private static func defaultConstraint(_ fields: JSONObject, path: FieldPath) -> (SpreadConstraint, [FieldError]) {
        var errors: [FieldError] = []

        let maxSkewValue = fields["maxSkew"] ?? .int(0)
        let maxSkew = maxSkewValue.isNull ? 0 : maxSkewValue.intValue
        if maxSkew == nil || maxSkew! <= 0 {
            errors.append(.invalid(path.child("maxSkew"), .init(maxSkewValue), "not in valid range (0, inf)"))
        }

        let keyPath = path.child("topologyKey")
        let topologyKey = fields["topologyKey"]?.stringValue ?? ""
        if topologyKey.isEmpty {
            errors.append(.required(keyPath, "can not be empty"))
        } else {
            errors += NameValidation.qualifiedName(topologyKey).map { .invalid(keyPath, topologyKey, $0) }
        }

        let actionPath = path.child("whenUnsatisfiable")
        let actionText = fields["whenUnsatisfiable"]?.stringValue ?? ""
        let action = SpreadConstraint.Action(rawValue: actionText)
        if actionText.isEmpty {
            errors.append(.required(actionPath, "can not be empty"))
        } else if action == nil {
            errors.append(.notSupported(actionPath, .string(actionText), ["DoNotSchedule", "ScheduleAnyway"]))
        }

        if let selector = fields["labelSelector"], !selector.isNull {
            errors.append(
                .forbidden(
                    path.child("labelSelector"), "constraint must not define a selector, as they deduced for each pod"))
        }

        let minDomains = fields["minDomains"]?.intValue ?? 1
        let affinityPolicy = fields["nodeAffinityPolicy"]?.stringValue.flatMap(SpreadConstraint.Policy.init) ?? .honor
        let taintsPolicy = fields["nodeTaintsPolicy"]?.stringValue.flatMap(SpreadConstraint.Policy.init) ?? .ignore
        let constraint = SpreadConstraint(
            maxSkew: maxSkew ?? 0, topologyKey: topologyKey, whenUnsatisfiable: action ?? .doNotSchedule,
            selector: .nothing, minDomains: minDomains, nodeAffinityPolicy: affinityPolicy,
            nodeTaintsPolicy: taintsPolicy)
        return (constraint, errors)
    }
}
