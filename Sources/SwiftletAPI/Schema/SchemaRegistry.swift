import Foundation

/// Every schema definition the server knows, by name, with lookups by kind.
public struct SchemaRegistry: Sendable {
    public let definitions: [String: Schema]
    private let byKind: [GroupVersionKind: String]

    public init(definitions: [String: Schema]) {
        self.definitions = definitions
        var byKind: [GroupVersionKind: String] = [:]
        for (name, schema) in definitions {
            for gvk in schema.groupVersionKinds { byKind[gvk] = name }
        }
        self.byKind = byKind
    }

    /// Reads the generated document: an object of definition name -> schema.
    public init(openAPIDefinitions document: JSONValue) {
        var defs: [String: Schema] = [:]
        for (name, node) in document.objectValue ?? JSONObject() {
            defs[name] = Schema(openAPI: node)
        }
        self.init(definitions: defs)
    }

    /// Follows references until a schema with its own content.
    public func resolve(_ schema: Schema) -> Schema {
        var current = schema
        var hops = 0
        while let ref = current.ref, let next = definitions[ref], hops < 32 {
            current = next
            hops += 1
        }
        return current
    }

    public func definition(_ name: String) -> Schema? { definitions[name] }

    public func definitionName(for gvk: GroupVersionKind) -> String? { byKind[gvk] }

    /// The resolved schema of a field of an object schema, or nil if unknown.
    public func property(_ name: String, of schema: Schema) -> Schema? {
        resolve(schema).properties[name].map(resolve)
    }

    /// The resolved schema of list items or map values.
    public func element(of schema: Schema) -> Schema? {
        let s = resolve(schema)
        if let items = s.items { return resolve(items) }
        if let values = s.additionalProperties { return resolve(values) }
        return nil
    }
}

extension SchemaRegistry {
    /// The raw generated document (OpenAPI v3 component schemas), for
    /// publishing under /openapi/v3.
    public static let builtinDocument: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "schemas", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { return Array("{}".utf8) }
        return Array(data)
    }()

    /// The Kubernetes v1.32 built-in schemas.
    public static let builtin: SchemaRegistry = {
        let document = (try? JSONParser.parse(builtinDocument)) ?? .object(JSONObject())
        return SchemaRegistry(openAPIDefinitions: document)
    }()
}
