/// How a label requirement relates its key to its values. Raw values are
/// upstream's operator names, which appear in some error messages.
public enum LabelSelectorOperator: String, Sendable, Hashable, CaseIterable {
    case equals = "="
    case doubleEquals = "=="
    case notEquals = "!="
    case `in` = "in"
    case notIn = "notin"
    case exists = "exists"
    case doesNotExist = "!"
    /// Only from the string form; values must be integers.
    case greaterThan = "gt"
    /// Only from the string form; values must be integers.
    case lessThan = "lt"
}

/// One condition of a label selector, such as `tier in (web,api)`.
public struct LabelRequirement: Sendable, Hashable, CustomStringConvertible {
    public let key: String
    public let `operator`: LabelSelectorOperator
    /// The values as given. A parsed selector holds them sorted and unique;
    /// one built from JSON keeps the JSON order, as upstream does.
    public let values: [String]

    /// Validates as upstream does for every requirement, wherever it came
    /// from: a qualified-name key, label-syntax values, and a value count
    /// that fits the operator.
    public init(key: String, operator op: LabelSelectorOperator, values: [String] = []) throws(SelectorError) {
        var problems: [InvalidValue] = []
        let keyErrors = LabelValidation.qualifiedNameErrors(key)
        if !keyErrors.isEmpty {
            problems.append(
                InvalidValue(path: "key", renderedValue: GoFormat.quote(key), detail: keyErrors.joined(separator: "; "))
            )
        }
        func countProblem(_ detail: String) {
            problems.append(InvalidValue(path: "values", renderedValue: GoFormat.stringSlice(values), detail: detail))
        }
        switch op {
        case .in, .notIn:
            if values.isEmpty { countProblem("for 'in', 'notin' operators, values set can't be empty") }
        case .equals, .doubleEquals, .notEquals:
            if values.count != 1 { countProblem("exact-match compatibility requires one single value") }
        case .exists, .doesNotExist:
            if !values.isEmpty { countProblem("values set must be empty for exists and does not exist") }
        case .greaterThan, .lessThan:
            if values.count != 1 { countProblem("for 'Gt', 'Lt' operators, exactly one value is required") }
            for (i, value) in values.enumerated() where Int64(value) == nil {
                problems.append(
                    InvalidValue(
                        path: "values[\(i)]", renderedValue: GoFormat.quote(value),
                        detail: "for 'Gt', 'Lt' operators, the value must be an integer"))
            }
        }
        for (i, value) in values.enumerated() {
            let valueErrors = LabelValidation.labelValueErrors(value)
            if !valueErrors.isEmpty {
                problems.append(
                    InvalidValue(
                        path: "values[\(i)][\(key)]", renderedValue: GoFormat.quote(value),
                        detail: valueErrors.joined(separator: "; ")))
            }
        }
        if !problems.isEmpty {
            throw SelectorError(InvalidValue.aggregate(problems))
        }
        self.key = key
        self.operator = op
        self.values = values
    }

    /// Whether a label set satisfies this requirement. The negative
    /// operators (`!=`, `notin`) hold for objects that lack the key.
    public func matches(_ labels: [String: String]) -> Bool {
        let label = labels[key]
        switch self.operator {
        case .in, .equals, .doubleEquals:
            guard let label else { return false }
            return values.contains(label)
        case .notIn, .notEquals:
            guard let label else { return true }
            return !values.contains(label)
        case .exists:
            return label != nil
        case .doesNotExist:
            return label == nil
        case .greaterThan, .lessThan:
            // A label that is not an integer never compares.
            guard let label, let actual = Int64(label), values.count == 1, let bound = Int64(values[0]) else {
                return false
            }
            return self.operator == .greaterThan ? actual > bound : actual < bound
        }
    }

    /// The requirement in selector syntax; values print sorted so equal
    /// requirements print alike.
    public var description: String {
        let sortedValues = values.sorted(by: byteOrderLess).joined(separator: ",")
        switch self.operator {
        case .exists: return key
        case .doesNotExist: return "!" + key
        case .equals: return key + "=" + sortedValues
        case .doubleEquals: return key + "==" + sortedValues
        case .notEquals: return key + "!=" + sortedValues
        case .greaterThan: return key + ">" + sortedValues
        case .lessThan: return key + "<" + sortedValues
        case .in: return key + " in (" + sortedValues + ")"
        case .notIn: return key + " notin (" + sortedValues + ")"
        }
    }
}
