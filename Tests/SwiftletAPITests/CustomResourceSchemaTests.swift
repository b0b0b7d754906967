import SwiftletAPI
import Testing

/// Structural-schema validation, pruning and defaulting of custom objects,
/// with upstream's messages for the documented cases.
@Suite("Custom resource schemas")
struct CustomResourceSchemaTests {
    static let schema = StructuralSchema([
        "type": "object",
        "properties": [
            "spec": [
                "type": "object", "required": ["image"],
                "properties": [
                    "image": ["type": "string", "minLength": 1, "maxLength": 20, "pattern": "^[a-z0-9.:/-]+$"],
                    "replicas": ["type": "integer", "format": "int32", "minimum": 0, "maximum": 10, "default": 1],
                    "ratio": ["type": "number", "exclusiveMinimum": true, "minimum": 0, "multipleOf": 0.5],
                    "tier": ["type": "string", "enum": ["frontend", "backend"]],
                    "port": ["x-kubernetes-int-or-string": true],
                    "email": ["type": "string", "format": "email"],
                    "note": ["type": "string", "nullable": true],
                    "tags": [
                        "type": "array", "maxItems": 3, "minItems": 1, "x-kubernetes-list-type": "set",
                        "items": ["type": "string"],
                    ],
                    "env": [
                        "type": "object", "additionalProperties": ["type": "string"], "maxProperties": 2,
                    ],
                    "ports": [
                        "type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"],
                        "items": [
                            "type": "object",
                            "properties": [
                                "name": ["type": "string"], "protocol": ["type": "string", "default": "TCP"],
                            ],
                        ],
                    ],
                    "template": [
                        "type": "object", "x-kubernetes-embedded-resource": true,
                        "x-kubernetes-preserve-unknown-fields": true,
                    ],
                    "extra": [
                        "type": "object", "x-kubernetes-preserve-unknown-fields": true,
                        "properties": ["known": ["type": "object", "properties": ["a": ["type": "string"]]]],
                    ],
                ],
            ]
        ],
    ])

    func messages(_ spec: JSONValue) -> [String] {
        let object: JSONValue = [
            "apiVersion": "example.com/v1", "kind": "WebApp", "metadata": ["name": "x"], "spec": spec,
        ]
        return CustomResourceValidator.validate(object, schema: Self.schema).map(\.message)
    }

    @Test func validObjectHasNoErrors() {
        #expect(
            messages([
                "image": "nginx:1.27", "replicas": 3, "ratio": 1.5, "tier": "backend", "port": "http",
                "email": "ops@example.com", "note": .null, "tags": ["a", "b"], "env": ["A": "1"],
                "ports": [["name": "http"], ["name": "https"]],
                "template": ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p"], "anything": 1],
            ]) == [])
    }

    @Test func typesAndRequiredFields() {
        #expect(messages(["replicas": 1]) == ["spec.image: Required value"])
        #expect(
            messages(["image": "a", "replicas": "three"]) == [
                #"spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string""#
            ])
        #expect(
            messages(["image": "a", "port": true]) == [
                #"spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean""#
            ])
        #expect(
            messages(["image": .null]) == [
                #"spec.image: Invalid value: "null": spec.image in body must be of type string: "null""#
            ])
        #expect(
            messages(["image": "a", "replicas": 3_000_000_000]).contains(
                "spec.replicas: Invalid value: 3000000000: spec.replicas in body must be of type int32"))
    }

    @Test func valueBounds() {
        #expect(
            messages(["image": "a", "replicas": 20]) == [
                "spec.replicas: Invalid value: 20: spec.replicas in body should be less than or equal to 10"
            ])
        #expect(
            messages(["image": "a", "ratio": 0]) == [
                "spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0"
            ])
        #expect(
            messages(["image": "a", "ratio": 0.7]) == [
                "spec.ratio: Invalid value: 0.7: spec.ratio in body should be a multiple of 0.5"
            ])
        #expect(
            messages(["image": ""]) == [
                #"spec.image: Invalid value: "": spec.image in body should be at least 1 chars long"#,
                #"spec.image: Invalid value: "": spec.image in body should match '^[a-z0-9.:/-]+$'"#,
            ])
        #expect(
            messages(["image": "abcdefghijklmnopqrstuvwxyz"]) == ["spec.image: Too long: may not be more than 20 bytes"]
        )
        #expect(
            messages(["image": "NGINX"]) == [
                #"spec.image: Invalid value: "NGINX": spec.image in body should match '^[a-z0-9.:/-]+$'"#
            ])
        #expect(
            messages(["image": "a", "tier": "middle"]) == [
                #"spec.tier: Unsupported value: "middle": supported values: "frontend", "backend""#
            ])
        #expect(
            messages(["image": "a", "email": "nobody"]) == [
                #"spec.email: Invalid value: "nobody": spec.email in body must be of type email: "nobody""#
            ])
    }

    @Test func collections() {
        #expect(
            messages(["image": "a", "tags": ["a", "b", "c", "d"]]) == [
                "spec.tags: Too many: 4: must have at most 3 items"
            ])
        #expect(
            messages(["image": "a", "tags": []]) == [
                "spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items"
            ])
        #expect(messages(["image": "a", "tags": ["a", "a"]]) == [#"spec.tags[1]: Duplicate value: "a""#])
        #expect(
            messages(["image": "a", "env": ["A": "1", "B": "2", "C": "3"]]) == [
                "spec.env: Too many: 3: must have at most 2 items"
            ])
        #expect(
            messages(["image": "a", "env": ["A": 1]]) == [
                #"spec.env.A: Invalid value: "integer": spec.env.A in body must be of type string: "integer""#
            ])
        #expect(messages(["image": "a", "ports": [["name": "x"], ["name": "x"]]]).count == 1)
        #expect(
            messages(["image": "a", "template": ["metadata": ["name": "p"]]]) == [
                "spec.template.apiVersion: Required value: must not be empty",
                "spec.template.kind: Required value: must not be empty",
            ])
    }

    @Test func pruningKeepsDeclaredAndPreservedFields() {
        let object: JSONValue = [
            "apiVersion": "example.com/v1", "kind": "WebApp", "metadata": ["name": "x"], "junk": true,
            "spec": [
                "image": "a", "bogus": 1,
                "template": ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p"], "free": ["x": 1]],
                "extra": ["anything": [1, 2], "known": ["a": "b", "dropped": 1]],
            ],
        ]
        let (pruned, dropped) = CustomResourcePruner.prune(object, schema: Self.schema)
        #expect(dropped == ["junk", "spec.bogus", "spec.extra.known.dropped"])
        #expect(pruned["junk"] == nil)
        #expect(pruned[path: ["spec", "bogus"]] == nil)
        #expect(pruned[path: ["spec", "template", "free", "x"]] == 1)
        #expect(pruned[path: ["spec", "extra", "anything"]] == [1, 2])
        #expect(pruned[path: ["spec", "extra", "known"]] == ["a": "b"])
        #expect(pruned["metadata"] == ["name": "x"])
    }

    @Test func defaultsFillMissingAndNonNullableNulls() {
        let object: JSONValue = [
            "spec": ["image": "a", "ports": [["name": "http"], ["name": "dns", "protocol": "UDP"]]]
        ]
        let defaulted = CustomResourceDefaulter.apply(object, schema: Self.schema)
        #expect(defaulted[path: ["spec", "replicas"]] == 1)
        #expect(
            defaulted[path: ["spec", "ports"]] == [
                ["name": "http", "protocol": "TCP"], ["name": "dns", "protocol": "UDP"],
            ])
        let nulls = CustomResourceDefaulter.apply(
            ["spec": ["image": "a", "replicas": .null, "tier": .null, "note": .null]], schema: Self.schema)
        #expect(nulls[path: ["spec", "replicas"]] == 1)  // null, not nullable: defaulted
        #expect(nulls[path: ["spec"]]?["tier"] == nil)  // null, not nullable, no default: dropped
        #expect(nulls[path: ["spec"]]?["note"] == .null)  // nullable: kept
    }

    @Test func jsonPathColumns() throws {
        let object: JSONValue = [
            "metadata": ["name": "x", "labels": ["app.kubernetes.io/name": "shop"]],
            "spec": ["replicas": 3, "containers": [["image": "a"], ["image": "b"]]],
            "status": ["conditions": [["type": "Ready", "status": "True"], ["type": "Synced", "status": "False"]]],
        ]
        #expect(try JSONPathExpression(".spec.replicas").evaluate(object) == [3])
        #expect(try JSONPathExpression(".spec.containers[1].image").evaluate(object) == ["b"])
        #expect(try JSONPathExpression(".spec.containers[*].image").evaluate(object) == ["a", "b"])
        #expect(try JSONPathExpression(#".status.conditions[?(@.type=="Ready")].status"#).evaluate(object) == ["True"])
        #expect(try JSONPathExpression(".metadata.labels['app.kubernetes.io/name']").evaluate(object) == ["shop"])
        #expect(try JSONPathExpression(".status.missing").evaluate(object) == [])
        #expect(throws: JSONPathExpression.ParseError.self) { try JSONPathExpression(".spec[") }
        #expect(throws: JSONPathExpression.ParseError.self) { try JSONPathExpression("spec") }
    }
}

@Suite("CustomResourceDefinition validation")
struct CustomResourceDefinitionValidationTests {
    func crd(schema: JSONValue?, versions: [JSONValue]? = nil, name: String = "webapps.example.com") -> JSONValue {
        var version: JSONValue = ["name": "v1", "served": true, "storage": true]
        if let schema { version["schema"] = ["openAPIV3Schema": schema] }
        return [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": ["name": .string(name)],
            "spec": [
                "group": "example.com", "scope": "Namespaced",
                "names": ["plural": "webapps", "singular": "webapp", "kind": "WebApp", "listKind": "WebAppList"],
                "versions": .array(versions ?? [version]),
            ],
        ]
    }

    func messages(_ crd: JSONValue) -> [String] {
        CustomResourceDefinitionValidation.validate(crd, old: nil).errors.map(\.message)
    }

    @Test func acceptsAStructuralSchema() {
        let schema: JSONValue = [
            "type": "object",
            "properties": ["spec": ["type": "object", "properties": ["image": ["type": "string"]]]],
        ]
        #expect(messages(crd(schema: schema)) == [])
    }

    @Test func namesAndVersions() {
        let schema: JSONValue = ["type": "object"]
        #expect(
            messages(crd(schema: schema, name: "apps.example.com")) == [
                #"metadata.name: Invalid value: "apps.example.com": must be spec.names.plural+"."+spec.group"#
            ])
        #expect(
            messages(crd(schema: nil)) == [
                "spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required"
            ])
        let twoStorage: [JSONValue] = [
            ["name": "v1", "served": true, "storage": true, "schema": ["openAPIV3Schema": schema]],
            ["name": "v2", "served": true, "storage": true, "schema": ["openAPIV3Schema": schema]],
        ]
        #expect(
            messages(crd(schema: nil, versions: twoStorage)).first?.hasSuffix(
                "must have exactly one version marked as storage version") == true)
    }

    @Test func rejectsNonStructuralSchemas() {
        let schema: JSONValue = [
            "type": "object",
            "properties": [
                "spec": [
                    "properties": ["a": ["type": "string"]], "additionalProperties": ["type": "string"],
                ],
                "list": ["type": "array"],
                "unique": ["type": "array", "uniqueItems": true, "items": ["type": "string"]],
                "metadata": ["type": "object", "properties": ["labels": ["type": "object"]]],
            ],
        ]
        let found = messages(crd(schema: schema))
        let base = "spec.versions[0].schema.openAPIV3Schema"
        #expect(
            found.contains(
                "\(base).properties[spec].type: Required value: must not be empty for specified object fields"))
        #expect(
            found.contains(
                "\(base).properties[spec].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive"
            ))
        #expect(found.contains("\(base).properties[list].items: Required value: must be specified"))
        #expect(
            found.contains(
                "\(base).properties[unique].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic"
            ))
        #expect(
            found.contains(
                "\(base).properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified"
            ))
    }

    @Test func celRulesWarnInsteadOfPassingSilently() {
        let schema: JSONValue = [
            "type": "object",
            "properties": ["spec": ["type": "object", "x-kubernetes-validations": [["rule": "self.a > 0"]]]],
        ]
        let result = CustomResourceDefinitionValidation.validate(crd(schema: schema), old: nil)
        #expect(result.errors.isEmpty)
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.contains("x-kubernetes-validations") == true)
    }
}
