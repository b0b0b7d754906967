import SwiftletAPI
import Testing

/// Field ownership and server-side apply on the pure level: FieldsV1 sets,
/// list semantics from the schemas, conflicts, removal.
@Suite("Field manager")
struct FieldManagerTests {
    static let deployments = FieldManager(
        schema: MergeSchema(definition: "io.k8s.api.apps.v1.Deployment")!, subresource: "",
        hasStatusSubresource: true)
    static let configMaps = FieldManager(
        schema: MergeSchema(definition: "io.k8s.api.core.v1.ConfigMap")!, subresource: "", hasStatusSubresource: false)

    func parse(_ text: String) -> JSONValue { try! JSONParser.parse(text) }

    func fields(_ object: JSONValue, manager: String) -> JSONValue? {
        FieldManager.entries(of: object).first { $0.manager == manager }?.fields.fieldsV1
    }

    @Test func fieldsV1RoundTripsWithMembersAndLeaves() throws {
        let document = parse(
            #"{"f:data":{".":{},"f:a":{}},"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:image":{}}}},"f:finalizers":{"v:\"x\"":{}}}"#
        )
        let set = try #require(FieldSet(fieldsV1: document))
        #expect(set.contains(["f:data"]))
        #expect(set.contains(["f:data", "f:a"]))
        #expect(!set.contains(["f:spec"]))
        #expect(set.contains(["f:spec", "f:containers", #"k:{"name":"web"}"#, "f:image"]))
        #expect(set.fieldsV1 == document)
        #expect(FieldSet(fieldsV1: parse(#"{"bogus":{}}"#)) == nil)
        #expect(FieldSet(fieldsV1: parse(#"[1]"#)) == nil)
    }

    @Test func createOwnsEveryFieldWithMapsAsMembersAndStructsNot() throws {
        var object = parse(
            #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"spec":{"containers":[{"name":"app","image":"nginx"}]}}},"status":{"replicas":0}}"#
        )
        try Self.deployments.recordUpdate(
            old: nil, new: &object, manager: "kubectl-create", apiVersion: "apps/v1", now: "2026-01-01T00:00:00Z")
        // As upstream: labels is a map (a member, "."), spec a struct (not),
        // the selector atomic (a leaf), containers keyed by name; status and
        // identity are nobody's.
        #expect(
            fields(object, manager: "kubectl-create")
                == parse(
                    #"{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:replicas":{},"f:selector":{},"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{".":{},"f:image":{},"f:name":{}}}}}}}"#
                ))
        let entry = try #require(FieldManager.entries(of: object).first)
        #expect(entry.operation == "Update")
        #expect(entry.time == "2026-01-01T00:00:00Z")
    }

    @Test func anUpdateTakesTheFieldsItChangesFromOthers() throws {
        var object = parse(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1","b":"2"}}"#)
        try Self.configMaps.recordUpdate(old: nil, new: &object, manager: "first", apiVersion: "v1", now: "t1")
        var next = object
        next["data"] = parse(#"{"a":"changed","b":"2","c":"3"}"#)
        try Self.configMaps.recordUpdate(old: object, new: &next, manager: "second", apiVersion: "v1", now: "t2")
        #expect(fields(next, manager: "first") == parse(#"{"f:data":{".":{},"f:b":{}}}"#))
        #expect(fields(next, manager: "second") == parse(#"{"f:data":{"f:a":{},"f:c":{}}}"#))
        // Removing a field takes it from every manager; a manager left with
        // nothing leaves the list.
        var last = next
        last["data"] = parse(#"{"b":"2"}"#)
        try Self.configMaps.recordUpdate(old: next, new: &last, manager: "third", apiVersion: "v1", now: "t3")
        #expect(fields(last, manager: "second") == nil)
        #expect(fields(last, manager: "third") == nil)
        #expect(fields(last, manager: "first") == parse(#"{"f:data":{".":{},"f:b":{}}}"#))
    }

    @Test func managedFieldsSentByTheWriterReplaceOrClear() throws {
        var object = parse(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}"#)
        try Self.configMaps.recordUpdate(old: nil, new: &object, manager: "first", apiVersion: "v1", now: "t1")
        var cleared = object
        cleared[path: ["metadata", "managedFields"]] = [[:]]
        try Self.configMaps.recordUpdate(old: object, new: &cleared, manager: "x", apiVersion: "v1", now: "t2")
        #expect(cleared[path: ["metadata", "managedFields"]] == nil)
        var kept = object
        kept[path: ["metadata", "managedFields"]] = []
        try Self.configMaps.recordUpdate(old: object, new: &kept, manager: "x", apiVersion: "v1", now: "t2")
        #expect(fields(kept, manager: "first") != nil)
        var broken = object
        broken[path: ["metadata", "managedFields"]] = [["manager": "m", "operation": "Delete"]]
        #expect(throws: FieldManager.Failure.self) {
            try Self.configMaps.recordUpdate(old: object, new: &broken, manager: "x", apiVersion: "v1", now: "t2")
        }
    }

    @Test func applyMergesAssociativeListsByKeyAndRemovesWhatItNoLongerApplies() throws {
        let first = parse(
            #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"app","image":"a:1"},{"name":"side","image":"s:1"}]}}}}"#
        )
        let live = try Self.deployments.apply(
            first, to: nil, manager: "ci", apiVersion: "apps/v1", force: false, now: "t1")
        // Another manager adds a container of its own and an env var.
        var edited = live
        edited[path: ["spec", "template", "spec", "containers"]] = parse(
            #"[{"name":"app","image":"a:1","env":[{"name":"X","value":"1"}]},{"name":"side","image":"s:1"},{"name":"debug","image":"d:1"}]"#
        )
        try Self.deployments.recordUpdate(old: live, new: &edited, manager: "human", apiVersion: "apps/v1", now: "t2")
        // The applier drops "side" and changes app's image: side goes, the
        // other manager's container and env var stay.
        let second = parse(
            #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"app","image":"a:2"}]}}}}"#
        )
        let result = try Self.deployments.apply(
            second, to: edited, manager: "ci", apiVersion: "apps/v1", force: false, now: "t3")
        let containers = result[path: ["spec", "template", "spec", "containers"]]?.arrayValue ?? []
        #expect(containers.map { $0["name"]?.stringValue ?? "" } == ["app", "debug"])
        #expect(containers.first?["image"] == "a:2")
        #expect(containers.first?["env"] == parse(#"[{"name":"X","value":"1"}]"#))
    }

    /// kubectl's migration from client-side apply hands the applier a set
    /// that names maps as members ("."); applying the same configuration
    /// again must keep those maps, whose fields it still applies.
    @Test func aMapOwnedAsAMemberStaysWhileItsFieldsAreApplied() throws {
        let applied = parse(
            #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}}}}}"#
        )
        var live = try Self.deployments.apply(
            applied, to: nil, manager: "kubectl", apiVersion: "apps/v1", force: false, now: "t1")
        var entries = FieldManager.entries(of: live)
        entries[0].fields.insert(["f:spec", "f:template", "f:metadata", "f:labels"])
        live[path: ["metadata", "managedFields"]] = .array(entries.map(\.json))
        let again = try Self.deployments.apply(
            applied, to: live, manager: "kubectl", apiVersion: "apps/v1", force: false, now: "t2")
        #expect(again[path: ["spec", "template", "metadata", "labels"]] == ["app": "web"])
    }

    @Test func conflictsNameTheOtherManagerAndForceTakesOver() throws {
        var live = parse(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1","b":"2"}}"#)
        try Self.configMaps.recordUpdate(old: nil, new: &live, manager: "editor", apiVersion: "v1", now: "t1")
        let applied = parse(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"9","b":"2"}}"#)
        do {
            _ = try Self.configMaps.apply(applied, to: live, manager: "ci", apiVersion: "v1", force: false, now: "t2")
            Issue.record("a changed field owned by another manager must conflict")
        } catch {
            // b is applied with its current value: shared, not a conflict.
            #expect(error == .conflicts([FieldManager.Conflict(manager: #""editor" using v1"#, field: ".data.a")]))
            #expect(error.message == #"Apply failed with 1 conflict: conflict with "editor" using v1: .data.a"#)
        }
        let forced = try Self.configMaps.apply(
            applied, to: live, manager: "ci", apiVersion: "v1", force: true, now: "t2")
        #expect(forced["data"] == parse(#"{"a":"9","b":"2"}"#))
        #expect(fields(forced, manager: "editor") == parse(#"{"f:data":{".":{},"f:b":{}}}"#))
        #expect(fields(forced, manager: "ci") == parse(#"{"f:data":{"f:a":{},"f:b":{}}}"#))
    }

    @Test func setsMergeByValueAndAtomicListsAreReplaced() throws {
        let pods = FieldManager(
            schema: MergeSchema(definition: "io.k8s.api.core.v1.Pod")!, subresource: "", hasStatusSubresource: true)
        let live = parse(
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","finalizers":["a"]},"spec":{"containers":[{"name":"c","image":"i","command":["sh","-c","x"]}]}}"#
        )
        let applied = parse(
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","finalizers":["b"]},"spec":{"containers":[{"name":"c","command":["true"]}]}}"#
        )
        let merged = try pods.apply(applied, to: live, manager: "m", apiVersion: "v1", force: true, now: "t")
        #expect(merged[path: ["metadata", "finalizers"]] == ["a", "b"])
        #expect(merged[path: ["spec", "containers"]]?.arrayValue?.first?["command"] == ["true"])
        #expect(
            fields(merged, manager: "m")
                == parse(
                    #"{"f:metadata":{"f:finalizers":{"v:\"b\"":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:command":{},"f:name":{}}}}}"#
                ))
    }

    @Test func duplicateKeysInAnAppliedListAreInvalid() {
        let applied = parse(
            #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"a"},{"name":"a"}]}}}}"#
        )
        #expect(throws: FieldManager.Failure.self) {
            _ = try Self.deployments.apply(
                applied, to: nil, manager: "m", apiVersion: "apps/v1", force: false, now: "t")
        }
    }

    @Test func customResourcesUseTheirSchemasListTypes() throws {
        let schema = StructuralSchema(
            parse(
                #"{"type":"object","properties":{"spec":{"type":"object","properties":{"ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["port"],"items":{"type":"object","properties":{"port":{"type":"integer"},"name":{"type":"string"}}}},"tags":{"type":"array","items":{"type":"string"}}}}}}"#
            ))
        let manager = FieldManager(
            schema: MergeSchema(customResource: schema), subresource: "", hasStatusSubresource: true)
        let live = parse(
            #"{"apiVersion":"x/v1","kind":"K","metadata":{"name":"k"},"spec":{"ports":[{"port":80,"name":"http"}],"tags":["a"]}}"#
        )
        let applied = parse(
            #"{"apiVersion":"x/v1","kind":"K","metadata":{"name":"k"},"spec":{"ports":[{"port":443}],"tags":["b"]}}"#
        )
        let merged = try manager.apply(applied, to: live, manager: "m", apiVersion: "x/v1", force: true, now: "t")
        #expect(merged[path: ["spec", "ports"]] == parse(#"[{"port":80,"name":"http"},{"port":443}]"#))
        // No list type: atomic, replaced whole.
        #expect(merged[path: ["spec", "tags"]] == ["b"])
    }

    @Test func conflictPathsPrintAsUpstreamDoes() {
        #expect(
            FieldPathElement.describe(["f:spec", "f:containers", #"k:{"name":"web"}"#, "f:image"])
                == #".spec.containers[name="web"].image"#)
        #expect(FieldPathElement.describe(["f:metadata", "f:finalizers", #"v:"x""#]) == #".metadata.finalizers[="x"]"#)
    }
}
