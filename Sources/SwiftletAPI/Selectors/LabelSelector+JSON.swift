extension LabelSelector {
    /// Builds a selector from the JSON form of `metav1.LabelSelector`:
    /// `{"matchLabels": {...}, "matchExpressions": [{"key", "operator", "values"}]}`.
    ///
    /// A missing or null selector selects nothing; an empty one selects
    /// everything. Operators are `In`, `NotIn`, `Exists`, `DoesNotExist`.
    public init(json: JSONValue?) throws(SelectorError) {
        guard let json, !json.isNull else {
            self = .nothing
            return
        }
        guard let object = json.objectValue else {
            throw SelectorError("label selector must be an object, not \(json.typeName)")
        }
        var built: [LabelRequirement] = []

        if let matchLabels = object["matchLabels"], !matchLabels.isNull {
            guard let members = matchLabels.objectValue else {
                throw SelectorError("matchLabels must be an object, not \(matchLabels.typeName)")
            }
            // Upstream walks a map in no fixed order; sorting makes the
            // first reported error the same every time.
            for (key, value) in members.sorted(by: { byteOrderLess($0.key, $1.key) }) {
                guard let text = value.stringValue else {
                    throw SelectorError("matchLabels[\(key)] must be a string, not \(value.typeName)")
                }
                built.append(try LabelRequirement(key: key, operator: .equals, values: [text]))
            }
        }

        if let expressions = object["matchExpressions"], !expressions.isNull {
            guard let items = expressions.arrayValue else {
                throw SelectorError("matchExpressions must be an array, not \(expressions.typeName)")
            }
            for item in items {
                built.append(try LabelSelector.requirement(fromExpression: item))
            }
        }

        self.init(requirements: built)
    }

    private static func requirement(fromExpression item: JSONValue) throws(SelectorError) -> LabelRequirement {
        guard let expression = item.objectValue else {
            throw SelectorError("matchExpressions entries must be objects, not \(item.typeName)")
        }
        let key = expression["key"]?.stringValue ?? ""
        let operatorName = expression["operator"]?.stringValue ?? ""
        var values: [String] = []
        if let list = expression["values"], !list.isNull {
            guard let entries = list.arrayValue else {
                throw SelectorError("values must be an array, not \(list.typeName)")
            }
            for entry in entries {
                guard let text = entry.stringValue else {
                    throw SelectorError("values must be strings, not \(entry.typeName)")
                }
                values.append(text)
            }
        }
        let op: LabelSelectorOperator
        switch operatorName {
        case "In": op = .in
        case "NotIn": op = .notIn
        case "Exists": op = .exists
        case "DoesNotExist": op = .doesNotExist
        default:
            throw SelectorError("\(GoFormat.quote(operatorName)) is not a valid label selector operator")
        }
        return try LabelRequirement(key: key, operator: op, values: values)
    }
}
