import SwiftletAPI
import Testing

/// Cases from upstream's strategicpatch test tables, run against a schema
/// shaped like upstream's `mergeItem` test type.
@Suite struct StrategicMergePatchTableTests {
    static let registry: SchemaRegistry = {
        let scalar = Schema(type: "string")
        let fields: [String: Schema] = [
            "name": scalar, "value": scalar, "other": scalar,
            "mergingList": Schema(
                type: "array", items: Schema(ref: "mergeItem"), patchStrategy: "merge", patchMergeKey: "name"),
            "nonMergingList": Schema(type: "array", items: Schema(ref: "mergeItem")),
            "mergingIntList": Schema(type: "array", items: Schema(type: "integer"), patchStrategy: "merge"),
            "nonMergingIntList": Schema(type: "array", items: Schema(type: "integer")),
            "simpleMap": Schema(type: "object", additionalProperties: scalar),
            "retainKeysMap": Schema(ref: "retainKeysMergeItem", patchStrategy: "retainKeys"),
            "retainKeysMergingList": Schema(
                type: "array", items: Schema(ref: "mergeItem"), patchStrategy: "merge,retainKeys", patchMergeKey: "name"
            ),
        ]
        let retainKeysItem = Schema(type: "object", properties: ["name": scalar, "value": scalar, "other": scalar])
        return SchemaRegistry(definitions: [
            "mergeItem": Schema(type: "object", properties: fields), "retainKeysMergeItem": retainKeysItem,
        ])
    }()

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var original: String
        var patch: String
        var expected: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "unique scalars when merging lists",
            original: #"{"mergingIntList": [1, 2]}"#, patch: #"{"mergingIntList": [2, 3]}"#,
            expected: #"{"mergingIntList": [1, 2, 3]}"#),
        Case(
            name: "delete map from nested map",
            original: #"{"simpleMap": {"key1": "1", "key2": "1"}}"#, patch: #"{"simpleMap": {"$patch": "delete"}}"#,
            expected: #"{"simpleMap": {}}"#),
        Case(
            name: "delete all items from merging list",
            original: #"{"mergingList": [{"name": "1"}, {"name": "2"}]}"#,
            patch: #"{"mergingList": [{"$patch": "replace"}]}"#, expected: #"{"mergingList": []}"#),
        Case(
            name: "add key and delete all keys from map",
            original: #"{"name": "1", "value": "1"}"#, patch: #"{"other": "a", "$patch": "replace"}"#,
            expected: #"{"other": "a"}"#),
        Case(
            name: "delete all duplicate entries in a merging list",
            original:
                #"{"mergingList": [{"name": "1"}, {"name": "1"}, {"name": "2", "value": "a"}, {"name": "3"}, {"name": "3"}]}"#,
            patch: #"{"mergingList": [{"name": "1", "$patch": "delete"}, {"name": "3", "$patch": "delete"}]}"#,
            expected: #"{"mergingList": [{"name": "2", "value": "a"}]}"#),
        Case(
            name: "retainKeys list can delete a field when no retainKeys directive present",
            original: #"{"retainKeysMergingList": [{"name": "bar"}, {"name": "foo", "value": "a"}]}"#,
            patch: #"{"retainKeysMergingList": [{"name": "foo", "value": null}]}"#,
            expected: #"{"retainKeysMergingList": [{"name": "bar"}, {"name": "foo"}]}"#),
        Case(
            name: "preserve the order from the patch in a merging list",
            original: #"{"mergingList": [{"name": "1"}, {"name": "2", "value": "b"}, {"name": "3"}]}"#,
            patch:
                #"{"mergingList": [{"name": "3", "value": "c"}, {"name": "1", "value": "a"}, {"name": "2", "other": "x"}]}"#,
            expected:
                #"{"mergingList": [{"name": "3", "value": "c"}, {"name": "1", "value": "a"}, {"name": "2", "value": "b", "other": "x"}]}"#
        ),
        Case(
            name: "preserve the order from the patch in a merging list 2",
            original: #"{"mergingList": [{"name": "1"}, {"name": "2", "value": "b"}, {"name": "3"}]}"#,
            patch: #"{"mergingList": [{"name": "3", "value": "c"}, {"name": "1", "value": "a"}]}"#,
            expected:
                #"{"mergingList": [{"name": "2", "value": "b"}, {"name": "3", "value": "c"}, {"name": "1", "value": "a"}]}"#
        ),
        Case(
            name: "preserve the order from the patch in a merging int list",
            original: #"{"mergingIntList": [1, 2, 3]}"#, patch: #"{"mergingIntList": [3, 1]}"#,
            expected: #"{"mergingIntList": [2, 3, 1]}"#),
        Case(
            name: "$setElementOrder contains item that is not present in the list to be merged",
            original: #"{"mergingList": [{"name": "1"}, {"name": "3"}]}"#,
            patch: #"""
                {"$setElementOrder/mergingList": [{"name": "3"}, {"name": "2"}, {"name": "1"}],
                 "mergingList": [{"name": "3", "value": "3"}, {"name": "1", "value": "1"}]}
                """#,
            expected: #"{"mergingList": [{"name": "3", "value": "3"}, {"name": "1", "value": "1"}]}"#),
        Case(
            name: "nested patch merge with empty list (three-way result)",
            original: #"{"name": "hi", "mergingList": [{"name": "hello2"}]}"#,
            patch:
                #"{"$setElementOrder/mergingList": [{"name": "hello"}, {"name": "doesntexist"}], "mergingList": [{"name": "hello"}]}"#,
            expected: #"{"name": "hi", "mergingList": [{"name": "hello"}, {"name": "hello2"}]}"#),
        Case(
            name: "add an item in a list of primitives and preserve order (three-way result)",
            original: #"{"mergingIntList": [1, 4, 2]}"#,
            patch: #"{"$setElementOrder/mergingIntList": [3, 1, 2], "mergingIntList": [3]}"#,
            expected: #"{"mergingIntList": [3, 1, 4, 2]}"#),
        Case(
            name: "add multiple items in a list and preserve order (three-way result)",
            original: #"{"mergingList": [{"name": "1", "other": "a"}, {"name": "2", "value": "2", "other": "b"}]}"#,
            patch: #"""
                {"$setElementOrder/mergingList": [{"name": "1"}, {"name": "4"}, {"name": "2"}, {"name": "3"}],
                 "mergingList": [{"name": "4", "value": "4"}, {"name": "3", "value": "3"}]}
                """#,
            expected: #"""
                {"mergingList": [{"name": "1", "other": "a"}, {"name": "4", "value": "4"},
                                 {"name": "2", "value": "2", "other": "b"}, {"name": "3", "value": "3"}]}
                """#),
        Case(
            name: "behavior of set element order for a merging list with duplicate",
            original:
                #"{"mergingList": [{"name": "1"}, {"name": "2", "value": "dup1"}, {"name": "3"}, {"name": "2", "value": "dup2"}, {"name": "4"}]}"#,
            patch:
                #"{"$setElementOrder/mergingList": [{"name": "2"}, {"name": "1"}, {"name": "4"}, {"name": "3"}, {"name": "2"}]}"#,
            expected:
                #"{"mergingList": [{"name": "2", "value": "dup1"}, {"name": "2", "value": "dup2"}, {"name": "1"}, {"name": "4"}, {"name": "3"}]}"#
        ),
        Case(
            name: "delete items in lists of scalars",
            original: #"{"mergingIntList": [1, 2, 3, 4]}"#,
            patch: #"{"$setElementOrder/mergingIntList": [1, 2], "$deleteFromPrimitiveList/mergingIntList": [3]}"#,
            expected: #"{"mergingIntList": [1, 2, 4]}"#),
        Case(
            name: "$deleteFromPrimitiveList should delete item from a list without merge patch strategy",
            original: #"{"nonMergingIntList": [1, 2, 3]}"#,
            patch: #"{"$deleteFromPrimitiveList/nonMergingIntList": [2]}"#,
            expected: #"{"nonMergingIntList": [1, 3]}"#),
        Case(
            name: "retainKeys map should clear defaulted field with conflict (discriminated union)",
            original: #"{"retainKeysMap": {"name": "type1", "value": "foo"}}"#,
            patch: #"{"retainKeysMap": {"$retainKeys": ["name", "other"], "name": "type2", "other": "bar"}}"#,
            expected: #"{"retainKeysMap": {"name": "type2", "other": "bar"}}"#),
        Case(
            name: "replace non merging list nested in merging list",
            original:
                #"{"mergingList": [{"name": "1", "nonMergingList": [{"name": "1"}, {"name": "2", "value": "2"}]}, {"name": "2"}]}"#,
            patch: #"{"mergingList": [{"name": "1", "nonMergingList": [{"name": "1", "value": "1"}]}]}"#,
            expected:
                #"{"mergingList": [{"name": "1", "nonMergingList": [{"name": "1", "value": "1"}]}, {"name": "2"}]}"#),
    ]

    @Test(arguments: cases)
    func upstreamCase(_ c: Case) throws {
        let result = try StrategicMergePatch.apply(
            patchJSON(c.patch), to: patchJSON(c.original), schema: Schema(ref: "mergeItem"), registry: Self.registry)
        #expect(result == patchJSON(c.expected))
    }

    @Test(arguments: [
        (
            #"{"mergingList": [{"name": "1"}, {"name": "3"}, {"name": "2"}]}"#,
            #"{"$setElementOrder/mergingList": [{"name": "1"}, {"name": "2"}, {"name": "3"}], "mergingList": [{"name": "3", "value": "3"}, {"name": "1", "value": "1"}]}"#,
            "doesn't match"
        ),
        (
            #"{"mergingIntList": [1, 3, 2]}"#,
            #"{"$setElementOrder/mergingIntList": [1, 2, 3], "mergingIntList": [3, 1]}"#, "doesn't match"
        ),
        (
            #"{"mergingList": [{"name": "1", "value": "a"}]}"#, #"{"mergingList": [{"value": "b"}]}"#,
            "does not contain declared merge key"
        ),
        (
            #"{"mergingIntList": [1]}"#, #"{"$setElementOrdermergingIntList": [1]}"#,
            "invalid patch format of setElementOrder list"
        ),
        (
            #"{"mergingIntList": [1]}"#, #"{"$deleteFromPrimitiveListmergingIntList": [1]}"#,
            "invalid patch format of primitive list"
        ),
        (#"{"mergingIntList": [[1]]}"#, #"{"mergingIntList": [[2]]}"#, "lists of lists are not supported"),
        (
            #"{"mergingIntList": [1]}"#, #"{"mergingIntList": [[2]]}"#,
            "list element types are not identical: [[1] [[2]]]"
        ),
    ])
    func upstreamErrorCase(original: String, patch: String, expected: String) {
        let error = patchError {
            try StrategicMergePatch.apply(
                patchJSON(patch), to: patchJSON(original), schema: Schema(ref: "mergeItem"), registry: Self.registry)
        }
        #expect(error?.message.contains(expected) == true, "\(String(describing: error))")
    }
}
