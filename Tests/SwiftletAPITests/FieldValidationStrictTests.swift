import Testing

@testable import SwiftletAPI

@Suite struct FieldValidationStrictTests {
    let registry = SchemaRegistry.builtin

    func unknown(_ json: String, _ group: String = "apps", _ kind: String = "Deployment") throws -> [String] {
        let name = try #require(registry.definitionName(for: GroupVersionKind(group: group, version: "v1", kind: kind)))
        let schema = try #require(registry.definition(name))
        return StrictFieldChecker.unknownFields(in: try JSONParser.parse(json), schema: schema, registry: registry)
    }

    @Test func findsNestedAndListFields() throws {
        let paths = try unknown(
            #"""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","nmae":"x"},
             "spec":{"replica":2,"selector":{"matchLabels":{"app":"web"}},
              "template":{"metadata":{"labels":{"app":"web"}},
               "spec":{"containers":[{"name":"a","image":"nginx"},{"name":"b","imagee":"nginx","ports":[{"containerPort":80,"hostport":1}]}]}}},
             "extra":{"deep":{"x":1}}}
            """#)
        #expect(
            paths == [
                "metadata.nmae", "spec.replica",
                "spec.template.spec.containers[1].imagee", "spec.template.spec.containers[1].ports[0].hostport",
                "extra",
            ])
        #expect(
            StrictFieldChecker.strictDecodingMessage(unknownFields: Array(paths.prefix(2)))
                == "strict decoding error: unknown field \"metadata.nmae\", unknown field \"spec.replica\"")
        #expect(StrictFieldChecker.unknownFieldMessages(["spec.replica"]) == ["unknown field \"spec.replica\""])
    }

    @Test func mapsFreeFormAndListMetadataAreKnown() throws {
        #expect(
            try unknown(
                #"""
                {"metadata":{"labels":{"anything":"x"},"annotations":{"a/b":"c"},
                  "managedFields":[{"manager":"m","fieldsV1":{"f:spec":{"f:replicas":{}}}}]}}
                """#
            ).isEmpty)
        #expect(
            try unknown(
                #"{"apiVersion":"apps/v1","kind":"DeploymentList","metadata":{"resourceVersion":"1","bogus":1},"items":[{"spec":{"bad":1}}]}"#,
                "apps", "DeploymentList") == ["metadata.bogus", "items[0].spec.bad"])
        // A ControllerRevision's data is a RawExtension: anything goes.
        #expect(
            try unknown(#"{"data":{"spec":{"whatever":[1,2]}},"revision":1}"#, "apps", "ControllerRevision").isEmpty)
    }

    @Test func honoursPreserveUnknownFields() {
        let open = Schema(type: "object", properties: ["known": Schema(type: "string")], preserveUnknownFields: true)
        let root = Schema(
            type: "object",
            properties: ["spec": open, "status": Schema(type: "object", properties: ["x": Schema(type: "string")])])
        let registry = SchemaRegistry(definitions: [:])
        let value: JSONValue = ["spec": ["known": "a", "other": 1], "status": ["y": 2]]
        #expect(StrictFieldChecker.unknownFields(in: value, schema: root, registry: registry) == ["status.y"])
    }

    @Test func duplicatesAndTheBadRequestText() throws {
        var parser = JSONParser(bytes: Array(#"{"metadata":{"name":"a","name":"b"}}"#.utf8))
        _ = try parser.parseDocument()
        #expect(
            StrictFieldChecker.duplicateFieldMessages(parser.duplicateKeys) == ["duplicate field \"metadata.name\""])
        let message = try #require(
            StrictFieldChecker.strictDecodingMessage(
                unknownFields: ["spec.replica"], duplicateFields: parser.duplicateKeys))
        #expect(
            StrictFieldChecker.cannotBeHandledMessage(kind: "Deployment", version: "v1", reason: message)
                == "Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.replica\", duplicate field \"metadata.name\""
        )
        #expect(StrictFieldChecker.strictDecodingMessage(unknownFields: []) == nil)
    }
}
