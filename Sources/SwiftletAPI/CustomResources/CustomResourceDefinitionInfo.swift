/// What the server reads off one CustomResourceDefinition to serve it: the
/// names, the scope, and per version its schema, subresources and printer
/// columns.
public struct CustomResourceDefinitionInfo: Sendable {
    public struct Names: Sendable, Equatable {
        public var plural: String
        public var singular: String
        public var kind: String
        public var listKind: String
        public var shortNames: [String]
        public var categories: [String]

        public init(_ json: JSONValue?) {
            let o = json ?? .object(JSONObject())
            plural = o["plural"]?.stringValue ?? ""
            kind = o["kind"]?.stringValue ?? ""
            let singular = o["singular"]?.stringValue ?? ""
            self.singular = singular.isEmpty ? kind.lowercased() : singular
            let listKind = o["listKind"]?.stringValue ?? ""
            self.listKind = listKind.isEmpty ? kind + "List" : listKind
            shortNames = (o["shortNames"]?.arrayValue ?? []).compactMap(\.stringValue)
            categories = (o["categories"]?.arrayValue ?? []).compactMap(\.stringValue)
        }

        /// `acceptedNames` as the CRD's status shows them.
        public var json: JSONValue {
            var o: JSONObject = ["plural": .string(plural), "singular": .string(singular)]
            if !shortNames.isEmpty { o["shortNames"] = .array(shortNames.map { .string($0) }) }
            o["kind"] = .string(kind)
            o["listKind"] = .string(listKind)
            if !categories.isEmpty { o["categories"] = .array(categories.map { .string($0) }) }
            return .object(o)
        }
    }

    /// The `scale` subresource's paths into the custom object.
    public struct Scale: Sendable, Equatable {
        public var specReplicasPath: String
        public var statusReplicasPath: String
        public var labelSelectorPath: String?
    }

    public struct PrinterColumn: Sendable, Equatable {
        public var name: String
        public var type: String
        public var format: String
        public var description: String
        public var priority: Int
        public var jsonPath: String
        public var expression: JSONPathExpression?
    }

    public struct Version: Sendable {
        public var name: String
        public var served: Bool
        public var storage: Bool
        public var deprecated: Bool
        public var deprecationWarning: String?
        public var schema: StructuralSchema?
        public var statusSubresource: Bool
        public var scale: Scale?
        public var printerColumns: [PrinterColumn]
    }

    public let name: String
    public let uid: String
    public let group: String
    public let names: Names
    public let namespaced: Bool
    public let versions: [Version]

    public init(_ crd: JSONValue) {
        name = crd[path: ["metadata", "name"]]?.stringValue ?? ""
        uid = crd[path: ["metadata", "uid"]]?.stringValue ?? ""
        let spec = crd["spec"] ?? .object(JSONObject())
        group = spec["group"]?.stringValue ?? ""
        names = Names(spec["names"])
        namespaced = spec["scope"]?.stringValue != "Cluster"
        versions = (spec["versions"]?.arrayValue ?? []).map { v in
            let subresources = v["subresources"]
            var scale: Scale? = nil
            if let s = subresources?["scale"], s.objectValue != nil {
                scale = Scale(
                    specReplicasPath: s["specReplicasPath"]?.stringValue ?? "",
                    statusReplicasPath: s["statusReplicasPath"]?.stringValue ?? "",
                    labelSelectorPath: s["labelSelectorPath"]?.stringValue)
            }
            let columns: [PrinterColumn] = (v["additionalPrinterColumns"]?.arrayValue ?? []).map { c in
                let path = c["jsonPath"]?.stringValue ?? ""
                return PrinterColumn(
                    name: c["name"]?.stringValue ?? "", type: c["type"]?.stringValue ?? "",
                    format: c["format"]?.stringValue ?? "", description: c["description"]?.stringValue ?? "",
                    priority: Int(c["priority"]?.intValue ?? 0), jsonPath: path,
                    expression: try? JSONPathExpression(path))
            }
            return Version(
                name: v["name"]?.stringValue ?? "", served: v["served"]?.boolValue ?? false,
                storage: v["storage"]?.boolValue ?? false, deprecated: v["deprecated"]?.boolValue ?? false,
                deprecationWarning: v["deprecationWarning"]?.stringValue,
                schema: v[path: ["schema", "openAPIV3Schema"]].map(StructuralSchema.init),
                statusSubresource: subresources?["status"]?.objectValue != nil, scale: scale,
                printerColumns: columns)
        }
    }

    /// The version objects are stored at.
    public var storageVersion: String? { versions.first { $0.storage }?.name }

    public func version(_ name: String) -> Version? { versions.first { $0.name == name } }

    /// The resources served for this definition under `accepted` names: one
    /// per served version.
    public func resources(accepted: Names) -> [ResourceInfo] {
        versions.filter(\.served).map { v in
            var subresources: [SubresourceInfo] = []
            if v.scale != nil {
                subresources.append(
                    SubresourceInfo(
                        name: "scale", group: "autoscaling", version: "v1", kind: "Scale",
                        verbs: ["get", "patch", "update"]))
            }
            if v.statusSubresource {
                subresources.append(
                    SubresourceInfo(
                        name: "status", group: group, version: v.name, kind: accepted.kind,
                        verbs: ["get", "patch", "update"]))
            }
            return ResourceInfo(
                group: group, version: v.name, plural: accepted.plural, singular: accepted.singular,
                kind: accepted.kind, namespaced: namespaced, shortNames: accepted.shortNames,
                categories: accepted.categories, subresources: subresources,
                schemaName: Self.schemaName(group: group, version: v.name, kind: accepted.kind))
        }
    }

    /// The OpenAPI definition name of a custom kind, as upstream publishes
    /// it: the group reversed, the version, the kind (`com.example.v1.WebApp`).
    public static func schemaName(group: String, version: String, kind: String) -> String {
        (group.split(separator: ".").reversed().map(String.init) + [version, kind]).joined(separator: ".")
    }

    /// The warning a request of a deprecated version gets.
    public func deprecationWarning(version: String) -> String? {
        guard let v = self.version(version), v.deprecated else { return nil }
        if let custom = v.deprecationWarning { return custom }
        var text = "\(group)/\(v.name) \(names.kind) is deprecated"
        if let storage = storageVersion, storage != v.name,
            let preferred = versions.first(where: { $0.served && !$0.deprecated })
        {
            text += "; use \(group)/\(preferred.name) \(names.kind)"
        }
        return text
    }
}
