import Foundation

/// The protobuf shape of every built-in type: for each message, its fields
/// by number with their JSON names and how Go's JSON encoding treats them.
/// Read from `Resources/protobuf.json`, which `swiftlet-codegen protobuf`
/// writes from upstream's `generated.proto` files and struct tags.
public struct ProtobufCatalog: Sendable {
    public enum Scalar: String, Sendable {
        case string, bytes, bool, int32, int64, uint32, uint64, double, float
    }

    public enum ValueType: Sendable, Equatable {
        case scalar(Scalar)
        case message(String)
    }

    public struct Field: Sendable {
        public var number: Int
        /// Empty for an inline field, whose message's fields sit in the parent's JSON object.
        public var jsonName: String
        public var type: ValueType
        /// Set for a `map<K, V>` field; `type` is then the value's type.
        public var mapKey: Scalar?
        public var repeated: Bool
        public var inline: Bool
        public var omitEmpty: Bool
        public var pointer: Bool
    }

    public struct Message: Sendable {
        public var name: String
        /// Ordered by number.
        public var fields: [Field]
        /// A Go named slice (`type Verbs []string`): JSON is the bare array of field 1.
        public var isList: Bool
        var indexByNumber: [Int: Int]

        public func field(number: Int) -> Field? {
            indexByNumber[number].map { fields[$0] }
        }
    }

    public var messages: [String: Message]
    /// `apps/v1` -> `k8s.io.api.apps.v1`.
    public var packages: [String: String]

    /// Names of the apimachinery messages whose JSON form is not an object.
    public enum WellKnown {
        public static let meta = "k8s.io.apimachinery.pkg.apis.meta.v1"
        public static let time = "k8s.io.apimachinery.pkg.apis.meta.v1.Time"
        public static let microTime = "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime"
        public static let duration = "k8s.io.apimachinery.pkg.apis.meta.v1.Duration"
        public static let fieldsV1 = "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1"
        public static let rawExtension = "k8s.io.apimachinery.pkg.runtime.RawExtension"
        public static let unknown = "k8s.io.apimachinery.pkg.runtime.Unknown"
        public static let quantity = "k8s.io.apimachinery.pkg.api.resource.Quantity"
        public static let intOrString = "k8s.io.apimachinery.pkg.util.intstr.IntOrString"
    }

    public init(document: JSONValue) {
        var messages: [String: Message] = [:]
        for (name, value) in document["messages"]?.objectValue ?? JSONObject() {
            let fields: [Field] = (value["fields"]?.arrayValue ?? []).compactMap { f in
                guard let n = f["n"]?.intValue, let type = f["type"]?.stringValue else { return nil }
                let flags = f["flags"]?.stringValue ?? ""
                let valueType: ValueType = Scalar(rawValue: type).map { .scalar($0) } ?? .message(type)
                return Field(
                    number: Int(n), jsonName: f["json"]?.stringValue ?? "", type: valueType,
                    mapKey: f["key"]?.stringValue.flatMap(Scalar.init(rawValue:)), repeated: flags.contains("r"),
                    inline: flags.contains("i"), omitEmpty: flags.contains("o"), pointer: flags.contains("p"))
            }.sorted { $0.number < $1.number }
            var index: [Int: Int] = [:]
            for (i, f) in fields.enumerated() { index[f.number] = i }
            messages[name] = Message(
                name: name, fields: fields, isList: value["list"]?.boolValue ?? false, indexByNumber: index)
        }
        var packages: [String: String] = [:]
        for (gv, package) in document["groupVersions"]?.objectValue ?? JSONObject() {
            if let p = package.stringValue { packages[gv] = p }
        }
        self.messages = messages
        self.packages = packages
    }

    /// The message of a kind: the group version's own, else meta/v1's
    /// (`Status`, `DeleteOptions`, `WatchEvent` travel in every group).
    /// The status a new object of this kind has in Go's JSON: the status
    /// message's numeric and boolean fields that are neither pointers nor
    /// `omitempty`, at zero (a new ReplicaSet's `{"replicas": 0}`). Clients
    /// generated from the schema require them.
    public func zeroStatus(apiVersion: String, kind: String) -> JSONObject {
        guard let name = messageName(apiVersion: apiVersion, kind: kind),
            let status = messages[name]?.fields.first(where: { $0.jsonName == "status" }),
            case .message(let statusName) = status.type, let message = messages[statusName]
        else { return JSONObject() }
        var zero = JSONObject()
        for field in message.fields where !field.omitEmpty && !field.pointer && !field.repeated && field.mapKey == nil {
            switch field.type {
            case .scalar(.bool): zero[field.jsonName] = .bool(false)
            case .scalar(.int32), .scalar(.int64), .scalar(.uint32), .scalar(.uint64): zero[field.jsonName] = .int(0)
            default: continue
            }
        }
        return zero
    }

    public func messageName(apiVersion: String, kind: String) -> String? {
        guard !kind.isEmpty else { return nil }
        if let package = packages[apiVersion], messages["\(package).\(kind)"] != nil {
            return "\(package).\(kind)"
        }
        let meta = "\(WellKnown.meta).\(kind)"
        if packages[apiVersion] != nil || apiVersion == "meta.k8s.io/v1", messages[meta] != nil { return meta }
        return nil
    }

    public static let builtin: ProtobufCatalog = {
        guard let url = Bundle.module.url(forResource: "protobuf", withExtension: "json"),
            let data = try? Data(contentsOf: url), let document = try? JSONParser.parse(Array(data))
        else { return ProtobufCatalog(document: .object(JSONObject())) }
        return ProtobufCatalog(document: document)
    }()
}
