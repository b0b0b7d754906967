import SwiftletAPI
import Testing

@Suite struct JSONPatchTests {
    let pod = patchJSON(
        #"""
        {"metadata": {"name": "web", "labels": {"app": "web"},
                      "annotations": {"example.com/owner": "team-a", "a~b": "tilde"}},
         "spec": {"containers": [{"name": "nginx", "image": "nginx:1.0"}, {"name": "log", "image": "busybox"}]}}
        """#)

    @Test func addAndReplaceMembers() throws {
        let patched = try JSONPatch.apply(
            patchJSON(
                #"""
                [{"op": "add", "path": "/metadata/labels/tier", "value": "frontend"},
                 {"op": "replace", "path": "/spec/containers/0/image", "value": "nginx:1.1"}]
                """#), to: pod)
        #expect(patched[path: ["metadata", "labels"]] == patchJSON(#"{"app": "web", "tier": "frontend"}"#))
        #expect(patched[path: ["spec", "containers"]]?.arrayValue?[0]["image"] == "nginx:1.1")
    }

    @Test func addWithDashAppendsAndIndexInserts() throws {
        let patched = try JSONPatch.apply(
            patchJSON(
                #"""
                [{"op": "add", "path": "/spec/containers/-", "value": {"name": "last"}},
                 {"op": "add", "path": "/spec/containers/0", "value": {"name": "first"}}]
                """#), to: pod)
        let names = patched[path: ["spec", "containers"]]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(names == ["first", "nginx", "log", "last"])
    }

    @Test func pointerEscapesSlashAndTilde() throws {
        let patched = try JSONPatch.apply(
            patchJSON(
                #"""
                [{"op": "replace", "path": "/metadata/annotations/example.com~1owner", "value": "team-b"},
                 {"op": "remove", "path": "/metadata/annotations/a~0b"},
                 {"op": "add", "path": "/metadata/annotations/x~01", "value": "literal ~1"}]
                """#), to: pod)
        #expect(
            patched[path: ["metadata", "annotations"]]
                == patchJSON(#"{"example.com/owner": "team-b", "x~1": "literal ~1"}"#))
    }

    @Test func pointerParsingAndPrinting() {
        let pointer = JSONPointer("/metadata/annotations/example.com~1owner/~0x")
        #expect(pointer.tokens == ["metadata", "annotations", "example.com/owner", "~x"])
        #expect(pointer.description == "/metadata/annotations/example.com~1owner/~0x")
        #expect(JSONPointer("").tokens.isEmpty)
        #expect(JSONPointer("/").tokens == [""])
        #expect(JSONPointer.unescape("~01") == "~1")
    }

    @Test func moveAndCopy() throws {
        let patched = try JSONPatch.apply(
            patchJSON(
                #"""
                [{"op": "copy", "from": "/metadata/labels", "path": "/spec/selector"},
                 {"op": "move", "from": "/spec/containers/1", "path": "/spec/containers/0"},
                 {"op": "move", "from": "/metadata/annotations/a~0b", "path": "/metadata/labels/moved"}]
                """#), to: pod)
        #expect(patched[path: ["spec", "selector"]] == patchJSON(#"{"app": "web"}"#))
        #expect(patched[path: ["metadata", "labels"]] == patchJSON(#"{"app": "web", "moved": "tilde"}"#))
        let names = patched[path: ["spec", "containers"]]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(names == ["log", "nginx"])
    }

    @Test func failedTestIsA422WithUpstreamMessage() throws {
        let error = patchError {
            try JSONPatch.apply(
                patchJSON(
                    #"""
                    [{"op": "test", "path": "/metadata/name", "value": "other"},
                     {"op": "replace", "path": "/metadata/name", "value": "renamed"}]
                    """#), to: pod)
        }
        #expect(error?.kind == .testFailed)
        #expect(error?.message == "testing value /metadata/name failed: test failed")
        #expect(error?.statusCode == 422)
        #expect(error?.statusReason == "Invalid")
        #expect(error?.statusMessage == "the server rejected our request due to an error in our request")
        #expect(error?.statusCauseMessage == "testing value /metadata/name failed: test failed")
    }

    @Test func passingTestLetsLaterOperationsApply() throws {
        let patched = try JSONPatch.apply(
            patchJSON(
                #"""
                [{"op": "test", "path": "/spec/containers/0", "value": {"image": "nginx:1.0", "name": "nginx"}},
                 {"op": "test", "path": "/metadata/missing", "value": null},
                 {"op": "replace", "path": "/metadata/name", "value": "renamed"}]
                """#), to: pod)
        #expect(patched[path: ["metadata", "name"]] == "renamed")
    }

    @Test func missingPathsAreUnprocessable() {
        let replace = patchError {
            try JSONPatch.apply(patchJSON(#"[{"op": "replace", "path": "/spec/nope/x", "value": 1}]"#), to: pod)
        }
        #expect(replace?.kind == .pathNotFound)
        #expect(replace?.statusCode == 422)
        #expect(
            replace?.message == "replace operation does not apply: doc is missing path: /spec/nope/x: missing value")

        let remove = patchError {
            try JSONPatch.apply(patchJSON(#"[{"op": "remove", "path": "/metadata/labels/none"}]"#), to: pod)
        }
        #expect(
            remove?.message
                == "error in remove for path: '/metadata/labels/none': Unable to remove nonexistent key: none: missing value"
        )

        let index = patchError {
            try JSONPatch.apply(patchJSON(#"[{"op": "remove", "path": "/spec/containers/5"}]"#), to: pod)
        }
        #expect(
            index?.message
                == "error in remove for path: '/spec/containers/5': Unable to access invalid index: 5: invalid index referenced"
        )

        let add = patchError {
            try JSONPatch.apply(patchJSON(#"[{"op": "add", "path": "/status/phase", "value": "Running"}]"#), to: pod)
        }
        #expect(add?.message == #"add operation does not apply: doc is missing path: "/status/phase": missing value"#)
    }

    @Test func replaceOfMissingMemberAddsItLikeUpstream() throws {
        let patched = try JSONPatch.apply(
            patchJSON(#"[{"op": "replace", "path": "/metadata/labels/new", "value": "x"}]"#), to: pod)
        #expect(patched[path: ["metadata", "labels", "new"]] == "x")
    }

    @Test func badArrayIndexAndNegativeIndex() throws {
        let error = patchError {
            try JSONPatch.apply(patchJSON(#"[{"op": "add", "path": "/spec/containers/x", "value": {}}]"#), to: pod)
        }
        #expect(
            error?.message
                == #"error in add for path: '/spec/containers/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax"#
        )
        let patched = try JSONPatch.apply(patchJSON(#"[{"op": "remove", "path": "/spec/containers/-1"}]"#), to: pod)
        #expect(patched[path: ["spec", "containers"]]?.arrayValue?.count == 1)
    }

    @Test func unknownOrMissingOp() {
        let unknown = patchError { try JSONPatch.apply(patchJSON(#"[{"op": "frobnicate", "path": "/a"}]"#), to: pod) }
        #expect(unknown?.message == "Unexpected kind: frobnicate")
        #expect(unknown?.kind == .unprocessable)
        let missing = patchError { try JSONPatch.apply(patchJSON(#"[{"path": "/a"}]"#), to: pod) }
        #expect(missing?.message == "Unexpected kind: unknown")
        let noPath = patchError { try JSONPatch.apply(patchJSON(#"[{"op": "test", "value": 1}]"#), to: pod) }
        #expect(noPath?.message == "test operation failed to decode path: operation missing path field: missing value")
    }

    @Test func undecodablePatchIsABadRequest() {
        let object = patchError { try JSONPatch.apply(patchJSON(#"{"op": "add"}"#), to: pod) }
        #expect(object?.kind == .malformedPatch)
        #expect(object?.statusCode == 400)
        #expect(object?.message == "json: cannot unmarshal object into Go value of type jsonpatch.Patch")
        let element = patchError { try JSONPatch.apply(patchJSON(#"["add"]"#), to: pod) }
        #expect(element?.message == "json: cannot unmarshal string into Go value of type jsonpatch.Operation")
    }

    @Test func tooManyOperations() {
        let op = patchJSON(#"{"op": "test", "path": "/metadata/name", "value": "web"}"#)
        let error = patchError {
            try JSONPatch.apply(.array(Array(repeating: op, count: JSONPatch.maxOperations + 1)), to: pod)
        }
        #expect(error?.kind == .tooManyOperations)
        #expect(error?.statusCode == 413)
        #expect(
            error?.statusMessage
                == "Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001")
    }

    @Test func replaceWholeDocument() throws {
        let patched = try JSONPatch.apply(
            patchJSON(#"[{"op": "replace", "path": "", "value": {"kind": "Pod"}}]"#), to: pod)
        #expect(patched == patchJSON(#"{"kind": "Pod"}"#))
        let scalar = patchError {
            try JSONPatch.apply(patchJSON(#"[{"op": "replace", "path": "", "value": 3}]"#), to: pod)
        }
        #expect(scalar?.kind == .unprocessable)
    }
}
