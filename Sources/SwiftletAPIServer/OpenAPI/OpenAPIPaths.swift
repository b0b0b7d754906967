import SwiftletAPI

/// The path items of one resource in upstream's OpenAPI v3 shape: the
/// operations, their `x-kubernetes-action` and `x-kubernetes-group-version-kind`
/// extensions, and the query parameters clients look for.
enum OpenAPIPaths {
    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    static func parameter(
        _ name: String, in location: String = "query", description: String, type: String = "string",
        required: Bool = false
    ) -> JSONValue {
        var o: JSONObject = [
            "name": .string(name), "in": .string(location), "description": .string(description),
        ]
        if required { o["required"] = true }
        o["schema"] = ["type": .string(type), "uniqueItems": true]
        return .object(o)
    }

    static let dryRun = parameter(
        "dryRun",
        description:
            "When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed"
    )
    static let fieldManager = parameter(
        "fieldManager",
        description: "fieldManager is a name associated with the actor or entity that is making these changes.")
    static let fieldValidation = parameter(
        "fieldValidation",
        description:
            "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict"
    )
    static let force = parameter(
        "force",
        description:
            "Force is going to \"force\" Apply requests. It means user will re-acquire conflicting fields owned by other people.",
        type: "boolean")
    static let pretty = parameter("pretty", description: "If 'true', then the output is pretty printed.")

    static func response(_ schema: JSONValue, codes: [String]) -> JSONValue {
        let content: JSONValue = [
            "application/json": ["schema": schema], "application/yaml": ["schema": schema],
            "application/vnd.kubernetes.protobuf": ["schema": schema],
        ]
        var o = JSONObject()
        for code in codes { o[code] = ["description": code == "201" ? "Created" : "OK", "content": content] }
        o["401"] = ["description": "Unauthorized"]
        return .object(o)
    }

    static func operation(
        _ id: String, action: String, gvk: (String, String, String), parameters: [JSONValue] = [],
        body: JSONValue? = nil,
        responses: JSONValue
    ) -> JSONValue {
        var o: JSONObject = ["operationId": .string(id)]
        if !parameters.isEmpty { o["parameters"] = .array(parameters) }
        if let body { o["requestBody"] = body }
        o["responses"] = responses
        o["x-kubernetes-action"] = .string(action)
        o["x-kubernetes-group-version-kind"] = [
            "group": .string(gvk.0), "version": .string(gvk.1), "kind": .string(gvk.2),
        ]
        return .object(o)
    }

    static func jsonBody(_ schema: JSONValue) -> JSONValue {
        ["content": ["*/*": ["schema": schema]], "required": true]
    }

    static let patchBody: JSONValue = [
        "content": [
            "application/apply-patch+yaml": ["schema": ref("io.k8s.apimachinery.pkg.apis.meta.v1.Patch")],
            "application/json-patch+json": ["schema": ref("io.k8s.apimachinery.pkg.apis.meta.v1.Patch")],
            "application/merge-patch+json": ["schema": ref("io.k8s.apimachinery.pkg.apis.meta.v1.Patch")],
            "application/strategic-merge-patch+json": ["schema": ref("io.k8s.apimachinery.pkg.apis.meta.v1.Patch")],
        ],
        "required": true,
    ]

    /// Upstream's operation id style: `readAppsV1NamespacedDeployment`.
    static func operationID(_ verb: String, _ r: ResourceInfo, suffix: String = "") -> String {
        let groupPart: String
        if r.group.isEmpty {
            groupPart = "Core"
        } else {
            let first = r.group.split(separator: ".").first.map(String.init) ?? r.group
            groupPart = first.prefix(1).uppercased() + first.dropFirst()
        }
        let version = r.version.prefix(1).uppercased() + r.version.dropFirst()
        return verb + groupPart + version + (r.namespaced ? "Namespaced" : "") + r.kind + suffix
    }

    static func items(for r: ResourceInfo) -> [(String, JSONValue)] {
        let base = r.groupVersion.pathPrefix + (r.namespaced ? "/namespaces/{namespace}/" : "/") + r.plural
        let gvk = (r.group, r.version, r.kind)
        let object = ref(r.schemaName)
        let list = ref(r.schemaName + "List")
        let common: [JSONValue] =
            [pretty]
            + (r.namespaced
                ? [
                    parameter(
                        "namespace", in: "path",
                        description: "object name and auth scope, such as for teams and projects", required: true)
                ] : [])
        var out: [(String, JSONValue)] = []

        var collection: JSONObject = [:]
        if r.verbs.contains("list") {
            collection["get"] = operation(
                operationID("list", r), action: "list", gvk: gvk, responses: response(list, codes: ["200"]))
        }
        if r.verbs.contains("create") {
            collection["post"] = operation(
                operationID("create", r), action: "post", gvk: gvk,
                parameters: [dryRun, fieldManager, fieldValidation],
                body: jsonBody(object), responses: response(object, codes: ["200", "201", "202"]))
        }
        if r.verbs.contains("deletecollection") {
            collection["delete"] = operation(
                operationID("deletecollection", r, suffix: ""), action: "deletecollection", gvk: gvk,
                parameters: [dryRun],
                responses: response(ref("io.k8s.apimachinery.pkg.apis.meta.v1.Status"), codes: ["200"]))
        }
        collection["parameters"] = .array(common)
        out.append((base, .object(collection)))

        var item: JSONObject = [:]
        let name = parameter("name", in: "path", description: "name of the \(r.kind)", required: true)
        if r.verbs.contains("get") {
            item["get"] = operation(
                operationID("read", r), action: "get", gvk: gvk, responses: response(object, codes: ["200"]))
        }
        if r.verbs.contains("update") {
            item["put"] = operation(
                operationID("replace", r), action: "put", gvk: gvk,
                parameters: [dryRun, fieldManager, fieldValidation],
                body: jsonBody(object), responses: response(object, codes: ["200", "201"]))
        }
        if r.verbs.contains("delete") {
            item["delete"] = operation(
                operationID("delete", r), action: "delete", gvk: gvk, parameters: [dryRun],
                body: ["content": ["*/*": ["schema": ref("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions")]]],
                responses: response(ref("io.k8s.apimachinery.pkg.apis.meta.v1.Status"), codes: ["200", "202"]))
        }
        if r.verbs.contains("patch") {
            item["patch"] = operation(
                operationID("patch", r), action: "patch", gvk: gvk,
                parameters: [dryRun, fieldManager, fieldValidation, force],
                body: patchBody, responses: response(object, codes: ["200", "201"]))
        }
        item["parameters"] = .array([name] + common)
        out.append((base + "/{name}", .object(item)))

        for sub in r.subresources where sub.name == "status" || sub.name == "scale" {
            let subObject = sub.name == "scale" ? ref("io.k8s.api.autoscaling.v1.Scale") : object
            let subGVK = (sub.group, sub.version, sub.kind)
            let suffix = sub.name == "scale" ? "Scale" : "Status"
            var s: JSONObject = [:]
            if sub.verbs.contains("get") {
                s["get"] = operation(
                    operationID("read", r, suffix: suffix), action: "get", gvk: subGVK,
                    responses: response(subObject, codes: ["200"]))
            }
            if sub.verbs.contains("update") {
                s["put"] = operation(
                    operationID("replace", r, suffix: suffix), action: "put", gvk: subGVK,
                    parameters: [dryRun, fieldManager, fieldValidation], body: jsonBody(subObject),
                    responses: response(subObject, codes: ["200", "201"]))
            }
            if sub.verbs.contains("patch") {
                s["patch"] = operation(
                    operationID("patch", r, suffix: suffix), action: "patch", gvk: subGVK,
                    parameters: [dryRun, fieldManager, fieldValidation, force], body: patchBody,
                    responses: response(subObject, codes: ["200", "201"]))
            }
            s["parameters"] = .array([name] + common)
            out.append((base + "/{name}/\(sub.name)", .object(s)))
        }
        return out
    }
}
