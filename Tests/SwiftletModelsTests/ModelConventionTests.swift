import Foundation
import SwiftletAPI
import SwiftletModels
import Testing

@Suite("Model conventions")
struct ModelConventionTests {
    @Test("init() of a kind sets apiVersion and kind")
    func initSetsTypeMeta() {
        #expect(AppsV1.Deployment().json == ["apiVersion": "apps/v1", "kind": "Deployment"])
        #expect(AppsV1.Deployment().json.objectValue?.keys == ["apiVersion", "kind"])
        #expect(CoreV1.Pod().apiVersion == "v1")
        #expect(CoreV1.Pod().kind == "Pod")
        #expect(PolicyV1.Eviction().apiVersion == "policy/v1")
        #expect(AutoscalingV1.Scale().kind == "Scale")
        #expect(ApiextensionsV1.CustomResourceDefinition().apiVersion == "apiextensions.k8s.io/v1")
        #expect(CoreV1.PodList().kind == "PodList")
        #expect(CoreV1.PodSpec().json == .object(JSONObject()))
    }

    @Test("static resource is the row of the built-in table")
    func resourceRow() {
        #expect(AppsV1.Deployment.resource.plural == "deployments")
        #expect(AppsV1.Deployment.resource.shortNames == ["deploy"])
        #expect(CoreV1.Pod.resource.plural == "pods")
        #expect(!CoreV1.Node.resource.namespaced)
        #expect(EventsV1.Event.resource.group == "events.k8s.io")
        #expect(CoreV1.Event.resource.group == "")
        #expect(AutoscalingV2.HorizontalPodAutoscaler.resource.plural == "horizontalpodautoscalers")
        #expect(ApiregistrationV1.APIService.resource.plural == "apiservices")
        let deploymentKind = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")
        #expect(AppsV1.Deployment.groupVersionKind == deploymentKind)
        #expect(PolicyV1.Eviction.groupVersionKind.kind == "Eviction")
    }

    @Test("every built-in resource has a model, and every model its row")
    func everyResourceHasModel() {
        for resource in BuiltinResources.all {
            let type = KubernetesModels.resourceType(for: resource.gvk)
            #expect(type != nil, "no model for \(resource.gvk)")
            #expect(type?.resource == resource)
        }
        #expect(KubernetesModels.resourceTypes.count == BuiltinResources.all.count)
        #expect(KubernetesModels.resourceType(for: CoreV1.Pod.groupVersionKind) == CoreV1.Pod.self)
    }

    @Test("a list decodes into typed items")
    func listDecoding() throws {
        let list = try CoreV1.PodList(parsing: Fixtures.podList)
        #expect(list.metadata?.resourceVersion == "5120")
        #expect(list.metadata?.continue == "eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ")
        let items = try #require(list.items)
        #expect(items.map { $0.name ?? "" } == ["web-1", "web-2"])
        #expect(items[0].spec?.nodeName == "node-1")
        #expect(items[1].status?.phase == "Pending")
        #expect(CoreV1.PodList.Item.self == CoreV1.Pod.self)
        #expect(itemNames(list) == ["web-1", "web-2"])
    }

    private func itemNames<L: KubernetesList>(_ list: L) -> [String] {
        (list.items ?? []).map { $0.name ?? "" }
    }

    @Test("setting nil removes the member; setting a value keeps its place")
    func nilRemovesValueKeepsPlace() {
        var pod = CoreV1.Pod()
        pod.metadata = MetaV1.ObjectMeta()
        pod.spec = CoreV1.PodSpec()
        #expect(pod.json.objectValue?.keys == ["apiVersion", "kind", "metadata", "spec"])
        pod.apiVersion = "v1"
        pod.kind = nil
        #expect(pod.json.objectValue?.keys == ["apiVersion", "metadata", "spec"])
        pod.apiVersion = nil
        pod.kind = "Pod"
        #expect(pod.json.objectValue?.keys == ["metadata", "spec", "kind"])
    }

    @Test("metadata shortcuts read and write through metadata")
    func metadataShortcuts() {
        var map = CoreV1.ConfigMap()
        #expect(map.name == nil)
        map.labels = nil
        #expect(map.metadata == nil)
        map.name = "settings"
        map.namespace = "prod"
        map.annotations = ["b": "2", "a": "1"]
        #expect(map.metadata?.name == "settings")
        #expect(map.namespacedName == NamespacedName(namespace: "prod", name: "settings"))
        #expect(map.json[path: ["metadata", "annotations"]]?.objectValue?.keys == ["a", "b"])
        map.data = ["key": "value"]
        #expect(map.json["data"] == ["key": "value"])
    }

    @Test("a member of the wrong JSON type reads as nil")
    func wrongTypeReadsNil() {
        let spec = AppsV1.DeploymentSpec(json: ["replicas": "three", "paused": 1, "template": "x"])
        #expect(spec.replicas == nil)
        #expect(spec.paused == nil)
        #expect(spec.template == nil)
        let big = AppsV1.DeploymentSpec(json: ["replicas": .int(Int64(Int32.max) + 1)])
        #expect(big.replicas == nil)
        let list = CoreV1.Container(json: ["args": ["a", 1]])
        #expect(list.args == nil)
    }

    @Test("Swift keywords and $/- names map to safe property names")
    func escapedNames() {
        var schema = ApiextensionsV1.JSONSchemaProps()
        schema.type = "object"
        schema.default = ["a": 1]
        schema.enum = ["x", "y"]
        schema.ref = "#/definitions/thing"
        schema.xKubernetesPreserveUnknownFields = true
        schema.xKubernetesListMapKeys = ["name"]
        #expect(
            schema.json
                == [
                    "type": "object", "default": ["a": 1], "enum": ["x", "y"], "$ref": "#/definitions/thing",
                    "x-kubernetes-preserve-unknown-fields": true, "x-kubernetes-list-map-keys": ["name"],
                ])
        var requirement = MetaV1.LabelSelectorRequirement()
        requirement.operator = "In"
        #expect(requirement.json["operator"] == "In")
        var policy = CoreV1.ContainerPort()
        policy.protocol = "UDP"
        #expect(policy.protocol == "UDP")
    }

    @Test("maps of structs keep unknown members and key order")
    func mapsOfStructs() throws {
        let json = try JSONParser.parse(
            #"{"properties": {"z": {"type": "string", "x-future": 1}, "a": {"type": "integer"}}}"#)
        var schema = ApiextensionsV1.JSONSchemaProps(json: json)
        schema.properties?["z"]?.description = "last"
        schema.properties?["m"] = ApiextensionsV1.JSONSchemaProps(json: ["type": "boolean"])
        #expect(schema.json["properties"]?.objectValue?.keys == ["z", "a", "m"])
        #expect(schema.json[path: ["properties", "z"]] == ["type": "string", "x-future": 1, "description": "last"])
    }
}
