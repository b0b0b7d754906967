import Crypto
import Foundation
import SwiftletAPI
import Synchronization

/// The OpenAPI v3 documents under /openapi/v3: an index, then one document
/// per group version with its paths and the component schemas they reach.
/// kubectl reads them for `explain`, client-side apply merge strategies and
/// to learn that the server validates fields itself (`fieldValidation`).
///
/// Documents are built on first request and kept as bytes.
final class OpenAPIDocuments: Sendable {
    struct Document: Sendable {
        let bytes: [UInt8]
        let hash: String
    }

    private let resources: ResourceTable
    private let custom: [GroupVersionResource: ServedCustomResource]
    private let cache = Mutex<[GroupVersion: Document]>([:])
    private let indexCache = Mutex<[UInt8]?>(nil)

    init(resources: ResourceTable, custom: [GroupVersionResource: ServedCustomResource] = [:]) {
        self.resources = resources
        self.custom = custom
    }

    /// `/openapi/v3` relative path of a group version: `api/v1`, `apis/apps/v1`.
    static func path(_ gv: GroupVersion) -> String {
        gv.group.isEmpty ? "api/\(gv.version)" : "apis/\(gv.group)/\(gv.version)"
    }

    func groupVersion(forPath path: String) -> GroupVersion? {
        resources.groupVersions.first { Self.path($0) == path }
    }

    func index() -> [UInt8] {
        if let cached = indexCache.withLock({ $0 }) { return cached }
        var paths = JSONObject()
        for gv in resources.groupVersions {
            let doc = document(gv)
            paths[Self.path(gv)] = ["serverRelativeURL": .string("/openapi/v3/\(Self.path(gv))?hash=\(doc.hash)")]
        }
        var bytes = JSONValue.object(["paths": .object(paths)]).serialized()
        bytes.append(UInt8(ascii: "\n"))
        indexCache.withLock { $0 = bytes }
        return bytes
    }

    func document(_ gv: GroupVersion) -> Document {
        if let cached = cache.withLock({ $0[gv] }) { return cached }
        let built = build(gv)
        cache.withLock { $0[gv] = built }
        return built
    }

    private func build(_ gv: GroupVersion) -> Document {
        let all = (try? JSONParser.parse(SchemaRegistry.builtinDocument))?.objectValue ?? JSONObject()
        let served = resources.resources(in: gv)
        var roots = [
            "io.k8s.apimachinery.pkg.apis.meta.v1.Status", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions",
            "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent", "io.k8s.apimachinery.pkg.apis.meta.v1.Patch",
        ]
        var customSchemas: [(String, JSONValue)] = []
        for r in served {
            roots.append(r.schemaName)
            roots.append(r.schemaName + "List")
            if r.subresource("scale") != nil { roots.append("io.k8s.api.autoscaling.v1.Scale") }
            if let served = custom[r.gvr] {
                roots += [
                    "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta",
                ]
                customSchemas += Self.customSchemas(served)
            }
        }
        let names = Self.reachable(from: roots, in: all)
        var schemas = JSONObject()
        for name in names.sorted() { if let s = all[name] { schemas[name] = s } }
        for (name, schema) in customSchemas { schemas[name] = schema }
        var paths = JSONObject()
        for r in served {
            for (path, item) in OpenAPIPaths.items(for: r) { paths[path] = item }
        }
        let doc: JSONValue = [
            "openapi": "3.0.0",
            "info": ["title": "Kubernetes", "version": "v1.32.0"],
            "paths": .object(paths),
            "components": ["schemas": .object(schemas)],
        ]
        let bytes = doc.serialized()
        let hash = SHA512.hash(data: bytes).prefix(32).map { String(format: "%02X", $0) }.joined()
        return Document(bytes: bytes, hash: hash)
    }

    /// A custom kind's object and list definitions: the CRD's schema with
    /// apiVersion, kind and metadata declared, as upstream publishes them.
    static func customSchemas(_ served: ServedCustomResource) -> [(String, JSONValue)] {
        let r = served.resource
        let gvk: JSONValue = [
            ["group": .string(r.group), "kind": .string(r.kind), "version": .string(r.version)]
        ]
        var object = served.schema?.source ?? ["type": "object", "x-kubernetes-preserve-unknown-fields": true]
        var properties = object["properties"]?.objectValue ?? JSONObject()
        properties["apiVersion"] = [
            "type": "string",
            "description": "APIVersion defines the versioned schema of this representation of an object.",
        ]
        properties["kind"] = [
            "type": "string",
            "description": "Kind is a string value representing the REST resource this object represents.",
        ]
        properties["metadata"] = [
            "allOf": [OpenAPIPaths.ref("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")],
            "description": "Standard object's metadata.",
        ]
        object["properties"] = .object(properties)
        object["x-kubernetes-group-version-kind"] = gvk
        let listGVK: JSONValue = [
            ["group": .string(r.group), "kind": .string(r.listKind), "version": .string(r.version)]
        ]
        let list: JSONValue = [
            "type": "object", "required": ["items"],
            "description": .string("\(r.kind)List is a list of \(r.kind)"),
            "properties": [
                "apiVersion": ["type": "string"], "kind": ["type": "string"],
                "items": ["type": "array", "items": OpenAPIPaths.ref(r.schemaName)],
                "metadata": ["allOf": [OpenAPIPaths.ref("io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta")]],
            ],
            "x-kubernetes-group-version-kind": listGVK,
        ]
        return [(r.schemaName, object), (r.schemaName + "List", list)]
    }

    /// Definitions reachable through `$ref` from the roots.
    static func reachable(from roots: [String], in all: JSONObject) -> Set<String> {
        var seen = Set<String>()
        var stack = roots.filter { all[$0] != nil }
        while let name = stack.popLast() {
            guard seen.insert(name).inserted, let schema = all[name] else { continue }
            collectRefs(schema) { ref in
                if !seen.contains(ref), all[ref] != nil { stack.append(ref) }
            }
        }
        return seen
    }

    private static func collectRefs(_ value: JSONValue, _ found: (String) -> Void) {
        switch value {
        case .object(let o):
            for (k, v) in o {
                if k == "$ref", let ref = v.stringValue, let name = ref.split(separator: "/").last {
                    found(String(name))
                } else {
                    collectRefs(v, found)
                }
            }
        case .array(let items):
            for item in items { collectRefs(item, found) }
        default:
            break
        }
    }
}
