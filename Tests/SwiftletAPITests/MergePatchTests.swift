import SwiftletAPI
import Testing

@Suite struct MergePatchTests {
    @Test func nullDeletesObjectsMergeArraysReplace() {
        let original = patchJSON(
            #"""
            {"metadata": {"labels": {"app": "web", "tier": "fe"}, "finalizers": ["a", "b"]},
             "spec": {"replicas": 3}}
            """#)
        let patched = MergePatch.apply(
            patchJSON(#"{"metadata": {"labels": {"tier": null, "env": "prod"}, "finalizers": ["c"]}, "spec": null}"#),
            to: original)
        #expect(
            patched == patchJSON(#"{"metadata": {"labels": {"app": "web", "env": "prod"}, "finalizers": ["c"]}}"#))
    }

    /// Cases from RFC 7386, appendix A.
    @Test(arguments: [
        (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
        (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
        (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
        (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
        (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
        (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
    ])
    func rfc7386Examples(original: String, patch: String, expected: String) {
        #expect(MergePatch.apply(patchJSON(patch), to: patchJSON(original)) == patchJSON(expected))
    }

    @Test func scalarOrNullPatchIsRejectedLikeUpstream() {
        #expect(throws: PatchError(.malformedPatch, "Invalid JSON Patch")) { try MergePatch.validate(.null) }
        #expect(throws: PatchError(.malformedPatch, "Invalid JSON Patch")) { try MergePatch.validate("x") }
        #expect(throws: Never.self) { try MergePatch.validate(patchJSON(#"{"a": 1}"#)) }
    }
}
