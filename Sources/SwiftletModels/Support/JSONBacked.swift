import SwiftletAPI

/// A typed view of a JSON object: the shape of every generated model.
///
/// The model holds the whole object in `json`; its typed properties read and
/// write members of it. Members that the model does not know stay in `json`
/// untouched, so a component that reads an object, changes a field and
/// writes it back never drops fields from newer API versions.
public protocol JSONBacked: JSONRepresentable {
    /// The whole object, including members the model has no property for.
    var json: JSONValue { get set }
    /// Wraps a JSON value as it is (normally an object).
    init(json: JSONValue)
}

extension JSONBacked {
    /// A JSON object read as this model; nil for any other JSON value.
    public init?(fromJSON json: JSONValue) {
        guard case .object = json else { return nil }
        self.init(json: json)
    }

    public var jsonValue: JSONValue { json }

    /// Parses JSON bytes with the project's strict parser.
    public init(parsing bytes: [UInt8]) throws {
        self.init(json: try JSONParser.parse(bytes))
    }

    /// Parses JSON text with the project's strict parser.
    public init(parsing text: String) throws {
        self.init(json: try JSONParser.parse(text))
    }

    /// The object as compact JSON bytes, escaped as Go's encoder escapes.
    public func serialized() -> [UInt8] { json.serialized() }

    /// A member of the object, typed. Reading gives nil when the member is
    /// absent or has another JSON type. Writing nil removes the member;
    /// writing a value replaces the member where it stands (or appends it),
    /// and turns a non-object `json` into an object first.
    public subscript<Value: JSONRepresentable>(field key: String) -> Value? {
        get {
            guard case .object(let object) = json, let member = object[key] else { return nil }
            return Value(fromJSON: member)
        }
        set {
            var object = JSONObject()
            if case .object(let current) = json { object = current }
            json = .null  // leaves `object` the only owner of the members, so they change in place
            if let newValue {
                object[key] = newValue.jsonValue(replacing: object[key])
            } else {
                object[key] = Optional<JSONValue>.none
            }
            json = .object(object)
        }
    }
}

// `Codable` through `JSONValue`, so a model encodes exactly the object it holds.
extension JSONBacked {
    public init(from decoder: any Decoder) throws {
        self.init(json: try JSONValue(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }
}
