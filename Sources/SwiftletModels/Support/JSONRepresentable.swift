import SwiftletAPI

/// A Swift value that reads from and writes to a `JSONValue`: the field types
/// of the generated models.
///
/// Reading is strict about shape: a value of the wrong JSON type reads as nil
/// (as absent), so a model never invents data. Writing never loses data that
/// the value carries.
public protocol JSONRepresentable: Sendable {
    /// The value held by `json`, or nil when `json` has another shape.
    init?(fromJSON json: JSONValue)
    /// The value as JSON.
    var jsonValue: JSONValue { get }
    /// The value as JSON, written over `old` (the member it replaces, if
    /// any). Maps keep the order of the keys they already had; everything
    /// else returns `jsonValue`.
    func jsonValue(replacing old: JSONValue?) -> JSONValue
}

extension JSONRepresentable {
    public func jsonValue(replacing old: JSONValue?) -> JSONValue { jsonValue }
}

extension JSONValue: JSONRepresentable {
    public init?(fromJSON json: JSONValue) { self = json }
    public var jsonValue: JSONValue { self }
}

extension String: JSONRepresentable {
    public init?(fromJSON json: JSONValue) {
        guard case .string(let value) = json else { return nil }
        self = value
    }
    public var jsonValue: JSONValue { .string(self) }
}

extension Bool: JSONRepresentable {
    public init?(fromJSON json: JSONValue) {
        guard case .bool(let value) = json else { return nil }
        self = value
    }
    public var jsonValue: JSONValue { .bool(self) }
}

extension Int32: JSONRepresentable {
    /// Integers in range; doubles without a fraction count too.
    public init?(fromJSON json: JSONValue) {
        guard let value = json.intValue.flatMap(Int32.init(exactly:)) else { return nil }
        self = value
    }
    public var jsonValue: JSONValue { .int(Int64(self)) }
}

extension Int64: JSONRepresentable {
    /// Integers; doubles without a fraction count too.
    public init?(fromJSON json: JSONValue) {
        guard let value = json.intValue else { return nil }
        self = value
    }
    public var jsonValue: JSONValue { .int(self) }
}

extension Double: JSONRepresentable {
    /// Any JSON number.
    public init?(fromJSON json: JSONValue) {
        switch json {
        case .double(let value): self = value
        case .int(let value): self = Double(value)
        default: return nil
        }
    }
    public var jsonValue: JSONValue { .double(self) }
}

extension Array: JSONRepresentable where Element: JSONRepresentable {
    /// A JSON array whose every item reads as `Element`; nil if any does not,
    /// so a write-back can never drop an item silently.
    public init?(fromJSON json: JSONValue) {
        guard case .array(let items) = json else { return nil }
        var result: [Element] = []
        result.reserveCapacity(items.count)
        for item in items {
            guard let element = Element(fromJSON: item) else { return nil }
            result.append(element)
        }
        self = result
    }
    public var jsonValue: JSONValue { .array(map(\.jsonValue)) }
}

extension Dictionary: JSONRepresentable where Key == String, Value: JSONRepresentable {
    /// A JSON object whose every member reads as `Value`; nil if any does not.
    public init?(fromJSON json: JSONValue) {
        guard case .object(let members) = json else { return nil }
        var result: [String: Value] = [:]
        result.reserveCapacity(members.count)
        for member in members {
            guard let value = Value(fromJSON: member.value) else { return nil }
            result[member.key] = value
        }
        self = result
    }

    /// A JSON object with the keys sorted.
    public var jsonValue: JSONValue { jsonValue(replacing: nil) }

    /// Keys that `old` had stay where they were; new keys follow, sorted.
    public func jsonValue(replacing old: JSONValue?) -> JSONValue {
        var object = JSONObject()
        let previous = old?.objectValue ?? JSONObject()
        for member in previous {
            if let value = self[member.key] {
                object[member.key] = value.jsonValue(replacing: member.value)
            }
        }
        for key in keys.sorted() where previous[key] == nil {
            object[key] = self[key]?.jsonValue
        }
        return .object(object)
    }
}
