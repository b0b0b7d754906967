import SwiftletAPI

/// Turning a request body into an object the server will store: decoding,
/// field validation (strict, warn or ignore), pruning, and validation.
enum Admission {
    struct Decoded {
        var object: JSONValue
        var warnings: [String]
    }

    /// Parses a JSON body with the hostile-input bounds.
    static func parseJSON(_ body: [UInt8]) throws(APIError) -> JSONValue {
        do {
            return try JSONParser.parse(body)
        } catch {
            throw APIError.badRequest("the body of the request could not be decoded as JSON: \(error)")
        }
    }

    /// Decodes a create or update body for `request`'s resource (or a
    /// Scale for the scale subresource), checking its kind and apiVersion.
    static func decode(_ request: ResourceRequest, expectScale: Bool = false) throws(APIError) -> Decoded {
        let type = request.contentType
        guard type.isEmpty || type == MediaTypes.json || type == "*/*" else {
            throw APIError.unsupportedMediaType(type)
        }
        var parser = JSONParser(bytes: request.body)
        var object: JSONValue
        do {
            object = try parser.parseDocument()
        } catch {
            throw APIError.badRequest("the body of the request could not be decoded as JSON: \(error)")
        }
        guard object.objectValue != nil else {
            throw APIError.badRequest("the body of the request must be a JSON object, not \(object.typeName)")
        }
        let expected: (apiVersion: String, kind: String) =
            expectScale
            ? ("autoscaling/v1", "Scale") : (request.resource.groupVersion.apiVersion, request.resource.kind)
        // A body without kind and apiVersion takes the endpoint's, as
        // upstream's decoder defaults them (the Python client sends none).
        if object["kind"] == nil || object["kind"] == "" { object["kind"] = .string(expected.kind) }
        if object["apiVersion"] == nil || object["apiVersion"] == "" {
            object["apiVersion"] = .string(expected.apiVersion)
        }
        guard let kind = object["kind"]?.stringValue else {
            throw APIError.badRequest(
                "Object 'Kind' is missing in '\(String(decoding: request.body.prefix(200), as: UTF8.self))'")
        }
        let apiVersion = object["apiVersion"]?.stringValue ?? ""
        if apiVersion != expected.apiVersion {
            throw APIError.badRequest(
                "the API version in the data (\(apiVersion)) does not match the expected API version (\(expected.apiVersion))"
            )
        }
        if kind != expected.kind {
            throw APIError.badRequest(
                "the kind in the data (\(kind)) does not match the expected kind (\(expected.kind))")
        }
        let warnings = try checkFields(
            object, request: request, expectScale: expectScale, duplicates: parser.duplicateKeys)
        let pruned = expectScale ? object : prune(object, resource: request.resource)
        return Decoded(object: pruned, warnings: warnings)
    }

    /// Applies the request's fieldValidation to unknown and duplicate
    /// fields: Strict fails, Warn (the default) returns warnings, Ignore is silent.
    static func checkFields(
        _ object: JSONValue, request: ResourceRequest, expectScale: Bool, duplicates: [String] = []
    ) throws(APIError) -> [String] {
        let mode = request.query["fieldValidation"] ?? "Warn"
        guard ["Strict", "Warn", "Ignore"].contains(mode) else {
            throw APIError.badRequest(
                "fieldValidation: Unsupported value: \"\(mode)\": supported values: \"Ignore\", \"Strict\", \"Warn\"")
        }
        if mode == "Ignore" { return [] }
        let registry = SchemaRegistry.builtin
        let schemaName = expectScale ? "io.k8s.api.autoscaling.v1.Scale" : request.resource.schemaName
        guard let schema = registry.definition(schemaName) else { return [] }
        let unknown = StrictFieldChecker.unknownFields(in: object, schema: schema, registry: registry)
        if unknown.isEmpty, duplicates.isEmpty { return [] }
        if mode == "Strict",
            let message = StrictFieldChecker.strictDecodingMessage(unknownFields: unknown, duplicateFields: duplicates)
        {
            throw APIError.badRequest(message)
        }
        return StrictFieldChecker.unknownFieldMessages(unknown) + StrictFieldChecker.duplicateFieldMessages(duplicates)
    }

    static func prune(_ object: JSONValue, resource: ResourceInfo) -> JSONValue {
        let registry = SchemaRegistry.builtin
        guard let schema = registry.definition(resource.schemaName) else { return object }
        return SchemaPruner.prune(object, schema: schema, registry: registry)
    }

    /// Schema types, metadata and the kind's own rules; 422 with every cause.
    static func validate(_ object: JSONValue, old: JSONValue?, resource: ResourceInfo) throws(APIError) {
        let registry = SchemaRegistry.builtin
        var errors: [FieldError] = []
        if let schema = registry.definition(resource.schemaName) {
            errors += SchemaValidator.validate(object, schema: schema, registry: registry)
        }
        errors += KindValidators.validate(
            gvk: resource.gvk, object: object, isCreate: old == nil, namespaced: resource.namespaced)
        guard !errors.isEmpty else { return }
        throw APIError.invalid(
            kind: resource.kind, group: resource.group, name: object.name,
            causes: errors.map { e in
                let cause = StatusCause(e)
                return APIError.Cause(reason: cause.reason, message: cause.message, field: cause.field)
            })
    }

    static func applyJSONPatch(_ patch: JSONValue, to object: JSONValue) throws(APIError) -> JSONValue {
        do {
            return try JSONPatch.apply(patch, to: object)
        } catch {
            throw apiError(error)
        }
    }

    static func applyStrategicMergePatch(
        _ patch: JSONValue, to object: JSONValue, schema: Schema, registry: SchemaRegistry
    ) throws(APIError) -> JSONValue {
        do {
            return try StrategicMergePatch.apply(patch, to: object, schema: schema, registry: registry)
        } catch {
            throw apiError(error)
        }
    }

    static func apiError(_ error: PatchError) -> APIError {
        var e = APIError(code: error.statusCode, reason: error.statusReason, message: error.statusMessage)
        if let cause = error.statusCauseMessage {
            e.causes = [APIError.Cause(reason: "UnexpectedServerResponse", message: cause, field: "")]
        }
        return e
    }
}

/// Upstream's defaults for built-in kinds, applied on every write.
enum Defaulting {
    static func apply(to object: inout JSONValue, resource: ResourceInfo) {
        Defaulter.apply(to: &object, gvk: resource.gvk)
    }
}
