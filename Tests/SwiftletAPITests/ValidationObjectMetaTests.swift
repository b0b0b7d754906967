import Testing

@testable import SwiftletAPI

@Suite struct ValidationObjectMetaTests {
    func validate(_ meta: JSONValue, namespaced: Bool = true, rule: NameRule = .dns1123Subdomain) -> [String] {
        ObjectMetaValidator.validate(meta: meta, namespaced: namespaced, nameRule: rule, isCreate: true).map(\.message)
    }

    @Test func nameAndNamespace() {
        #expect(
            validate(["name": "Bad_Name", "namespace": "default"])
                == ["metadata.name: Invalid value: \"Bad_Name\": " + ValidationNameTests.subdomainMessage])
        #expect(
            validate(["namespace": "default"]) == ["metadata.name: Required value: name or generateName is required"])
        #expect(validate(["name": "x"]) == ["metadata.namespace: Required value"])
        #expect(
            validate(["name": "x", "namespace": "ns"], namespaced: false) == [
                "metadata.namespace: Forbidden: not allowed on this type"
            ])
        #expect(
            validate(["generateName": "web-", "namespace": "ns"]) == [
                "metadata.name: Required value: name or generateName is required"
            ])
    }

    @Test func labelsAnnotationsFinalizers() {
        let errs = validate([
            "name": "x", "namespace": "ns",
            "labels": ["app": "bad value"],
            "annotations": ["a/b/c": "v"],
            "finalizers": ["custom"],
        ])
        #expect(errs.count == 3)
        #expect(errs[0].hasPrefix("metadata.labels: Invalid value: \"bad value\": a valid label must be"))
        #expect(errs[1].hasPrefix("metadata.annotations: Invalid value: \"a/b/c\": a qualified name must"))
        #expect(
            errs[2]
                == "metadata.finalizers[0]: Invalid value: \"custom\": name is neither a standard finalizer name nor is it fully qualified"
        )

        let big = JSONValue.string(String(repeating: "x", count: 256 * 1024))
        #expect(
            validate(["name": "x", "namespace": "ns", "annotations": ["k": big]])
                == ["metadata.annotations: Too long: may not be more than 262144 bytes"])
    }

    @Test func ownerReferences() {
        let errs = validate([
            "name": "x", "namespace": "ns",
            "ownerReferences": [["apiVersion": "apps/", "kind": "ReplicaSet", "name": "", "uid": "u"]],
        ])
        #expect(
            errs == [
                "metadata.ownerReferences.apiVersion: Invalid value: \"apps/\": version must not be empty",
                "metadata.ownerReferences.name: Invalid value: \"\": name must not be empty",
            ])
    }
}
