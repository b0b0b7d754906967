// Which definitions become models, and the Swift type of every schema node.

import SwiftletAPI

/// A definition that becomes a struct.
struct ModelDefinition {
    /// The schema definition name, e.g. `io.k8s.api.apps.v1.Deployment`.
    var definitionName: String
    /// The namespace enum, e.g. `AppsV1`.
    var namespace: String
    /// The struct name inside the namespace, e.g. `Deployment`.
    var typeName: String
    var summary: String
    var properties: [ModelProperty]
    /// Set when the schema names exactly one group, version and kind.
    var groupVersionKind: GroupVersionKind?
    var role: Role

    enum Role: Equatable {
        /// A part of other objects (a spec, a status, a volume source, ...).
        case plain
        /// A kind with its own apiVersion and kind, but no served resource.
        case object
        /// A kind served by `BuiltinResources.table`.
        case resource
        /// The list kind of a served resource; the payload is the item type.
        case list(item: String)
    }

    var qualifiedName: String { "\(namespace).\(typeName)" }
}

struct ModelProperty {
    var jsonName: String
    var swiftName: String
    var swiftType: String
    var summary: String
    /// The value is an RFC 3339 time (`metav1.Time` or `MicroTime`).
    var isTime: Bool
}

/// Reads the OpenAPI component schemas and decides, for each definition,
/// whether it is a model and how its fields are typed.
struct ModelCatalog {
    let schemas: JSONObject

    /// Packages always generated besides `io.k8s.api.<group>.<stable version>`.
    static let extraPackages: Set<String> = [
        "io.k8s.apimachinery.pkg.apis.meta.v1",
        "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1",
        "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1",
    ]

    /// Names that generated code uses unqualified inside a namespace, so no
    /// struct may take them.
    static let reservedTypeNames: Set<String> = [
        "String", "Bool", "Int32", "Int64", "Double", "JSONValue", "JSONObject", "IntOrString", "Quantity",
        "GroupVersionKind", "ResourceInfo", "Sendable", "Equatable", "Codable", "JSONBacked", "KubernetesObject",
        "KubernetesResource", "KubernetesList", "Item",
    ]

    /// The package of a definition name: everything before the last dot.
    static func package(of name: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return "" }
        return String(name[..<dot])
    }

    static func shortName(of name: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return name }
        return String(name[name.index(after: dot)...])
    }

    /// Whether a definition's package is generated: the stable versions
    /// (`v1`, `v2`, ...) of `io.k8s.api.*` and the extra packages.
    static func isGeneratedPackage(_ package: String) -> Bool {
        if extraPackages.contains(package) { return true }
        let parts = package.split(separator: ".")
        guard parts.count == 5, parts[0] == "io", parts[1] == "k8s", parts[2] == "api" else { return false }
        let version = parts[4]
        return version.count > 1 && version.first == "v" && version.dropFirst().allSatisfy(\.isNumber)
    }

    /// Whether a definition becomes a struct: a generated package and an
    /// object schema with properties.
    func isModel(_ name: String) -> Bool {
        guard ModelCatalog.isGeneratedPackage(ModelCatalog.package(of: name)), let schema = schemas[name] else {
            return false
        }
        return !(schema["properties"]?.objectValue?.isEmpty ?? true)
    }

    // MARK: Types

    /// The Swift type of a schema node, and whether it holds a time.
    func swiftType(of node: JSONValue) -> (type: String, isTime: Bool) {
        if let ref = referencedName(node) { return swiftType(ofDefinition: ref) }
        if node["x-kubernetes-int-or-string"]?.boolValue == true { return ("IntOrString", false) }
        switch node["type"]?.stringValue {
        case "string":
            switch node["format"]?.stringValue {
            case "int-or-string": return ("IntOrString", false)
            case "quantity": return ("Quantity", false)
            case "date-time": return ("String", true)
            default: return ("String", false)
            }
        case "integer":
            return (node["format"]?.stringValue == "int32" ? "Int32" : "Int64", false)
        case "number":
            return ("Double", false)
        case "boolean":
            return ("Bool", false)
        case "array":
            guard let items = node["items"] else { return ("[JSONValue]", false) }
            let element = swiftType(of: items)
            return ("[\(element.type)]", element.isTime)
        case "object":
            if let values = node["additionalProperties"], case .object = values {
                let element = swiftType(of: values)
                return ("[String: \(element.type)]", element.isTime)
            }
            return ("JSONValue", false)
        default:
            return ("JSONValue", false)
        }
    }

    /// The Swift type a reference to `name` reads as: the model struct, or
    /// the type of a definition that is not a struct (`Time` is a string,
    /// `Quantity` a quantity), or `JSONValue` for definitions left out.
    func swiftType(ofDefinition name: String) -> (type: String, isTime: Bool) {
        if isModel(name) {
            let package = ModelCatalog.package(of: name)
            return ("\(SwiftNames.namespace(forPackage: package)).\(ModelCatalog.shortName(of: name))", false)
        }
        guard let schema = schemas[name] else { return ("JSONValue", false) }
        switch schema["format"]?.stringValue {
        case "int-or-string": return ("IntOrString", false)
        case "quantity": return ("Quantity", false)
        default: break
        }
        // Other definitions of generated packages that are not structs:
        // `Time` and `MicroTime` (strings), `FieldsV1` (free-form), ...
        if ModelCatalog.isGeneratedPackage(ModelCatalog.package(of: name)) && referencedName(schema) == nil {
            return swiftType(of: schema)
        }
        return ("JSONValue", false)
    }

    /// The definition a node points at, through `$ref` or a one-element `allOf`.
    func referencedName(_ node: JSONValue) -> String? {
        let ref = node["$ref"]?.stringValue ?? node["allOf"]?.arrayValue?.first?["$ref"]?.stringValue
        return ref.map(ModelCatalog.shortNameOfRef)
    }

    static func shortNameOfRef(_ ref: String) -> String {
        guard let slash = ref.lastIndex(of: "/") else { return ref }
        return String(ref[ref.index(after: slash)...])
    }

    // MARK: Models

    /// Every model, sorted by namespace and then by type name.
    func models() throws -> [ModelDefinition] {
        let names = schemas.keys.filter(isModel)
        var models = try names.map(model)
        models.sort { ($0.namespace, $0.typeName) < ($1.namespace, $1.typeName) }
        // Lists of served resources, now that every resource is known.
        let resources = Set(models.filter { $0.role == .resource }.map(\.definitionName))
        for index in models.indices where models[index].role == .object {
            if let item = listItem(of: models[index]), resources.contains(item) {
                let itemType = swiftType(ofDefinition: item).type
                models[index].role = .list(item: itemType)
            }
        }
        return models
    }

    private func model(_ name: String) throws -> ModelDefinition {
        let schema = schemas[name] ?? .object(JSONObject())
        let package = ModelCatalog.package(of: name)
        let typeName = ModelCatalog.shortName(of: name)
        if ModelCatalog.reservedTypeNames.contains(typeName) || SwiftNames.keywords.contains(typeName) {
            throw CodegenError(description: "\(name): the type name \(typeName) is reserved")
        }
        var properties: [ModelProperty] = []
        var seen: Set<String> = ["json"]
        for (jsonName, node) in schema["properties"]?.objectValue ?? JSONObject() {
            let swiftName = SwiftNames.propertyName(jsonName)
            guard seen.insert(swiftName.replacingBackticks()).inserted else {
                throw CodegenError(description: "\(name): two properties are named \(swiftName) in Swift")
            }
            let (type, isTime) = swiftType(of: node)
            properties.append(
                ModelProperty(
                    jsonName: jsonName, swiftName: swiftName, swiftType: type,
                    summary: DocComments.summary(node["description"]?.stringValue ?? ""), isTime: isTime))
        }
        properties.sort { $0.jsonName < $1.jsonName }

        let gvks = schema["x-kubernetes-group-version-kind"]?.arrayValue ?? []
        var gvk: GroupVersionKind? = nil
        var role = ModelDefinition.Role.plain
        if gvks.count == 1, let version = gvks[0]["version"]?.stringValue, let kind = gvks[0]["kind"]?.stringValue {
            let found = GroupVersionKind(group: gvks[0]["group"]?.stringValue ?? "", version: version, kind: kind)
            gvk = found
            role = .object
            if let row = BuiltinResources.table.byKind(found), row.schemaName == name {
                role = .resource
            }
        }
        return ModelDefinition(
            definitionName: name, namespace: SwiftNames.namespace(forPackage: package), typeName: typeName,
            summary: DocComments.summary(schema["description"]?.stringValue ?? ""), properties: properties,
            groupVersionKind: gvk, role: role)
    }

    /// The definition a list kind's `items` hold, for kinds named `...List`.
    private func listItem(of model: ModelDefinition) -> String? {
        guard let kind = model.groupVersionKind?.kind, kind.hasSuffix("List"),
            let items = schemas[model.definitionName]?["properties"]?["items"],
            items["type"]?.stringValue == "array", let element = items["items"]
        else { return nil }
        return referencedName(element)
    }
}

extension String {
    fileprivate func replacingBackticks() -> String { filter { $0 != "`" } }
}
