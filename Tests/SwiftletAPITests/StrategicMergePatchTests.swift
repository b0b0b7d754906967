import SwiftletAPI
import Testing

/// Strategic merge patches against the real v1.32 schemas.
@Suite struct StrategicMergePatchTests {
    let registry = SchemaRegistry.builtin
    let deployment = patchJSON(
        #"""
        {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": {"name": "web", "labels": {"app": "web", "tier": "fe"}, "finalizers": ["a", "b"]},
         "spec": {"replicas": 2,
                  "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}},
                  "selector": {"matchLabels": {"app": "web"}},
                  "template": {"metadata": {"labels": {"app": "web"}},
                               "spec": {"containers": [
                                          {"name": "nginx", "image": "nginx:1.0",
                                           "ports": [{"containerPort": 80, "protocol": "TCP"}],
                                           "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]},
                                          {"name": "log", "image": "busybox"}],
                                        "tolerations": [{"key": "k1", "operator": "Exists"}],
                                        "volumes": [{"name": "data", "hostPath": {"path": "/data"}}]}}}}
        """#)

    func patchDeployment(_ patch: String) throws -> JSONValue {
        try StrategicMergePatch.apply(
            patchJSON(patch), to: deployment, schema: registry.definition("io.k8s.api.apps.v1.Deployment")!,
            registry: registry)
    }

    func podSpec(_ value: JSONValue) -> JSONValue? { value[path: ["spec", "template", "spec"]] }
    func containers(_ value: JSONValue) -> [JSONValue] { podSpec(value)?["containers"]?.arrayValue ?? [] }
    func names(_ list: [JSONValue]) -> [String] { list.compactMap { $0["name"]?.stringValue } }

    @Test func containerImageChangesByName() throws {
        let patched = try patchDeployment(
            #"{"spec": {"template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.1"}]}}}}"#)
        let list = containers(patched)
        #expect(names(list) == ["nginx", "log"])
        #expect(list[0]["image"] == "nginx:1.1")
        #expect(list[0]["ports"] == patchJSON(#"[{"containerPort": 80, "protocol": "TCP"}]"#), "unpatched fields stay")
        #expect(list[1] == patchJSON(#"{"name": "log", "image": "busybox"}"#))
    }

    /// Upstream places items new to the list ahead of the server's items when
    /// the patch carries no $setElementOrder.
    @Test func newContainerIsAddedAheadOfServerItems() throws {
        let patched = try patchDeployment(
            #"{"spec": {"template": {"spec": {"containers": [{"name": "sidecar", "image": "envoy"}]}}}}"#)
        #expect(names(containers(patched)) == ["sidecar", "nginx", "log"])
    }

    @Test func containerDeletedWithPatchDelete() throws {
        let patched = try patchDeployment(
            #"{"spec": {"template": {"spec": {"containers": [{"name": "log", "$patch": "delete"}]}}}}"#)
        #expect(names(containers(patched)) == ["nginx"])
    }

    @Test func envMergesByNameInsideContainer() throws {
        let patched = try patchDeployment(
            #"""
            {"spec": {"template": {"spec": {"containers": [
              {"name": "nginx", "env": [{"name": "B", "value": "3"}, {"name": "C", "value": "4"}]}]}}}}
            """#)
        #expect(
            containers(patched)[0]["env"]
                == patchJSON(
                    #"[{"name": "A", "value": "1"}, {"name": "B", "value": "3"}, {"name": "C", "value": "4"}]"#))
    }

    @Test func portsMergeByContainerPort() throws {
        let patched = try patchDeployment(
            #"""
            {"spec": {"template": {"spec": {"containers": [
              {"name": "nginx", "ports": [{"containerPort": 443, "protocol": "TCP"}, {"containerPort": 80, "name": "http"}]}]}}}}
            """#)
        #expect(
            containers(patched)[0]["ports"]
                == patchJSON(
                    #"[{"containerPort": 443, "protocol": "TCP"}, {"containerPort": 80, "protocol": "TCP", "name": "http"}]"#
                ))
    }

    @Test func tolerationsHaveNoStrategyAndAreReplaced() throws {
        let patched = try patchDeployment(
            #"{"spec": {"template": {"spec": {"tolerations": [{"key": "k2", "operator": "Exists"}]}}}}"#)
        #expect(podSpec(patched)?["tolerations"] == patchJSON(#"[{"key": "k2", "operator": "Exists"}]"#))
    }

    @Test func labelsMergeAndNullRemoves() throws {
        let patched = try patchDeployment(#"{"metadata": {"labels": {"tier": null, "env": "prod"}}}"#)
        #expect(patched[path: ["metadata", "labels"]] == patchJSON(#"{"app": "web", "env": "prod"}"#))
        #expect(patched["spec"] == deployment["spec"])
    }

    @Test func setElementOrderReordersContainers() throws {
        let reordered = try patchDeployment(
            #"{"spec": {"template": {"spec": {"$setElementOrder/containers": [{"name": "log"}, {"name": "nginx"}]}}}}"#)
        #expect(names(containers(reordered)) == ["log", "nginx"])
        #expect(containers(reordered)[1] == containers(deployment)[0])

        let withNew = try patchDeployment(
            #"""
            {"spec": {"template": {"spec": {
              "$setElementOrder/containers": [{"name": "log"}, {"name": "sidecar"}, {"name": "nginx"}],
              "containers": [{"name": "sidecar", "image": "envoy"}]}}}}
            """#)
        #expect(names(containers(withNew)) == ["log", "sidecar", "nginx"])
    }

    @Test func setElementOrderReordersPrimitiveList() throws {
        let patched = try patchDeployment(#"{"metadata": {"$setElementOrder/finalizers": ["b", "a"]}}"#)
        #expect(patched[path: ["metadata", "finalizers"]] == ["b", "a"])
    }

    @Test func retainKeysSwitchesStrategyAndDropsRollingUpdate() throws {
        let patched = try patchDeployment(#"{"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}}"#)
        #expect(patched[path: ["spec", "strategy"]] == patchJSON(#"{"type": "Recreate"}"#))
        // Without the directive the old union member survives, as upstream.
        let merged = try patchDeployment(#"{"spec": {"strategy": {"type": "Recreate"}}}"#)
        #expect(merged[path: ["spec", "strategy", "rollingUpdate"]] != nil)
    }

    @Test func retainKeysMustListEveryPatchedField() {
        let error = patchError {
            try patchDeployment(
                #"{"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate", "rollingUpdate": {"maxSurge": 2}}}}"#
            )
        }
        #expect(error == PatchError(.malformedPatch, "invalid patch format of retainKeys"))
        #expect(error?.statusCode == 400)
    }

    @Test func retainKeysInVolumeItemsSwitchesVolumeSource() throws {
        let patched = try patchDeployment(
            #"""
            {"spec": {"template": {"spec": {"volumes": [
              {"name": "data", "$retainKeys": ["name", "emptyDir"], "emptyDir": {}}]}}}}
            """#)
        #expect(podSpec(patched)?["volumes"] == patchJSON(#"[{"name": "data", "emptyDir": {}}]"#))
    }

    @Test func deleteFromPrimitiveListRemovesFinalizer() throws {
        let patched = try patchDeployment(#"{"metadata": {"$deleteFromPrimitiveList/finalizers": ["a"]}}"#)
        #expect(patched[path: ["metadata", "finalizers"]] == ["b"])
        let absent = try patchDeployment(#"{"metadata": {"$deleteFromPrimitiveList/ownerless": ["a"]}}"#)
        #expect(absent[path: ["metadata", "ownerless"]] == nil, "a deletion list never creates the list")
    }

    @Test func mergingPrimitiveListIsAnOrderedUnion() throws {
        let overlap = try patchDeployment(#"{"metadata": {"finalizers": ["b", "c"]}}"#)
        #expect(overlap[path: ["metadata", "finalizers"]] == ["a", "b", "c"])
        let fresh = try patchDeployment(#"{"metadata": {"finalizers": ["c"]}}"#)
        #expect(fresh[path: ["metadata", "finalizers"]] == ["c", "a", "b"])
    }

    @Test func patchReplaceOnAMap() throws {
        let patched = try patchDeployment(
            #"{"spec": {"template": {"metadata": {"labels": {"$patch": "replace", "version": "2", "gone": null}}}}}"#)
        #expect(patched[path: ["spec", "template", "metadata", "labels"]] == patchJSON(#"{"version": "2"}"#))
    }

    @Test func patchReplaceInsideAMergeList() throws {
        let patched = try patchDeployment(
            #"""
            {"spec": {"template": {"spec": {"containers": [{"name": "only", "image": "x"}, {"$patch": "replace"}]}}}}
            """#)
        #expect(containers(patched) == patchJSON(#"[{"name": "only", "image": "x"}]"#).arrayValue!)
    }

    @Test func patchDeleteOnAMapEmptiesIt() throws {
        let patched = try patchDeployment(#"{"spec": {"strategy": {"rollingUpdate": {"$patch": "delete"}}}}"#)
        #expect(patched[path: ["spec", "strategy", "rollingUpdate"]] == patchJSON("{}"))
    }

    @Test func unknownPatchDirectiveValue() {
        let error = patchError { try patchDeployment(#"{"metadata": {"labels": {"$patch": "frob", "a": "b"}}}"#) }
        #expect(error?.message == "unknown patch type: frob in map: map[$patch:frob a:b]")
        #expect(error?.kind == .unclassified)
        #expect(error?.statusCode == 400)
        let mergeInList = patchError {
            try patchDeployment(#"{"spec": {"template": {"spec": {"containers": [{"$patch": "merge"}]}}}}"#)
        }
        #expect(mergeInList?.message == "merging lists cannot yet be specified in the patch")
    }

    @Test func mergeListItemWithoutMergeKey() {
        let error = patchError {
            try patchDeployment(#"{"spec": {"template": {"spec": {"containers": [{"image": "x"}]}}}}"#)
        }
        #expect(error?.message == "map: map[image:x] does not contain declared merge key: name")
    }

    @Test func podDisruptionBudgetSelectorIsReplacedByStrategy() throws {
        let pdb = patchJSON(
            #"{"spec": {"selector": {"matchLabels": {"a": "1"}, "matchExpressions": [{"key": "k", "operator": "Exists"}]}}}"#
        )
        let patched = try StrategicMergePatch.apply(
            patchJSON(#"{"spec": {"selector": {"matchLabels": {"b": "2"}}}}"#), to: pdb,
            schema: registry.definition("io.k8s.api.policy.v1.PodDisruptionBudget")!, registry: registry)
        #expect(patched[path: ["spec", "selector"]] == patchJSON(#"{"matchLabels": {"b": "2"}}"#))
    }

    @Test func fieldsOutsideTheSchemaMergeLikeMergePatch() throws {
        let patched = try patchDeployment(
            #"{"spec": {"x-extra": {"nested": {"keep": 1}}, "replicas": 3}}"#)
        let again = try StrategicMergePatch.apply(
            patchJSON(#"{"spec": {"x-extra": {"nested": {"keep": null, "add": [1, 2]}}}}"#), to: patched,
            schema: registry.definition("io.k8s.api.apps.v1.Deployment")!, registry: registry)
        #expect(again[path: ["spec", "x-extra"]] == patchJSON(#"{"nested": {"add": [1, 2]}}"#))
        #expect(again[path: ["spec", "replicas"]] == 3)
    }

    @Test func newValuesDropNullsAndDirectives() throws {
        let patched = try patchDeployment(
            #"""
            {"spec": {"template": {"spec": {
              "securityContext": {"runAsUser": 1000, "runAsGroup": null, "$retainKeys": ["runAsUser"]},
              "containers": [{"name": "sidecar", "image": "envoy", "command": null}]}}}}
            """#)
        #expect(podSpec(patched)?["securityContext"] == patchJSON(#"{"runAsUser": 1000}"#))
        #expect(containers(patched)[0] == patchJSON(#"{"name": "sidecar", "image": "envoy"}"#))
    }

    @Test func nonObjectPatchIsABadRequest() {
        let error = patchError { try patchDeployment(#"[{"op": "add"}]"#) }
        #expect(error?.kind == .malformedPatch)
        #expect(error?.message == "json: cannot unmarshal array into Go value of type map[string]interface {}")
    }
}
