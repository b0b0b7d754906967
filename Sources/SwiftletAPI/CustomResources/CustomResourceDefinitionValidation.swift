/// Upstream's validation of apiextensions.k8s.io/v1 CustomResourceDefinitions:
/// names and scope, versions (one storage version, served ones with a
/// schema), structural schemas, subresource paths and printer columns.
public enum CustomResourceDefinitionValidation {
    public struct Result: Sendable {
        public var errors: [FieldError]
        public var warnings: [String]
    }

    public static func validate(_ crd: JSONValue, old: JSONValue?) -> Result {
        var errs: [FieldError] = []
        var warnings: [String] = []
        let spec = crd["spec"] ?? .object(JSONObject())
        let specPath = FieldPath("spec")
        let info = CustomResourceDefinitionInfo(crd)
        let group = spec["group"]?.stringValue ?? ""
        let namesPath = specPath.child("names")
        let rawNames = spec["names"] ?? .object(JSONObject())
        let plural = rawNames["plural"]?.stringValue ?? ""

        if old == nil, info.name != plural + "." + group {
            errs.append(
                .invalid(FieldPath("metadata").child("name"), info.name, "must be spec.names.plural+\".\"+spec.group"))
        }
        if group.isEmpty {
            errs.append(.required(specPath.child("group")))
        } else if !NameValidation.dns1123Subdomain(group).isEmpty {
            errs.append(
                contentsOf: NameValidation.dns1123Subdomain(group).map { .invalid(specPath.child("group"), group, $0) })
        } else if !group.contains(".") {
            errs.append(.invalid(specPath.child("group"), group, "should be a domain with at least one dot"))
        }
        switch spec["scope"]?.stringValue ?? "" {
        case "Cluster", "Namespaced": break
        case "": errs.append(.required(specPath.child("scope")))
        case let other: errs.append(.notSupported(specPath.child("scope"), .string(other), ["Cluster", "Namespaced"]))
        }
        errs += validateNames(rawNames, path: namesPath)
        if spec["preserveUnknownFields"]?.boolValue == true {
            errs.append(
                .invalid(
                    specPath.child("preserveUnknownFields"), .bool(true),
                    "must be false in order to use defaults in the schema"))
        }

        let versionsPath = specPath.child("versions")
        let versions = spec["versions"]?.arrayValue ?? []
        if versions.isEmpty {
            errs.append(.required(versionsPath, "must have exactly one version marked as storage version"))
        } else if versions.filter({ $0["storage"]?.boolValue == true }).count != 1 {
            errs.append(
                .invalid(
                    versionsPath, .goSyntax(goVersions(versions)),
                    "must have exactly one version marked as storage version"))
        }
        if !versions.isEmpty, !versions.contains(where: { $0["served"]?.boolValue == true }) {
            errs.append(
                .invalid(
                    versionsPath, .goSyntax(goVersions(versions)), "must have at least one version marked as served"))
        }
        var seen = Set<String>()
        for (i, v) in versions.enumerated() {
            let path = versionsPath.index(i)
            let name = v["name"]?.stringValue ?? ""
            if name.isEmpty {
                errs.append(.required(path.child("name")))
            } else {
                errs += NameValidation.dns1035Label(name).map { .invalid(path.child("name"), name, $0) }
                if !seen.insert(name).inserted { errs.append(.duplicate(path.child("name"), .string(name))) }
            }
            let schemaPath = path.child("schema", "openAPIV3Schema")
            if let schema = v[path: ["schema", "openAPIV3Schema"]] {
                var checker = StructuralSchemaChecker()
                checker.checkRoot(schema, path: schemaPath)
                errs += checker.errors
                if StructuralSchema(schema).hasCELRules {
                    warnings.append(
                        "\(schemaPath.string): x-kubernetes-validations (CEL rules) are not enforced by this server")
                }
            } else {
                errs.append(.required(schemaPath, "schemas are required"))
            }
            if let scale = v[path: ["subresources", "scale"]], scale.objectValue != nil {
                errs += validateScale(scale, path: path.child("subresources", "scale"))
            }
            for (j, column) in (v["additionalPrinterColumns"]?.arrayValue ?? []).enumerated() {
                errs += validateColumn(column, path: path.child("additionalPrinterColumns").index(j))
            }
            if let warning = v["deprecationWarning"]?.stringValue, v["deprecated"]?.boolValue != true {
                _ = warning
                errs.append(
                    .invalid(path.child("deprecationWarning"), warning, "can only be set for deprecated versions"))
            }
        }
        if let old {
            let oldSpec = old["spec"] ?? .object(JSONObject())
            if let oldGroup = oldSpec["group"]?.stringValue, oldGroup != group {
                errs.append(.invalid(specPath.child("group"), group, "field is immutable"))
            }
            if let oldScope = oldSpec["scope"]?.stringValue, oldScope != spec["scope"]?.stringValue {
                errs.append(.invalid(specPath.child("scope"), spec["scope"]?.stringValue ?? "", "field is immutable"))
            }
            let stored = (old[path: ["status", "storedVersions"]]?.arrayValue ?? []).compactMap(\.stringValue)
            let names = Set(versions.compactMap { $0["name"]?.stringValue })
            for (i, s) in stored.enumerated() where !names.contains(s) {
                errs.append(
                    .invalid(
                        FieldPath("status").child("storedVersions").index(i), s, "must appear in spec.versions"))
            }
        }
        return Result(errors: errs, warnings: warnings)
    }

    static func goVersions(_ versions: [JSONValue]) -> String {
        "[]apiextensions.CustomResourceDefinitionVersion{"
            + versions.map { v in
                "apiextensions.CustomResourceDefinitionVersion{Name:\"\(v["name"]?.stringValue ?? "")\", Served:\(v["served"]?.boolValue ?? false), Storage:\(v["storage"]?.boolValue ?? false)}"
            }.joined(separator: ", ") + "}"
    }

    static func validateNames(_ names: JSONValue, path: FieldPath) -> [FieldError] {
        var errs: [FieldError] = []
        for field in ["plural", "singular", "listKind", "kind"] {
            let value = names[field]?.stringValue ?? ""
            if value.isEmpty {
                if field == "plural" || field == "kind" { errs.append(.required(path.child(field))) }
                continue
            }
            if field == "plural" || field == "singular" {
                errs += NameValidation.dns1035Label(value).map { .invalid(path.child(field), value, $0) }
            } else if !value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) || value.first?.isLetter != true
            {
                errs.append(
                    .invalid(
                        path.child(field), value,
                        "may have mixed case, but should otherwise match: [a-z]([-a-z0-9]*[a-z0-9])?"))
            }
        }
        if let kind = names["kind"]?.stringValue, let listKind = names["listKind"]?.stringValue, kind == listKind,
            !kind.isEmpty
        {
            errs.append(.invalid(path.child("listKind"), listKind, "kind and listKind must be different"))
        }
        for (i, short) in (names["shortNames"]?.arrayValue ?? []).compactMap(\.stringValue).enumerated() {
            errs += NameValidation.dns1035Label(short).map { .invalid(path.child("shortNames").index(i), short, $0) }
        }
        for (i, category) in (names["categories"]?.arrayValue ?? []).compactMap(\.stringValue).enumerated() {
            errs += NameValidation.dns1035Label(category).map {
                .invalid(path.child("categories").index(i), category, $0)
            }
        }
        return errs
    }

    static func validateScale(_ scale: JSONValue, path: FieldPath) -> [FieldError] {
        var errs: [FieldError] = []
        let specPath = scale["specReplicasPath"]?.stringValue ?? ""
        if specPath.isEmpty {
            errs.append(.required(path.child("specReplicasPath")))
        } else if !specPath.hasPrefix(".spec.") || (try? JSONPathExpression(specPath)) == nil {
            errs.append(.invalid(path.child("specReplicasPath"), specPath, "should be a json path under .spec"))
        }
        let statusPath = scale["statusReplicasPath"]?.stringValue ?? ""
        if statusPath.isEmpty {
            errs.append(.required(path.child("statusReplicasPath")))
        } else if !statusPath.hasPrefix(".status.") || (try? JSONPathExpression(statusPath)) == nil {
            errs.append(.invalid(path.child("statusReplicasPath"), statusPath, "should be a json path under .status"))
        }
        if let selector = scale["labelSelectorPath"]?.stringValue, !selector.isEmpty,
            !(selector.hasPrefix(".spec.") || selector.hasPrefix(".status."))
                || (try? JSONPathExpression(selector)) == nil
        {
            errs.append(
                .invalid(
                    path.child("labelSelectorPath"), selector, "should be a json path under either .spec or .status"))
        }
        return errs
    }

    static let columnTypes = ["boolean", "date", "integer", "number", "string"]

    static func validateColumn(_ column: JSONValue, path: FieldPath) -> [FieldError] {
        var errs: [FieldError] = []
        if (column["name"]?.stringValue ?? "").isEmpty { errs.append(.required(path.child("name"))) }
        let type = column["type"]?.stringValue ?? ""
        if type.isEmpty {
            errs.append(.required(path.child("type")))
        } else if !columnTypes.contains(type) {
            errs.append(.notSupported(path.child("type"), .string(type), columnTypes))
        }
        if let priority = column["priority"]?.intValue, priority < 0 {
            errs.append(.invalid(path.child("priority"), .int(priority), "must be non-negative"))
        }
        let jsonPath = column["jsonPath"]?.stringValue ?? ""
        if jsonPath.isEmpty {
            errs.append(.required(path.child("jsonPath")))
        } else {
            do {
                _ = try JSONPathExpression(jsonPath)
            } catch {
                errs.append(.invalid(path.child("jsonPath"), jsonPath, "must be a simple json path: \(error)"))
            }
        }
        return errs
    }
}

/// The rules that make a schema structural, as upstream checks them: every
/// node has a type (unless it is int-or-string or preserves unknown fields),
/// `properties` and `additionalProperties` exclude each other, arrays have
/// `items`, `metadata` declares at most name and generateName, and
/// value-validation keywords (allOf, anyOf, oneOf, not) add no structure.
struct StructuralSchemaChecker {
    var errors: [FieldError] = []

    mutating func checkRoot(_ node: JSONValue, path: FieldPath) {
        guard node.objectValue != nil else {
            errors.append(.required(path, "must be an object"))
            return
        }
        if (node["type"]?.stringValue ?? "") != "object" {
            if (node["type"]?.stringValue ?? "").isEmpty {
                errors.append(.required(path.child("type"), "must not be empty at the root"))
            } else {
                errors.append(
                    .invalid(path.child("type"), node["type"]?.stringValue ?? "", "must be object at the root"))
            }
        }
        if let meta = node[path: ["properties", "metadata"]] {
            let metaPath = path.child("properties").key("metadata")
            let declared = Set((meta["properties"]?.objectValue ?? JSONObject()).map(\.key))
            if !declared.isSubset(of: ["name", "generateName"]) || meta["additionalProperties"] != nil {
                errors.append(
                    .forbidden(
                        metaPath,
                        "must not specify anything other than name and generateName, but metadata is implicitly specified"
                    ))
            }
            if let t = meta["type"]?.stringValue, t != "object" {
                errors.append(.invalid(metaPath.child("type"), t, "must be object"))
            }
        }
        check(node, path: path, isRoot: true, inValueValidation: false)
    }

    mutating func check(_ node: JSONValue, path: FieldPath, isRoot: Bool, inValueValidation: Bool) {
        guard let o = node.objectValue else { return }
        let type = o["type"]?.stringValue ?? ""
        let intOrString = o["x-kubernetes-int-or-string"]?.boolValue == true
        let preserve = o["x-kubernetes-preserve-unknown-fields"]?.boolValue
        let embedded = o["x-kubernetes-embedded-resource"]?.boolValue == true
        if !inValueValidation {
            if type.isEmpty, !intOrString, preserve != true, !isRoot {
                errors.append(.required(path.child("type"), "must not be empty for specified object fields"))
            }
            if !type.isEmpty, !["object", "array", "string", "integer", "number", "boolean"].contains(type) {
                errors.append(
                    .notSupported(
                        path.child("type"), .string(type),
                        ["array", "boolean", "integer", "number", "object", "string"]))
            }
            if intOrString, !type.isEmpty {
                errors.append(.invalid(path.child("type"), type, "must be empty if x-kubernetes-int-or-string is true"))
            }
            if embedded, type != "object" {
                errors.append(
                    .invalid(path.child("type"), type, "must be object if x-kubernetes-embedded-resource is true"))
            }
        } else {
            for forbidden in ["type", "default", "x-kubernetes-preserve-unknown-fields", "additionalProperties"]
            where o[forbidden] != nil {
                errors.append(.forbidden(path.child(forbidden), "must be empty to be structural"))
            }
        }
        if preserve == false {
            errors.append(
                .invalid(path.child("x-kubernetes-preserve-unknown-fields"), .bool(false), "must be true or undefined"))
        }
        if o["properties"] != nil, let additional = o["additionalProperties"], additional != .null {
            errors.append(
                .forbidden(
                    path.child("additionalProperties"), "additionalProperties and properties are mutual exclusive"))
        }
        if o["additionalProperties"] == .bool(false) {
            errors.append(.forbidden(path.child("additionalProperties"), "must not be false to be structural"))
        }
        if o["uniqueItems"]?.boolValue == true {
            errors.append(
                .forbidden(
                    path.child("uniqueItems"),
                    "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"))
        }
        if type == "array", o["items"] == nil, !inValueValidation {
            errors.append(.required(path.child("items"), "must be specified"))
        }
        if let items = o["items"], items.arrayValue != nil {
            errors.append(.forbidden(path.child("items"), "items must be a schema object and not an array"))
        }
        if let pattern = o["pattern"]?.stringValue, !PatternCache.isValid(pattern) {
            errors.append(.invalid(path.child("pattern"), pattern, "must be a valid regular expression"))
        }
        for forbidden in [
            "$ref", "additionalItems", "patternProperties", "dependencies", "definitions", "id", "$schema",
        ]
        where o[forbidden] != nil {
            errors.append(.forbidden(path.child(forbidden), "\(forbidden) is not supported"))
        }
        if let listType = o["x-kubernetes-list-type"]?.stringValue {
            if !["atomic", "set", "map"].contains(listType) {
                errors.append(
                    .notSupported(path.child("x-kubernetes-list-type"), .string(listType), ["atomic", "set", "map"]))
            }
            if type != "array" {
                errors.append(
                    .invalid(path.child("type"), type, "must be array if x-kubernetes-list-type is specified"))
            }
            if listType == "map", (o["x-kubernetes-list-map-keys"]?.arrayValue ?? []).isEmpty {
                errors.append(
                    .required(
                        path.child("x-kubernetes-list-map-keys"),
                        "must not be empty if x-kubernetes-list-type is map"))
            }
        }
        if let mapType = o["x-kubernetes-map-type"]?.stringValue, !["atomic", "granular"].contains(mapType) {
            errors.append(.notSupported(path.child("x-kubernetes-map-type"), .string(mapType), ["atomic", "granular"]))
        }
        if let defaultValue = o["default"], !inValueValidation {
            let schema = StructuralSchema(node)
            let (pruned, dropped) = CustomResourcePruner.prune(defaultValue, schema: schema)
            if !dropped.isEmpty || pruned != defaultValue {
                errors.append(
                    .invalid(path.child("default"), FieldError.BadValue(defaultValue), "must not have unknown fields"))
            }
            for e in CustomResourceValidator.validate(defaultValue, schema: schema, at: "") {
                errors.append(.invalid(path.child("default"), FieldError.BadValue(defaultValue), e.message))
            }
        }
        for (name, child) in o["properties"]?.objectValue ?? JSONObject() {
            if isRoot, name == "metadata" { continue }
            check(child, path: path.child("properties").key(name), isRoot: false, inValueValidation: inValueValidation)
        }
        if let additional = o["additionalProperties"], additional.objectValue != nil {
            check(
                additional, path: path.child("additionalProperties"), isRoot: false,
                inValueValidation: inValueValidation)
        }
        if let items = o["items"], items.objectValue != nil {
            check(items, path: path.child("items"), isRoot: false, inValueValidation: inValueValidation)
        }
        for keyword in ["allOf", "anyOf", "oneOf"] {
            for (i, sub) in (o[keyword]?.arrayValue ?? []).enumerated() {
                check(sub, path: path.child(keyword).index(i), isRoot: false, inValueValidation: true)
            }
        }
        if let not = o["not"] { check(not, path: path.child("not"), isRoot: false, inValueValidation: true) }
    }
}
