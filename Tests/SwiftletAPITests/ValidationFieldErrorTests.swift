import Testing

@testable import SwiftletAPI

@Suite struct ValidationFieldErrorTests {
    @Test func rendersEachTypeAsUpstream() {
        let p = FieldPath("spec").child("template", "spec").child("containers").index(0).child("image")
        #expect(p.string == "spec.template.spec.containers[0].image")
        #expect(FieldError.required(p).message == "spec.template.spec.containers[0].image: Required value")
        #expect(
            FieldError.invalid(FieldPath("spec").child("replicas"), .int(-1), "must be greater than or equal to 0")
                .message
                == "spec.replicas: Invalid value: -1: must be greater than or equal to 0")
        #expect(
            FieldError.notSupported(
                FieldPath("spec").child("restartPolicy"), .string("Sometimes"), ["Always", "OnFailure", "Never"]
            ).message
                == "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""
        )
        #expect(
            FieldError.duplicate(FieldPath("a").index(1).child("name"), .string("x")).message
                == "a[1].name: Duplicate value: \"x\"")
        #expect(
            FieldError.forbidden(FieldPath("metadata").child("namespace"), "not allowed on this type").message
                == "metadata.namespace: Forbidden: not allowed on this type")
        #expect(
            FieldError.tooLong(FieldPath("metadata").child("annotations"), maxLength: 262144).message
                == "metadata.annotations: Too long: may not be more than 262144 bytes")
        #expect(
            FieldError.tooMany(FieldPath("items"), actual: 5, max: 4).message
                == "items: Too many: 5: must have at most 4 items")
        #expect(FieldError.notFound(FieldPath("v").key("k"), .string("d")).message == "v[k]: Not found: \"d\"")
        #expect(FieldError.invalid(FieldPath("x"), .null, "bad").message == "x: Invalid value: \"null\": bad")
        #expect(FieldError.invalid(FieldPath("x"), .bool(true), "").message == "x: Invalid value: true")
    }

    @Test func quotesAndFloatsAsGo() {
        #expect(GoSyntax.quote("a\"b\\c\n\u{01}é\u{200B}") == "\"a\\\"b\\\\c\\n\\x01é\\u200b\"")
        #expect(GoSyntax.float(1.5) == "1.5")
        #expect(GoSyntax.float(123456) == "123456")
        #expect(GoSyntax.float(1_000_000) == "1e+06")
        #expect(GoSyntax.float(0.00001) == "1e-05")
        #expect(GoSyntax.float(0.25) == "0.25")
        #expect(GoSyntax.stringMap(["b": "2", "a": "1"]) == "map[string]string{\"a\":\"1\", \"b\":\"2\"}")
        #expect(GoSyntax.stringMap(nil) == "map[string]string(nil)")
    }

    @Test func buildsInvalidStatusAsUpstream() {
        let labels = FieldError.invalid(
            FieldPath("spec").child("template", "metadata", "labels"),
            .goSyntax(GoSyntax.stringMap(["app": "x"])), "`selector` does not match template `labels`")
        #expect(
            InvalidStatus.message(kind: "Deployment", group: "apps", name: "web", errors: [labels])
                == "Deployment.apps \"web\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"x\"}: `selector` does not match template `labels`"
        )
        let required = FieldError.required(FieldPath("spec").child("selector"))
        #expect(
            InvalidStatus.message(kind: "Deployment", group: "apps", name: "web", errors: [required, labels, required])
                == "Deployment.apps \"web\" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"x\"}: `selector` does not match template `labels`]"
        )
        #expect(
            InvalidStatus.message(kind: "Pod", group: "", name: "p", errors: [required])
                == "Pod \"p\" is invalid: spec.selector: Required value")

        let status = InvalidStatus.status(kind: "Pod", group: "", name: "p", errors: [required])
        #expect(
            status.serializedString()
                == #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Pod \"p\" is invalid: spec.selector: Required value","reason":"Invalid","details":{"name":"p","kind":"Pod","causes":[{"reason":"FieldValueRequired","message":"Required value","field":"spec.selector"}]},"code":422}"#
        )
        #expect(
            StatusCause(labels)
                == StatusCause(
                    reason: "FieldValueInvalid",
                    message:
                        "Invalid value: map[string]string{\"app\":\"x\"}: `selector` does not match template `labels`",
                    field: "spec.template.metadata.labels"))
    }
}
