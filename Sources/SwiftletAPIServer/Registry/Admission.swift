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
        return try admit(object, duplicates: parser.duplicateKeys, request, expectScale: expectScale)
    }

    /// Checks a decoded body's kind and apiVersion against the endpoint,
    /// applies fieldValidation to its unknown and duplicate fields, and
    /// prunes what the schema does not know.
    static func admit(
        _ object: JSONValue, duplicates: [String], _ request: ResourceRequest, expectScale: Bool = false
    ) throws(APIError) -> Decoded {
        var object = object
        if !expectScale, let reason = serverOwnedTypeError(object) {
            throw APIError.badRequest(
                StrictFieldChecker.cannotBeHandledMessage(
                    kind: request.resource.kind, version: request.resource.version, reason: reason))
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
        if let custom = request.custom, !expectScale {
            let (pruned, unknown) = custom.prune(object)
            var warnings: [String]
            do {
                warnings = try fieldValidation(unknown: unknown, duplicates: duplicates, request: request)
            } catch let error where error.code == 400 && error.message.hasPrefix("strict decoding error") {
                // Upstream names the custom kind that could not be decoded.
                throw APIError.badRequest(
                    StrictFieldChecker.cannotBeHandledMessage(
                        kind: request.resource.kind, version: request.resource.version, reason: error.message))
            }
            if let deprecation = custom.deprecationWarning { warnings.insert(deprecation, at: 0) }
            return Decoded(object: pruned, warnings: warnings)
        }
        let warnings = try checkFields(
            object, request: request, expectScale: expectScale, duplicates: duplicates)
        let pruned = expectScale ? object : prune(object, request)
        return Decoded(object: pruned, warnings: warnings)
    }

    /// Metadata the server sets itself is overwritten after decoding, but
    /// upstream decodes it into typed fields first: a wrong type or an
    /// integer that overflows is Go's unmarshal error (400), not silence.
    static func serverOwnedTypeError(_ object: JSONValue) -> String? {
        guard let meta = object["metadata"]?.objectValue else { return nil }
        let integers = ["generation", "deletionGracePeriodSeconds"]
        let strings = ["uid", "resourceVersion", "selfLink", "creationTimestamp", "deletionTimestamp"]
        for (name, value) in meta {
            let expected: String
            if integers.contains(name) {
                expected = "int64"
                switch value {
                case .null, .int: continue
                case .double(let d) where d.rounded() == d && abs(d) < 9.2e18: continue
                default: break
                }
            } else if strings.contains(name) {
                expected = "string"
                if case .string = value { continue }
                if case .null = value { continue }
            } else {
                continue
            }
            let found: String
            switch value {
            case .int, .double: found = "number \(value.serializedString())"
            case .string: found = "string"
            case .bool: found = "bool"
            case .array: found = "array"
            case .object: found = "object"
            case .null: found = "null"
            }
            let goType =
                name == "creationTimestamp" || name == "deletionTimestamp" ? "v1.Time" : expected
            if goType == "v1.Time", case .string = value { continue }
            return "json: cannot unmarshal \(found) into Go struct field ObjectMeta.metadata.\(name) of type \(goType)"
        }
        return nil
    }

    /// Applies the request's fieldValidation to unknown and duplicate
    /// fields: Strict fails, Warn (the default) returns warnings, Ignore is silent.
    static func checkFields(
        _ object: JSONValue, request: ResourceRequest, expectScale: Bool, duplicates: [String] = []
    ) throws(APIError) -> [String] {
        if let custom = request.custom, !expectScale {
            return try fieldValidation(unknown: custom.prune(object).unknown, duplicates: duplicates, request: request)
        }
        let mode = try fieldValidationMode(request)
        if mode == "Ignore" { return [] }
        let registry = SchemaRegistry.builtin
        let schemaName = expectScale ? "io.k8s.api.autoscaling.v1.Scale" : request.resource.schemaName
        guard let schema = registry.definition(schemaName) else { return [] }
        let unknown = StrictFieldChecker.unknownFields(in: object, schema: schema, registry: registry)
        return try fieldValidation(unknown: unknown, duplicates: duplicates, request: request)
    }

    static func fieldValidationMode(_ request: ResourceRequest) throws(APIError) -> String {
        let mode = request.query["fieldValidation"] ?? "Warn"
        guard ["Strict", "Warn", "Ignore"].contains(mode) else {
            throw APIError.badRequest(
                "fieldValidation: Unsupported value: \"\(mode)\": supported values: \"Ignore\", \"Strict\", \"Warn\"")
        }
        return mode
    }

    /// The request's fieldValidation over fields already found unknown.
    static func fieldValidation(unknown: [String], duplicates: [String], request: ResourceRequest) throws(APIError)
        -> [String]
    {
        let mode = try fieldValidationMode(request)
        if mode == "Ignore" || (unknown.isEmpty && duplicates.isEmpty) { return [] }
        if mode == "Strict",
            let message = StrictFieldChecker.strictDecodingMessage(unknownFields: unknown, duplicateFields: duplicates)
        {
            throw APIError.badRequest(message)
        }
        return StrictFieldChecker.unknownFieldMessages(unknown) + StrictFieldChecker.duplicateFieldMessages(duplicates)
    }

    /// Drops undeclared fields: by the CRD's schema for a custom resource,
    /// by the built-in schema otherwise.
    static func prune(_ object: JSONValue, _ request: ResourceRequest) -> JSONValue {
        if let custom = request.custom { return custom.prune(object).value }
        return prune(object, resource: request.resource)
    }

    static func prune(_ object: JSONValue, resource: ResourceInfo) -> JSONValue {
        let registry = SchemaRegistry.builtin
        guard let schema = registry.definition(resource.schemaName) else { return object }
        return SchemaPruner.prune(object, schema: schema, registry: registry)
    }

    /// Schema types, metadata and the kind's own rules; 422 with every cause.
    /// Returns the warnings a valid object earns (a CRD's unenforced rules).
    @discardableResult
    static func validate(
        _ object: JSONValue, old: JSONValue?, resource: ResourceInfo, custom: ServedCustomResource? = nil
    )
        throws(APIError) -> [String]
    {
        let registry = SchemaRegistry.builtin
        var errors: [FieldError] = []
        var warnings: [String] = []
        if let custom {
            errors += custom.validate(object, isCreate: old == nil)
        } else {
            if let schema = registry.definition(resource.schemaName) {
                errors += SchemaValidator.validate(object, schema: schema, registry: registry)
            }
            errors += KindValidators.validate(
                gvk: resource.gvk, object: object, isCreate: old == nil, namespaced: resource.namespaced)
            warnings += PodWarnings.warnings(for: object, group: resource.group, kind: resource.kind)
        }
        if resource.group == "apiextensions.k8s.io", resource.plural == "customresourcedefinitions" {
            let result = CustomResourceDefinitionValidation.validate(object, old: old)
            errors += result.errors
            warnings += result.warnings
        }
        guard !errors.isEmpty else { return warnings }
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

/// Upstream's defaults, applied on every write: per built-in kind, or
/// from a custom resource's schema.
enum Defaulting {
    static func apply(to object: inout JSONValue, resource: ResourceInfo, custom: ServedCustomResource? = nil) {
        if let custom {
            if let schema = custom.schema { object = CustomResourceDefaulter.apply(object, schema: schema) }
            return
        }
        Defaulter.apply(to: &object, gvk: resource.gvk)
        if resource.group == "apiextensions.k8s.io", resource.plural == "customresourcedefinitions" {
            defaultCustomResourceDefinition(&object)
        }
    }

    /// A CRD's defaults: the singular and list kind from the kind, and
    /// conversion `None`.
    static func defaultCustomResourceDefinition(_ crd: inout JSONValue) {
        guard var spec = crd["spec"], spec.objectValue != nil else { return }
        if var names = spec["names"], names.objectValue != nil {
            let kind = names["kind"]?.stringValue ?? ""
            if (names["singular"]?.stringValue ?? "").isEmpty, !kind.isEmpty {
                names["singular"] = .string(kind.lowercased())
            }
            if (names["listKind"]?.stringValue ?? "").isEmpty, !kind.isEmpty {
                names["listKind"] = .string(kind + "List")
            }
            spec["names"] = names
        }
        if spec["conversion"] == nil { spec["conversion"] = ["strategy": "None"] }
        crd["spec"] = spec
    }
}
