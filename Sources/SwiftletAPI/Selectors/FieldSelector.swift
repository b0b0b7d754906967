/// One condition of a field selector: a field equals, or differs from, a
/// value. A field the object does not have reads as the empty string.
public struct FieldRequirement: Sendable, Hashable, CustomStringConvertible {
    /// `==` parses to `.equals`; upstream does not keep them apart.
    public enum Operator: String, Sendable, Hashable {
        case equals = "="
        case notEquals = "!="
    }

    public var field: String
    public var `operator`: Operator
    /// The value unescaped.
    public var value: String

    public init(field: String, operator op: Operator, value: String) {
        self.field = field
        self.operator = op
        self.value = value
    }

    public func matches(_ fields: [String: String]) -> Bool {
        let actual = fields[field] ?? ""
        return self.operator == .equals ? actual == value : actual != value
    }

    /// The requirement in selector syntax, value escaped.
    public var description: String {
        field + self.operator.rawValue + FieldSelector.escapeValue(value)
    }
}

/// A field selector: equality and inequality requirements on an object's
/// selectable fields, all of which must hold (comma means AND).
///
/// Which fields a resource offers, and their values for an object, come
/// from `FieldLabels`; run a parsed selector through
/// `FieldLabels.convert(_:group:resource:)` before matching.
public struct FieldSelector: Sendable, Hashable, CustomStringConvertible {
    /// In the order parsed: sorted by the raw text of each term.
    public private(set) var requirements: [FieldRequirement]

    public init(requirements: [FieldRequirement]) {
        self.requirements = requirements
    }

    /// Matches everything.
    public static let everything = FieldSelector(requirements: [])

    /// An equality requirement per entry, in key order.
    public init(matching fields: [String: String]) {
        self.init(
            requirements: fields.keys.sorted(by: byteOrderLess).map {
                FieldRequirement(field: $0, operator: .equals, value: fields[$0]!)
            })
    }

    /// True when the selector restricts nothing.
    public var isEmpty: Bool { requirements.isEmpty }

    /// The distinct field names the selector refers to, first use first, so
    /// a server can reject the ones a resource does not support.
    public var fieldNames: [String] {
        var seen = Set<String>()
        return requirements.map(\.field).filter { seen.insert($0).inserted }
    }

    public func matches(_ fields: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(fields) }
    }

    /// The one value the selector demands for `field` through an equality,
    /// if any; lets a caller turn `metadata.name=x` into a single get.
    public func requiredValue(for field: String) -> String? {
        requirements.first { $0.field == field && $0.operator == .equals }?.value
    }

    /// Rewrites each requirement's field and value. A term rewritten to an
    /// empty field and an empty value is dropped, as upstream allows.
    public func transformed(
        _ transform: (_ field: String, _ value: String) throws(SelectorError) -> (field: String, value: String)
    ) throws(SelectorError) -> FieldSelector {
        var rewritten: [FieldRequirement] = []
        for requirement in requirements {
            let (field, value) = try transform(requirement.field, requirement.value)
            if field.isEmpty && value.isEmpty { continue }
            rewritten.append(FieldRequirement(field: field, operator: requirement.operator, value: value))
        }
        return FieldSelector(requirements: rewritten)
    }

    public var description: String {
        requirements.map(\.description).joined(separator: ",")
    }
}
