import SwiftletAPI

/// One served version of a custom resource: what requests for it need
/// beyond the `ResourceInfo` (its schema, storage version, printer columns,
/// scale paths, deprecation).
struct ServedCustomResource: Sendable {
    let definition: CustomResourceDefinitionInfo
    let version: CustomResourceDefinitionInfo.Version
    let resource: ResourceInfo
    /// The CRD is being deleted: its objects go, no new ones come.
    var terminating = false

    var schema: StructuralSchema? { version.schema }
    /// The version every object is stored at (conversion `None`: only the
    /// apiVersion differs between versions).
    var storageVersion: String { definition.storageVersion ?? version.name }
    var deprecationWarning: String? { definition.deprecationWarning(version: version.name) }

    /// The object as this version shows it: its apiVersion, and the
    /// defaults of this version's schema (defaulting on read).
    func present(_ object: JSONValue) -> JSONValue {
        // Only objects of the kind itself: a Scale stays a Scale.
        guard object["kind"]?.stringValue == resource.kind else { return object }
        var shown = object
        if let schema { shown = CustomResourceDefaulter.apply(shown, schema: schema) }
        shown["apiVersion"] = .string(resource.groupVersion.apiVersion)
        return shown
    }

    /// The object as it is stored: the storage version's apiVersion.
    func forStorage(_ object: JSONValue) -> JSONValue {
        var stored = object
        stored["apiVersion"] = .string(GroupVersion(group: definition.group, version: storageVersion).apiVersion)
        return stored
    }

    /// Prunes unknown fields (schema, and `metadata` by ObjectMeta's) and
    /// names them for field validation.
    func prune(_ object: JSONValue) -> (value: JSONValue, unknown: [String]) {
        var value = object
        var unknown: [String] = []
        if let schema {
            (value, unknown) = CustomResourcePruner.prune(object, schema: schema)
        }
        if let meta = value["metadata"], meta.objectValue != nil,
            let metaSchema = SchemaRegistry.builtin.definition("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")
        {
            let registry = SchemaRegistry.builtin
            unknown += StrictFieldChecker.unknownFields(in: meta, schema: metaSchema, registry: registry).map {
                "metadata." + $0
            }
            value["metadata"] = SchemaPruner.prune(meta, schema: metaSchema, registry: registry)
        }
        return (value, unknown)
    }

    /// Schema errors and metadata errors of an object about to be stored.
    func validate(_ object: JSONValue, isCreate: Bool) -> [FieldError] {
        var errs = ObjectMetaValidator.validate(
            meta: object["metadata"] ?? .object(JSONObject()), namespaced: definition.namespaced,
            nameRule: .dns1123Subdomain, isCreate: isCreate, kubernetesFinalizers: false)
        if let schema { errs += CustomResourceValidator.validate(object, schema: schema) }
        return errs
    }

    // MARK: Scale

    /// The autoscaling/v1 Scale view through the CRD's scale paths.
    func scale(of object: JSONValue) -> JSONValue? {
        guard let paths = version.scale else { return nil }
        var meta = JSONObject()
        for field in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            if let v = object.meta(field) { meta[field] = v }
        }
        let specReplicas = Self.path(paths.specReplicasPath).flatMap { object[path: $0]?.intValue } ?? 0
        let statusReplicas = Self.path(paths.statusReplicasPath).flatMap { object[path: $0]?.intValue } ?? 0
        var status: JSONObject = ["replicas": .int(statusReplicas)]
        if let selectorPath = paths.labelSelectorPath.flatMap(Self.path),
            let selector = object[path: selectorPath]?.stringValue, !selector.isEmpty
        {
            status["selector"] = .string(selector)
        }
        return [
            "kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": .object(meta),
            "spec": ["replicas": .int(specReplicas)], "status": .object(status),
        ]
    }

    /// Writes a replica count at the spec replicas path.
    func setReplicas(_ replicas: Int64, in object: inout JSONValue) {
        guard let path = version.scale.flatMap({ Self.path($0.specReplicasPath) }) else { return }
        object[path: path] = .int(replicas)
    }

    /// `.spec.replicas` -> ["spec", "replicas"]; nil for paths with indexes
    /// or filters, which scale paths never need.
    static func path(_ jsonPath: String) -> [String]? {
        guard jsonPath.hasPrefix("."), !jsonPath.contains("[") else { return nil }
        let parts = jsonPath.dropFirst().split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        return parts.contains("") ? nil : parts
    }
}
