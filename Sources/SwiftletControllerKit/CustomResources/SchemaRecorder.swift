import Foundation
import SwiftletAPI

/// Extra facts about the fields of a type, which Swift types alone cannot
/// say: descriptions, defaults, bounds, patterns. Keyed by property name (the
/// coding key).
public struct FieldSchema: Sendable {
    public var description: String?
    public var defaultValue: JSONValue?
    public var minimum: Double?
    public var maximum: Double?
    public var minLength: Int?
    public var maxLength: Int?
    public var pattern: String?
    public var format: String?
    public var enumValues: [String]?

    public init(
        _ description: String? = nil, default defaultValue: JSONValue? = nil, minimum: Double? = nil,
        maximum: Double? = nil, minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil,
        format: String? = nil, enum enumValues: [String]? = nil
    ) {
        self.description = description
        self.defaultValue = defaultValue
        self.minimum = minimum
        self.maximum = maximum
        self.minLength = minLength
        self.maxLength = maxLength
        self.pattern = pattern
        self.format = format
        self.enumValues = enumValues
    }

    /// The keywords this adds to a field's schema.
    func apply(to schema: inout JSONObject) {
        if let description { schema["description"] = .string(description) }
        if let defaultValue { schema["default"] = defaultValue }
        if let minimum { schema["minimum"] = Self.number(minimum) }
        if let maximum { schema["maximum"] = Self.number(maximum) }
        if let minLength { schema["minLength"] = .int(Int64(minLength)) }
        if let maxLength { schema["maxLength"] = .int(Int64(maxLength)) }
        if let pattern { schema["pattern"] = .string(pattern) }
        if let format { schema["format"] = .string(format) }
        if let enumValues { schema["enum"] = .array(enumValues.map { .string($0) }) }
    }

    static func number(_ d: Double) -> JSONValue {
        d.rounded() == d && abs(d) < 1e15 ? .int(Int64(d)) : .double(d)
    }
}

/// A type that describes its own fields (and itself) for the schema a CRD
/// is generated with.
public protocol SchemaDescribing {
    /// A description of the type itself.
    static var schemaDescription: String? { get }
    /// Per property: description, default, validation.
    static var fieldSchemas: [String: FieldSchema] { get }
}

extension SchemaDescribing {
    public static var schemaDescription: String? { nil }
    public static var fieldSchemas: [String: FieldSchema] { [:] }
}

/// A `String` enum whose cases are the only values a field may take: the
/// schema lists them in `enum`.
public protocol SchemaEnum: CaseIterable, RawRepresentable, Codable where RawValue == String {}

/// Derives an OpenAPI v3 structural schema from a `Decodable` type by
/// decoding it once with a recording decoder: every key the type's
/// `init(from:)` asks for becomes a property (required unless asked with
/// `decodeIfPresent`, as optionals are), and the value types asked for
/// give the property types, recursively.
///
/// Supported: structs and classes with keyed coding, `String`, integers,
/// floating point, `Bool`, `Date` (date-time strings), arrays, `[String: T]`
/// maps, optionals, `SchemaEnum` enums, `JSONValue` (any JSON, preserved) and
/// `IntOrString`-like types that decode a single value of either kind are
/// not inferable and should be `JSONValue`.
public enum SchemaRecorder {
    public struct Unsupported: Error, CustomStringConvertible {
        public var description: String
    }

    public static func schema<T: Decodable>(for type: T.Type) throws -> JSONValue {
        let node = SchemaNode()
        _ = try record(T.self, into: node, depth: 0)
        return node.json
    }

    static let maxDepth = 32

    /// Decodes a placeholder `T` while recording its shape into `node`.
    static func record<T: Decodable>(_ type: T.Type, into node: SchemaNode, depth: Int) throws -> T {
        guard depth < maxDepth else { throw Unsupported(description: "\(T.self) nests more than \(maxDepth) levels") }
        if let special = try specialValue(T.self, node: node) { return special }
        let decoder = RecordingDecoder(node: node, depth: depth)
        let value = try T(from: decoder)
        if let described = T.self as? any SchemaDescribing.Type {
            if let d = described.schemaDescription { node.description = d }
            for (name, field) in described.fieldSchemas {
                node.properties[name]?.extra = field
            }
        }
        return value
    }

    /// Types with a schema of their own rather than their coding.
    static func specialValue<T>(_ type: T.Type, node: SchemaNode) throws -> T? {
        if T.self == Date.self {
            node.type = "string"
            node.format = "date-time"
            return Date(timeIntervalSince1970: 0) as? T
        }
        if T.self == JSONValue.self {
            node.preserveUnknownFields = true
            return JSONValue.object(JSONObject()) as? T
        }
        if let enumType = T.self as? any SchemaEnum.Type {
            node.type = "string"
            node.enumValues = enumType.caseNames
            return enumType.firstCase as? T
        }
        return nil
    }
}

extension SchemaEnum {
    static var caseNames: [String] { allCases.map(\.rawValue) }
    static var firstCase: Self? { allCases.first }
}

/// One node of the schema being recorded.
final class SchemaNode {
    var type: String?
    var format: String?
    var description: String?
    var properties: [String: SchemaNode] = [:]
    var order: [String] = []
    var required: [String] = []
    var items: SchemaNode?
    var additionalProperties: SchemaNode?
    var enumValues: [String]?
    var preserveUnknownFields = false
    var extra: FieldSchema?

    func property(_ name: String, required isRequired: Bool) -> SchemaNode {
        if let existing = properties[name] { return existing }
        let node = SchemaNode()
        properties[name] = node
        order.append(name)
        if isRequired { required.append(name) }
        return node
    }

    var json: JSONValue {
        var o = JSONObject()
        if let description { o["description"] = .string(description) }
        if let type { o["type"] = .string(type) }
        if let format { o["format"] = .string(format) }
        if let enumValues { o["enum"] = .array(enumValues.map { .string($0) }) }
        if !order.isEmpty {
            o["type"] = "object"
            var props = JSONObject()
            for name in order.sorted() { props[name] = properties[name]!.json }
            o["properties"] = .object(props)
            if !required.isEmpty { o["required"] = .array(required.sorted().map { .string($0) }) }
        } else if type == "object", additionalProperties == nil, !preserveUnknownFields {
            // A struct without fields still is an object.
        }
        if let items { o["items"] = items.json }
        if let additionalProperties { o["additionalProperties"] = additionalProperties.json }
        if preserveUnknownFields {
            o["x-kubernetes-preserve-unknown-fields"] = true
            if o["type"] == nil { o["type"] = "object" }
        }
        extra?.apply(to: &o)
        return .object(o)
    }
}

/// The decoder `SchemaRecorder` decodes with: it answers every question
/// with a placeholder and writes down what was asked.
struct RecordingDecoder: Decoder {
    let node: SchemaNode
    let depth: Int
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        node.type = "object"
        return KeyedDecodingContainer(RecordingKeyedContainer<Key>(node: node, depth: depth))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        node.type = "array"
        let items = node.items ?? SchemaNode()
        node.items = items
        return RecordingUnkeyedContainer(items: items, depth: depth)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        RecordingSingleValue(node: node, depth: depth)
    }
}

/// The key a map's values are recorded under.
let mapValueKey = "\u{0}additionalProperties"

struct RecordingKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let node: SchemaNode
    let depth: Int
    var codingPath: [any CodingKey] { [] }

    /// Only `[String: T]` asks which keys there are: one stands for all.
    var allKeys: [Key] {
        Key(stringValue: mapValueKey).map { [$0] } ?? []
    }

    func contains(_ key: Key) -> Bool { true }

    func child(_ key: Key, required: Bool) -> SchemaNode {
        if key.stringValue == mapValueKey {
            node.type = "object"
            let values = node.additionalProperties ?? SchemaNode()
            node.additionalProperties = values
            return values
        }
        return node.property(key.stringValue, required: required)
    }

    func decodeNil(forKey key: Key) throws -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try SchemaRecorder.record(T.self, into: child(key, required: true), depth: depth + 1)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try SchemaRecorder.record(T.self, into: child(key, required: false), depth: depth + 1)
    }

    // Optionals of scalars come through these overloads, not the generic one.
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        try SchemaRecorder.record(Bool.self, into: child(key, required: false), depth: depth + 1)
    }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try SchemaRecorder.record(String.self, into: child(key, required: false), depth: depth + 1)
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        try SchemaRecorder.record(Double.self, into: child(key, required: false), depth: depth + 1)
    }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
        try SchemaRecorder.record(Float.self, into: child(key, required: false), depth: depth + 1)
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        try SchemaRecorder.record(Int.self, into: child(key, required: false), depth: depth + 1)
    }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? {
        try SchemaRecorder.record(Int8.self, into: child(key, required: false), depth: depth + 1)
    }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? {
        try SchemaRecorder.record(Int16.self, into: child(key, required: false), depth: depth + 1)
    }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? {
        try SchemaRecorder.record(Int32.self, into: child(key, required: false), depth: depth + 1)
    }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        try SchemaRecorder.record(Int64.self, into: child(key, required: false), depth: depth + 1)
    }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? {
        try SchemaRecorder.record(UInt.self, into: child(key, required: false), depth: depth + 1)
    }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? {
        try SchemaRecorder.record(UInt8.self, into: child(key, required: false), depth: depth + 1)
    }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? {
        try SchemaRecorder.record(UInt16.self, into: child(key, required: false), depth: depth + 1)
    }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? {
        try SchemaRecorder.record(UInt32.self, into: child(key, required: false), depth: depth + 1)
    }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? {
        try SchemaRecorder.record(UInt64.self, into: child(key, required: false), depth: depth + 1)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try RecordingDecoder(node: child(key, required: true), depth: depth + 1).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try RecordingDecoder(node: child(key, required: true), depth: depth + 1).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { RecordingDecoder(node: node, depth: depth + 1) }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        RecordingDecoder(node: child(key, required: true), depth: depth + 1)
    }
}

/// Arrays: one element is decoded to learn the item schema.
struct RecordingUnkeyedContainer: UnkeyedDecodingContainer {
    let items: SchemaNode
    let depth: Int
    var codingPath: [any CodingKey] { [] }
    var count: Int? { 1 }
    var currentIndex = 0
    var isAtEnd: Bool { currentIndex >= 1 }

    init(items: SchemaNode, depth: Int) {
        self.items = items
        self.depth = depth
    }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        currentIndex += 1
        return try SchemaRecorder.record(T.self, into: items, depth: depth + 1)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        currentIndex += 1
        return try RecordingDecoder(node: items, depth: depth + 1).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        currentIndex += 1
        return try RecordingDecoder(node: items, depth: depth + 1).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { RecordingDecoder(node: items, depth: depth + 1) }
}

/// Scalars: the type asked for is the schema type.
struct RecordingSingleValue: SingleValueDecodingContainer {
    let node: SchemaNode
    let depth: Int
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) throws -> Bool {
        node.type = "boolean"
        return false
    }
    func decode(_ type: String.Type) throws -> String {
        node.type = "string"
        return ""
    }
    func decode(_ type: Double.Type) throws -> Double { number(0) }
    func decode(_ type: Float.Type) throws -> Float { number(0) }
    func decode(_ type: Int.Type) throws -> Int { integer(0, format: "int64") }
    func decode(_ type: Int8.Type) throws -> Int8 { integer(0, format: nil) }
    func decode(_ type: Int16.Type) throws -> Int16 { integer(0, format: nil) }
    func decode(_ type: Int32.Type) throws -> Int32 { integer(0, format: "int32") }
    func decode(_ type: Int64.Type) throws -> Int64 { integer(0, format: "int64") }
    func decode(_ type: UInt.Type) throws -> UInt { integer(0, format: nil) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { integer(0, format: nil) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { integer(0, format: nil) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { integer(0, format: nil) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { integer(0, format: nil) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try SchemaRecorder.record(T.self, into: node, depth: depth + 1)
    }

    func number<T>(_ value: T) -> T {
        node.type = "number"
        return value
    }

    func integer<T>(_ value: T, format: String?) -> T {
        node.type = "integer"
        if let format { node.format = format }
        return value
    }
}
