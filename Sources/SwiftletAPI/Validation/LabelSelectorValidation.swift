/// Upstream's `metav1.LabelSelector` rules: validation of the selector
/// itself, conversion to a matcher, and matching against labels.
public enum LabelSelectorValidation {
    /// Errors for `matchLabels` and `matchExpressions` (nil selector: none).
    public static func validate(_ selector: JSONValue?, path: FieldPath) -> [FieldError] {
        guard let selector, !selector.isNull else { return [] }
        var errs = ObjectMetaValidator.validateLabels(selector["matchLabels"], path: path.child("matchLabels"))
        for (i, expr) in (selector["matchExpressions"]?.arrayValue ?? []).enumerated() {
            errs += validateRequirement(expr, path: path.child("matchExpressions").index(i))
        }
        return errs
    }

    static func validateRequirement(_ expr: JSONValue, path: FieldPath) -> [FieldError] {
        var errs: [FieldError] = []
        let op = expr["operator"]?.stringValue ?? ""
        let values = (expr["values"]?.arrayValue ?? []).map { $0.stringValue ?? "" }
        switch op {
        case "In", "NotIn":
            if values.isEmpty {
                errs.append(.required(path.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"))
            }
        case "Exists", "DoesNotExist":
            if !values.isEmpty {
                errs.append(
                    .forbidden(
                        path.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
            }
        default:
            errs.append(.invalid(path.child("operator"), op, "not a valid selector operator"))
        }
        let key = expr["key"]?.stringValue ?? ""
        for msg in NameValidation.qualifiedName(key) {
            errs.append(.invalid(path.child("key"), key, msg))
        }
        for (j, value) in values.enumerated() {
            for msg in NameValidation.labelValue(value) {
                errs.append(.invalid(path.child("values").index(j), value, msg))
            }
        }
        return errs
    }

    /// A selector turned into a matcher, as upstream's
    /// `LabelSelectorAsSelector`: nil when the selector is malformed; a
    /// missing selector matches nothing, an empty one everything.
    public static func matcher(_ selector: JSONValue?) -> LabelMatcher? {
        guard let selector, !selector.isNull else { return LabelMatcher(requirements: [], matchesNothing: true) }
        var requirements: [LabelMatcher.Requirement] = []
        for (key, value) in selector["matchLabels"]?.objectValue ?? JSONObject() {
            let v = value.stringValue ?? ""
            guard NameValidation.qualifiedName(key).isEmpty, NameValidation.labelValue(v).isEmpty else { return nil }
            requirements.append(.init(key: key, op: .in, values: [v]))
        }
        for expr in selector["matchExpressions"]?.arrayValue ?? [] {
            let key = expr["key"]?.stringValue ?? ""
            let values = (expr["values"]?.arrayValue ?? []).map { $0.stringValue ?? "" }
            guard NameValidation.qualifiedName(key).isEmpty else { return nil }
            let op: LabelMatcher.Operator
            switch expr["operator"]?.stringValue ?? "" {
            case "In": op = .in
            case "NotIn": op = .notIn
            case "Exists": op = .exists
            case "DoesNotExist": op = .doesNotExist
            default: return nil
            }
            switch op {
            case .in, .notIn:
                guard !values.isEmpty, values.allSatisfy({ NameValidation.labelValue($0).isEmpty }) else { return nil }
            case .exists, .doesNotExist:
                guard values.isEmpty else { return nil }
            }
            requirements.append(.init(key: key, op: op, values: values))
        }
        return LabelMatcher(requirements: requirements, matchesNothing: false)
    }
}

/// A parsed label selector.
public struct LabelMatcher: Sendable, Equatable {
    public enum Operator: Sendable, Equatable { case `in`, notIn, exists, doesNotExist }
    public struct Requirement: Sendable, Equatable {
        public var key: String
        public var op: Operator
        public var values: [String]
    }

    public var requirements: [Requirement]
    /// Upstream's `labels.Nothing()`: what a missing selector becomes.
    public var matchesNothing: Bool

    /// Selects everything (an empty selector).
    public var isEmpty: Bool { !matchesNothing && requirements.isEmpty }

    public func matches(_ labels: JSONValue?) -> Bool {
        if matchesNothing { return false }
        let set = labels?.objectValue ?? JSONObject()
        return requirements.allSatisfy { r in
            let value = set[r.key]?.stringValue
            switch r.op {
            case .in: return value.map(r.values.contains) ?? false
            case .notIn: return value.map { !r.values.contains($0) } ?? true
            case .exists: return value != nil
            case .doesNotExist: return value == nil
            }
        }
    }
}
