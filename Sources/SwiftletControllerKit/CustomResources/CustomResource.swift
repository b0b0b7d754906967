import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletModels

/// A custom kind defined in Swift: its names and a `Codable` spec and
/// status. The CRD is derived from it (`CustomResourceDefinitionBuilder`),
/// and `CustomObject<Self>` is its model for the typed client, informers and
/// controllers, as the generated models are for built-in kinds.
///
/// ```swift
/// enum WebApp: CustomResourceKind {
///     static let group = "example.com"
///     static let kind = "WebApp"
///     typealias Spec = WebAppSpec
///     typealias Status = WebAppStatus
/// }
/// ```
public protocol CustomResourceKind: Sendable {
    associatedtype Spec: Codable & Sendable
    associatedtype Status: Codable & Sendable = NoStatus
    static var group: String { get }
    static var version: String { get }
    static var kind: String { get }
    /// Lowercase plural; the kind in lowercase plus `s` unless given.
    static var plural: String { get }
    static var namespaced: Bool { get }
    static var shortNames: [String] { get }
    static var categories: [String] { get }
    /// Columns `kubectl get` prints after the name.
    static var printerColumns: [PrinterColumn] { get }
    /// Scale subresource paths (`kubectl scale`), if the kind scales.
    static var scale: ScalePaths? { get }
    static var description: String? { get }
}

extension CustomResourceKind {
    public static var version: String { "v1" }
    public static var plural: String { kind.lowercased() + "s" }
    public static var namespaced: Bool { true }
    public static var shortNames: [String] { [] }
    public static var categories: [String] { [] }
    public static var printerColumns: [PrinterColumn] { [] }
    public static var scale: ScalePaths? { nil }
    public static var description: String? { nil }
    static var hasStatus: Bool { Status.self != NoStatus.self }

    /// The resource the kind is served as.
    public static var resource: ResourceInfo {
        var subresources: [SubresourceInfo] = []
        if scale != nil {
            subresources.append(
                SubresourceInfo(
                    name: "scale", group: "autoscaling", version: "v1", kind: "Scale",
                    verbs: ["get", "patch", "update"]))
        }
        if hasStatus {
            subresources.append(
                SubresourceInfo(
                    name: "status", group: group, version: version, kind: kind, verbs: ["get", "patch", "update"]))
        }
        return ResourceInfo(
            group: group, version: version, plural: plural, singular: kind.lowercased(), kind: kind,
            namespaced: namespaced, shortNames: shortNames, categories: categories, subresources: subresources,
            schemaName: CustomResourceDefinitionInfo.schemaName(group: group, version: version, kind: kind))
    }
}

/// The status of a kind that has none.
public struct NoStatus: Codable, Sendable {}

public struct PrinterColumn: Sendable {
    public var name: String
    public var type: String
    public var jsonPath: String
    public var description: String?
    public var priority: Int

    /// - Parameter type: `string`, `integer`, `number`, `boolean` or `date`.
    public init(_ name: String, type: String, jsonPath: String, description: String? = nil, priority: Int = 0) {
        self.name = name
        self.type = type
        self.jsonPath = jsonPath
        self.description = description
        self.priority = priority
    }
}

public struct ScalePaths: Sendable {
    public var specReplicasPath: String
    public var statusReplicasPath: String
    public var labelSelectorPath: String?

    public init(specReplicasPath: String, statusReplicasPath: String, labelSelectorPath: String? = nil) {
        self.specReplicasPath = specReplicasPath
        self.statusReplicasPath = statusReplicasPath
        self.labelSelectorPath = labelSelectorPath
    }
}

/// An object of a custom kind: JSON-backed like every model (fields the
/// Swift types do not know survive read-modify-write), with `spec` and
/// `status` decoded into the kind's types on access.
public struct CustomObject<Kind: CustomResourceKind>: KubernetesResource, Equatable {
    public var json: JSONValue

    public init() {
        json = ["apiVersion": .string(Self.groupVersionKind.groupVersion.apiVersion), "kind": .string(Kind.kind)]
    }

    public init(json: JSONValue) { self.json = json }

    public static var groupVersionKind: GroupVersionKind {
        GroupVersionKind(group: Kind.group, version: Kind.version, kind: Kind.kind)
    }
    public static var resource: ResourceInfo { Kind.resource }

    public var apiVersion: String? {
        get { json["apiVersion"]?.stringValue }
        set { json["apiVersion"] = newValue.map { .string($0) } }
    }
    public var kind: String? {
        get { json["kind"]?.stringValue }
        set { json["kind"] = newValue.map { .string($0) } }
    }
    public var metadata: MetaV1.ObjectMeta? {
        get { json["metadata"].map(MetaV1.ObjectMeta.init(json:)) }
        set { json["metadata"] = newValue?.json }
    }

    /// The spec, or nil when it is absent or does not decode.
    public var spec: Kind.Spec? {
        get { json["spec"].flatMap { try? $0.decode(Kind.Spec.self) } }
        set { json["spec"] = newValue.flatMap { try? JSONValue(encoding: $0) } }
    }

    public var status: Kind.Status? {
        get { json["status"].flatMap { try? $0.decode(Kind.Status.self) } }
        set { json["status"] = newValue.flatMap { try? JSONValue(encoding: $0) } }
    }

    public static func == (a: Self, b: Self) -> Bool { a.json == b.json }
}

/// Builds the CustomResourceDefinition of a Swift-defined kind.
public enum CustomResourceDefinitionBuilder {
    public static func definition<Kind: CustomResourceKind>(for kind: Kind.Type) throws
        -> ApiextensionsV1.CustomResourceDefinition
    {
        var properties: JSONObject = ["spec": try schema(Kind.Spec.self)]
        if Kind.hasStatus { properties["status"] = try schema(Kind.Status.self) }
        var root: JSONObject = ["type": "object", "properties": .object(properties)]
        if let d = Kind.description { root["description"] = .string(d) }
        var version: JSONObject = [
            "name": .string(Kind.version), "served": true, "storage": true,
            "schema": ["openAPIV3Schema": .object(root)],
        ]
        var subresources = JSONObject()
        if Kind.hasStatus { subresources["status"] = .object(JSONObject()) }
        if let scale = Kind.scale {
            var s: JSONObject = [
                "specReplicasPath": .string(scale.specReplicasPath),
                "statusReplicasPath": .string(scale.statusReplicasPath),
            ]
            if let selector = scale.labelSelectorPath { s["labelSelectorPath"] = .string(selector) }
            subresources["scale"] = .object(s)
        }
        if !subresources.isEmpty { version["subresources"] = .object(subresources) }
        if !Kind.printerColumns.isEmpty {
            version["additionalPrinterColumns"] = .array(
                Kind.printerColumns.map { c in
                    var o: JSONObject = [
                        "name": .string(c.name), "type": .string(c.type), "jsonPath": .string(c.jsonPath),
                    ]
                    if let d = c.description { o["description"] = .string(d) }
                    if c.priority != 0 { o["priority"] = .int(Int64(c.priority)) }
                    return .object(o)
                })
        }
        var names: JSONObject = [
            "plural": .string(Kind.plural), "singular": .string(Kind.kind.lowercased()), "kind": .string(Kind.kind),
        ]
        if !Kind.shortNames.isEmpty { names["shortNames"] = .array(Kind.shortNames.map { .string($0) }) }
        if !Kind.categories.isEmpty { names["categories"] = .array(Kind.categories.map { .string($0) }) }
        return ApiextensionsV1.CustomResourceDefinition(json: [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": ["name": .string("\(Kind.plural).\(Kind.group)")],
            "spec": [
                "group": .string(Kind.group), "scope": .string(Kind.namespaced ? "Namespaced" : "Cluster"),
                "names": .object(names), "versions": [.object(version)],
            ],
        ])
    }

    /// The CRD as YAML, what `kubectl apply -f` takes.
    public static func yaml<Kind: CustomResourceKind>(for kind: Kind.Type) throws -> String {
        try definition(for: kind).json.yamlDocument()
    }

    static func schema<T: Decodable>(_ type: T.Type) throws -> JSONValue {
        try SchemaRecorder.schema(for: T.self)
    }
}

extension JSONValue {
    /// A `Codable` value as JSON.
    public init<T: Encodable>(encoding value: T) throws {
        self = try JSONParser.parse(Array(try JSONEncoder().encode(value)))
    }

    /// The JSON decoded as a `Decodable` type.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(serialized()))
    }
}

extension JSONValue {
    /// The value as a YAML document, members in their JSON order. Strings
    /// are written JSON-quoted (valid YAML, never mistaken for numbers).
    public func yamlDocument() -> String {
        var out = ""
        Self.writeYAML(self, indent: 0, into: &out, inline: false)
        return out
    }

    private static func writeYAML(_ value: JSONValue, indent: Int, into out: inout String, inline: Bool) {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .object(let o) where !o.isEmpty:
            var first = true
            for (key, member) in o {
                if !(inline && first) { out += pad }
                first = false
                out += scalarKey(key) + ":"
                writeMember(member, indent: indent, into: &out)
            }
        case .array(let items) where !items.isEmpty:
            var first = true
            for item in items {
                if !(inline && first) { out += pad }
                first = false
                out += "- "
                switch item {
                case .object(let o) where !o.isEmpty:
                    writeYAML(item, indent: indent + 2, into: &out, inline: true)
                case .array(let a) where !a.isEmpty:
                    out += "\n"
                    writeYAML(item, indent: indent + 2, into: &out, inline: false)
                default:
                    out += scalar(item) + "\n"
                }
            }
        default:
            out += (inline ? "" : pad) + scalar(value) + "\n"
        }
    }

    private static func writeMember(_ member: JSONValue, indent: Int, into out: inout String) {
        switch member {
        case .object(let o) where !o.isEmpty:
            out += "\n"
            writeYAML(member, indent: indent + 2, into: &out, inline: false)
        case .array(let a) where !a.isEmpty:
            out += "\n"
            writeYAML(member, indent: indent, into: &out, inline: false)
        default:
            out += " " + scalar(member) + "\n"
        }
    }

    private static func scalarKey(_ key: String) -> String {
        let plain =
            !key.isEmpty && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) }
            && !(key.first?.isNumber ?? false)
        return plain ? key : JSONValue.string(key).serializedString()
    }

    private static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .object: return "{}"
        case .array: return "[]"
        default: return value.serializedString()
        }
    }
}
