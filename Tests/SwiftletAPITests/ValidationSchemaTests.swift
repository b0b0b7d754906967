import Testing

@testable import SwiftletAPI

@Suite struct ValidationSchemaTests {
    let registry = SchemaRegistry.builtin

    func schema(_ group: String, _ version: String, _ kind: String) throws -> Schema {
        let name = try #require(
            registry.definitionName(for: GroupVersionKind(group: group, version: version, kind: kind)))
        return try #require(registry.definition(name))
    }

    func errors(_ json: String, _ group: String = "apps", _ kind: String = "Deployment") throws -> [String] {
        let object = try JSONParser.parse(json)
        return SchemaValidator.validate(object, schema: try schema(group, "v1", kind), registry: registry).map(
            \.message)
    }

    @Test func reportsTypeMismatchesWithPaths() throws {
        let errs = try errors(
            #"""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"a":1}},
             "spec":{"replicas":"3","paused":"yes","template":{"spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":"80"}]}]}}}}
            """#)
        #expect(
            errs == [
                "metadata.labels.a: Invalid value: \"integer\": metadata.labels.a in body must be of type string: \"integer\"",
                "spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"",
                "spec.paused: Invalid value: \"string\": spec.paused in body must be of type boolean: \"string\"",
                "spec.template.spec.containers[0].ports[0].containerPort: Invalid value: \"string\": spec.template.spec.containers[0].ports[0].containerPort in body must be of type integer: \"string\"",
            ])
        let first = try JSONParser.parse(#"{"spec":{"replicas":"3"}}"#)
        let e = SchemaValidator.validate(first, schema: try schema("apps", "v1", "Deployment"), registry: registry)
        #expect(e.first?.type == .typeInvalid)
        #expect(StatusCause(e[0]).reason == "FieldValueTypeInvalid")
    }

    @Test func acceptsIntOrStringQuantityAndNull() throws {
        #expect(
            try errors(
                #"""
                {"spec":{"replicas":null,"strategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":"25%"}},
                 "template":{"spec":{"containers":[{"name":"c","resources":{"limits":{"cpu":"500m","memory":"1Gi"},"requests":{"cpu":0.5}}}]}}}}
                """#
            ).isEmpty)
        #expect(
            try errors(#"{"spec":{"strategy":{"rollingUpdate":{"maxSurge":true}}}}"#) == [
                "spec.strategy.rollingUpdate.maxSurge: Invalid value: \"boolean\": spec.strategy.rollingUpdate.maxSurge in body must be of type integer,string: \"boolean\""
            ])
        #expect(
            try errors(#"{"spec":{"template":{"spec":{"containers":[{"resources":{"limits":{"cpu":"lots"}}}]}}}}"#) == [
                "spec.template.spec.containers[0].resources.limits.cpu: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
            ])
        #expect(QuantityFormat.parseError("1.5Gi") == nil)
        #expect(QuantityFormat.parseError("1e3") == nil)
        #expect(QuantityFormat.parseError("5Mm") == QuantityFormat.suffixMessage)
        #expect(QuantityFormat.parseError("5Gb") == QuantityFormat.formatMessage)
    }

    @Test func checksDateTimesAndInt32Range() throws {
        #expect(
            try errors(#"{"metadata":{"creationTimestamp":"2024-02-30T00:00:00Z"}}"#) == [
                "metadata.creationTimestamp: Invalid value: \"2024-02-30T00:00:00Z\": metadata.creationTimestamp in body must be of type date-time: \"2024-02-30T00:00:00Z\""
            ])
        #expect(
            try errors(
                #"{"metadata":{"creationTimestamp":"2024-02-29T10:11:12.5+01:00","deletionGracePeriodSeconds":9999999999}}"#
            ).isEmpty)
        #expect(
            try errors(#"{"spec":{"replicas":3000000000}}"#) == [
                "spec.replicas: Invalid value: 3000000000: spec.replicas in body must be of type int32"
            ])
    }

    @Test func checksBase64Bytes() throws {
        #expect(
            try errors(#"{"data":{"ok":"aGVsbG8=","bad":"a$b=","short":"abc"}}"#, "", "Secret") == [
                "data.bad: Invalid value: \"a$b=\": illegal base64 data at input byte 1",
                "data.short: Invalid value: \"abc\": illegal base64 data at input byte 0",
            ])
        #expect(Base64Format.firstBadOffset("aGVsbG8=\n") == nil)
        #expect(Base64Format.firstBadOffset("aGVsbG8=x") == 8)
        #expect(Base64Format.firstBadOffset("a===") == 1)
    }

    @Test func optionsForCustomResources() throws {
        let port = Schema(
            type: "object",
            properties: [
                "port": Schema(type: "integer", format: "int32"),
                "protocol": Schema(type: "string", enumValues: ["TCP", "UDP"]),
            ], required: ["port"])
        let root = Schema(
            type: "object",
            properties: ["spec": Schema(type: "object", properties: ["ports": Schema(type: "array", items: port)])])
        let object = try JSONParser.parse(#"{"spec":{"ports":[{"protocol":"TCPX"},{"port":null}]}}"#)
        let options = SchemaValidator.Options(enforceRequired: true, enforceEnums: true, allowNull: false)
        let errs = SchemaValidator.validate(
            object, schema: root, registry: SchemaRegistry(definitions: [:]), options: options)
        #expect(
            errs.map(\.message) == [
                "spec.ports[0].protocol: Unsupported value: \"TCPX\": supported values: \"TCP\", \"UDP\"",
                "spec.ports[0].port: Required value",
                "spec.ports[1].port: Invalid value: \"null\": spec.ports[1].port in body must be of type integer: \"null\"",
            ])
        // Built-in defaults: required and enums are left to kind validation.
        #expect(SchemaValidator.validate(object, schema: root, registry: SchemaRegistry(definitions: [:])).isEmpty)
    }
}
