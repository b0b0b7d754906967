import Foundation
import SwiftletAPI
import SwiftletModels
import Testing

@Suite("Deployment model")
struct DeploymentModelTests {
    @Test("decodes a Deployment as the API server returns it")
    func decodesRealDeployment() throws {
        let deployment = try AppsV1.Deployment(parsing: Fixtures.deployment)
        #expect(deployment.apiVersion == "apps/v1")
        #expect(deployment.kind == "Deployment")
        #expect(deployment.name == "web")
        #expect(deployment.namespace == "default")
        #expect(deployment.labels == ["app": "web", "tier": "frontend"])
        #expect(deployment.generation == 2)
        #expect(deployment.creationTimestamp == "2025-01-15T10:04:05Z")
        #expect(deployment.metadata?.managedFields?.first?.manager == "kubectl-client-side-apply")
        #expect(deployment.metadata?.managedFields?.first?.fieldsV1 == ["f:spec": ["f:replicas": [:]]])

        let spec = try #require(deployment.spec)
        #expect(spec.replicas == 3)
        #expect(spec.selector?.matchLabels == ["app": "web"])
        #expect(spec.strategy?.type == "RollingUpdate")
        #expect(spec.strategy?.rollingUpdate?.maxUnavailable == .string("25%"))
        #expect(spec.strategy?.rollingUpdate?.maxSurge == .int(1))
        let containers = try #require(spec.template?.spec?.containers)
        #expect(containers.map(\.name) == ["nginx", "sidecar"])
        #expect(containers[0].ports?.first?.containerPort == 80)
        #expect(containers[0].resources?.limits == ["cpu": "500m", "memory": "128Mi"])
        #expect(containers[0].resources?.requests?["cpu"] == Quantity("1"))
        #expect(containers[1].args == ["sleep", "3600"])
        #expect(spec.template?.spec?.terminationGracePeriodSeconds == 30)

        #expect(deployment.status?.availableReplicas == 3)
        #expect(deployment.status?.conditions?.first?.lastTransitionTime == "2025-01-15T10:04:09Z")
    }

    @Test("sets spec.replicas and a container image in place")
    func setsReplicasAndImage() throws {
        var deployment = try AppsV1.Deployment(parsing: Fixtures.deployment)
        deployment.spec?.replicas = 5
        deployment.spec?.template?.spec?.containers?[0].image = "nginx:1.28"

        #expect(deployment.spec?.replicas == 5)
        #expect(deployment.spec?.template?.spec?.containers?[0].image == "nginx:1.28")
        #expect(deployment.json[path: ["spec", "replicas"]] == .int(5))
        let container = deployment.json[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first
        #expect(container?["image"] == "nginx:1.28")
        // The key keeps its place among the members.
        #expect(deployment.json["spec"]?.objectValue?.keys.first == "replicas")
        #expect(container?.objectValue?.keys == ["name", "image", "ports", "resources", "futureField"])
    }

    @Test("round trip keeps fields no model knows, at the top and inside list items")
    func roundTripKeepsUnknownFields() throws {
        let original = try JSONParser.parse(Fixtures.deployment)
        var deployment = AppsV1.Deployment(json: original)
        deployment.spec?.replicas = 4
        deployment.spec?.template?.spec?.containers?[0].image = "nginx:1.28"
        deployment.labels?["release"] = "canary"

        let written = try JSONParser.parse(deployment.serialized())
        #expect(written["futureTopLevel"] == original["futureTopLevel"])
        let firstContainer = written[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first
        #expect(firstContainer?["futureField"] == ["enabled": true, "level": 7])
        #expect(written[path: ["metadata", "managedFields"]] == original[path: ["metadata", "managedFields"]])
        #expect(written[path: ["spec", "strategy", "rollingUpdate", "maxUnavailable"]] == "25%")
        #expect(written[path: ["metadata", "labels"]]?.objectValue?.keys == ["app", "tier", "release"])

        // Undo the three edits: what is left is exactly the original.
        var restored = AppsV1.Deployment(json: written)
        restored.spec?.replicas = 3
        restored.spec?.template?.spec?.containers?[0].image = "nginx:1.27"
        restored.labels?["release"] = nil
        #expect(restored.json == original)
        #expect(restored.serialized() == AppsV1.Deployment(json: original).serialized())
    }

    @Test("an untouched model writes the bytes it read")
    func untouchedRoundTrip() throws {
        let original = try JSONParser.parse(Fixtures.deployment)
        let deployment = try AppsV1.Deployment(parsing: original.serialized())
        #expect(deployment.serialized() == original.serialized())
    }

    @Test("Codable through Foundation encodes the object itself")
    func codableThroughFoundation() throws {
        let deployment = try AppsV1.Deployment(parsing: Fixtures.deployment)
        let data = try JSONEncoder().encode(deployment)
        let reparsed = try JSONParser.parse(Array(data))
        #expect(reparsed == deployment.json)
        let decoded = try JSONDecoder().decode(AppsV1.Deployment.self, from: data)
        #expect(decoded == deployment)
        #expect(decoded.spec?.template?.spec?.containers?[0].json["futureField"] == ["enabled": true, "level": 7])
    }
}
