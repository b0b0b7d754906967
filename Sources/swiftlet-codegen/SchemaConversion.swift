// `swiftlet-codegen schemas`: the project's schema resource from the
// Kubernetes v1.32 API definitions (the JSON Schema form kept in
// shared/kubernetes-api).
//
// The output is the OpenAPI v3 form the API server publishes under
// /openapi/v3: `type` without the "null" alternative, references as
// `#/components/schemas/NAME` (wrapped in allOf when the field carries its own
// description, as upstream does), int-or-string and quantity as strings with
// their formats. Keys keep the input order; definitions are sorted by name so
// the output is stable.

import Foundation
import SwiftletAPI

enum SchemaConversion {
    /// Converts the definitions file at `input` and writes the result to `output`.
    static func run(input: String, output: String) throws -> Int {
        let data = try Data(contentsOf: URL(fileURLWithPath: input))
        let root = try JSONParser.parse(Array(data))
        guard let defs = root["$defs"]?.objectValue else { throw CodegenError(description: "no $defs in \(input)") }
        var out = JSONObject()
        for name in defs.keys.sorted() {
            out[name] = convert(defs[name]!)
        }
        var bytes = JSONValue.object(out).serialized()
        bytes.append(UInt8(ascii: "\n"))
        try Data(bytes).write(to: URL(fileURLWithPath: output))
        return out.count
    }

    /// Rewrites one schema node from the JSON Schema form to the OpenAPI v3 form.
    static func convert(_ node: JSONValue) -> JSONValue {
        switch node {
        case .array(let items):
            return .array(items.map(convert))
        case .object(let object):
            // int-or-string and quantity are written as oneOf(string, integer|number).
            if let alternatives = object["oneOf"]?.arrayValue, alternatives.count == 2 {
                let types = alternatives.compactMap { typeName(of: $0) }
                var out = JSONObject()
                if let d = object["description"] { out["description"] = d }
                out["type"] = "string"
                if types.contains("integer") { out["format"] = "int-or-string" }
                if types.contains("number") { out["format"] = "quantity" }
                return .object(out)
            }
            var out = JSONObject()
            let hasRef = object["$ref"] != nil
            let siblingsOfRef = object.keys.contains { $0 != "$ref" }
            for (key, value) in object {
                switch key {
                case "$ref":
                    guard case .string(let ref) = value else { continue }
                    let target: JSONValue = ["$ref": .string(componentRef(ref))]
                    if siblingsOfRef { out["allOf"] = [target] } else { out["$ref"] = target["$ref"] }
                case "type":
                    if let t = typeName(of: node) { out["type"] = .string(t) }
                case "properties", "patternProperties", "$defs", "definitions":
                    var props = JSONObject()
                    for (name, schema) in value.objectValue ?? JSONObject() {
                        var converted = convert(schema)
                        // The source pins apiVersion and kind with enums; upstream's
                        // published documents do not, and one schema may serve several.
                        if name == "apiVersion" || name == "kind" { converted["enum"] = nil }
                        props[name] = converted
                    }
                    out[key] = .object(props)
                case "enum" where hasRef:
                    continue
                default:
                    out[key] = convert(value)
                }
            }
            return .object(out)
        default:
            return node
        }
    }

    /// The single JSON type of a node whose `type` may be `[T, "null"]`.
    static func typeName(of node: JSONValue) -> String? {
        switch node["type"] {
        case .string(let t): return t
        case .array(let ts): return ts.compactMap(\.stringValue).first { $0 != "null" }
        default: return nil
        }
    }

    static func componentRef(_ ref: String) -> String {
        let name = ref.split(separator: "/").last.map(String.init) ?? ref
        return "#/components/schemas/\(name)"
    }
}
