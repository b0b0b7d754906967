/// A label selector: requirements that must all hold (comma means AND).
///
/// Built by parsing the query-string form (`LabelSelector(parsing:)`), from
/// the JSON form of `metav1.LabelSelector` (`LabelSelector(json:)`), or from
/// requirements. An empty selector matches everything; `nothing` (what a
/// null JSON selector means) matches no object.
public struct LabelSelector: Sendable, Hashable, CustomStringConvertible {
    /// Sorted by key, so the rendering is the same however it was written.
    public private(set) var requirements: [LabelRequirement]
    /// True only for `nothing`.
    public let selectsNothing: Bool

    public init(requirements: [LabelRequirement]) {
        // Stable, so requirements on one key keep their written order.
        self.requirements = requirements.enumerated()
            .sorted { a, b in
                if a.element.key != b.element.key { return byteOrderLess(a.element.key, b.element.key) }
                return a.offset < b.offset
            }
            .map(\.element)
        self.selectsNothing = false
    }

    private init(nothing: Void) {
        requirements = []
        selectsNothing = true
    }

    /// Matches every label set.
    public static let everything = LabelSelector(requirements: [])
    /// Matches no label set.
    public static let nothing = LabelSelector(nothing: ())

    /// An equality requirement per label, as for a ReplicationController's
    /// map selector; validated like any other requirement.
    public init(matchLabels: [String: String]) throws(SelectorError) {
        var built: [LabelRequirement] = []
        for key in matchLabels.keys.sorted(by: byteOrderLess) {
            built.append(try LabelRequirement(key: key, operator: .equals, values: [matchLabels[key]!]))
        }
        self.init(requirements: built)
    }

    /// True when the selector restricts nothing.
    public var isEmpty: Bool { !selectsNothing && requirements.isEmpty }

    public func matches(_ labels: [String: String]) -> Bool {
        if selectsNothing { return false }
        return requirements.allSatisfy { $0.matches(labels) }
    }

    /// Matches an object by its `metadata.labels`.
    public func matches(object: JSONValue) -> Bool {
        matches(LabelSelector.labels(of: object))
    }

    /// The string labels of an object; members that are not strings are
    /// ignored, as no valid object has them.
    public static func labels(of object: JSONValue) -> [String: String] {
        guard let members = object[path: ["metadata", "labels"]]?.objectValue else { return [:] }
        var labels: [String: String] = [:]
        for (key, value) in members {
            if let s = value.stringValue { labels[key] = s }
        }
        return labels
    }

    /// A copy with more requirements, kept sorted by key.
    public func adding(_ more: [LabelRequirement]) -> LabelSelector {
        if selectsNothing { return self }
        return LabelSelector(requirements: requirements + more)
    }

    /// The one value the selector demands for `key`, when it demands exactly
    /// one; lets a caller narrow a lookup before matching.
    public func requiredValue(for key: String) -> String? {
        guard let r = requirements.first(where: { $0.key == key }) else { return nil }
        switch r.operator {
        case .equals, .doubleEquals, .in:
            return r.values.count == 1 ? r.values[0] : nil
        default:
            return nil
        }
    }

    /// The selector in query-string syntax; "" for both `everything` and
    /// `nothing`, as upstream prints them.
    public var description: String {
        requirements.map(\.description).joined(separator: ",")
    }
}
