import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels
import SwiftletTesting
import Testing
import WebAppOperator

enum Tier: String, SchemaEnum { case frontend, backend }

struct SampleSpec: Codable, Sendable, SchemaDescribing {
    struct Port: Codable, Sendable {
        var name: String
        var number: Int32
    }
    var image: String
    var replicas: Int
    var weight: Double?
    var enabled: Bool
    var tier: Tier
    var ports: [Port]
    var env: [String: String]?
    var since: Date?
    var extra: JSONValue?
    var matrix: [[Int]]?

    static let schemaDescription: String? = "A sample."
    static let fieldSchemas: [String: FieldSchema] = [
        "image": FieldSchema("The image.", minLength: 1, pattern: "^[a-z]"),
        "replicas": FieldSchema(default: 1, minimum: 0, maximum: 5),
    ]
}

@Suite("ControllerKit custom resources", .timeLimit(.minutes(2)))
struct CustomResourceKitTests {
    @Test func schemaFollowsTheSwiftTypes() throws {
        let schema = try SchemaRecorder.schema(for: SampleSpec.self)
        #expect(schema["type"] == "object")
        #expect(schema["description"] == "A sample.")
        #expect(schema["required"] == ["enabled", "image", "ports", "replicas", "tier"])
        let p = try #require(schema["properties"])
        #expect(p["image"] == ["description": "The image.", "type": "string", "minLength": 1, "pattern": "^[a-z]"])
        #expect(p["replicas"] == ["type": "integer", "format": "int64", "default": 1, "minimum": 0, "maximum": 5])
        #expect(p["weight"] == ["type": "number"])
        #expect(p["enabled"] == ["type": "boolean"])
        #expect(p["tier"] == ["type": "string", "enum": ["frontend", "backend"]])
        #expect(p[path: ["ports", "type"]] == "array")
        #expect(p[path: ["ports", "items", "required"]] == ["name", "number"])
        #expect(p[path: ["ports", "items", "properties", "number"]] == ["type": "integer", "format": "int32"])
        #expect(p["env"] == ["type": "object", "additionalProperties": ["type": "string"]])
        #expect(p["since"] == ["type": "string", "format": "date-time"])
        #expect(p["extra"] == ["x-kubernetes-preserve-unknown-fields": true, "type": "object"])
        #expect(p[path: ["matrix", "items", "items"]] == ["type": "integer", "format": "int64"])
        // What the recorder writes is a structural schema the server accepts.
        var checked = try CustomResourceDefinitionBuilder.definition(for: WebApp.self).json
        checked[path: ["spec", "versions"]] = [
            [
                "name": "v1", "served": true, "storage": true,
                "schema": ["openAPIV3Schema": ["type": "object", "properties": ["spec": schema]]],
            ]
        ]
        #expect(CustomResourceDefinitionValidation.validate(checked, old: nil).errors.map(\.message) == [])
    }

    @Test func webAppOperatorReconcilesAgainstTheServer() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let crd = try CustomResourceDefinitionBuilder.definition(for: WebApp.self)
        _ = try await client.resource(ApiextensionsV1.CustomResourceDefinition.self).create(crd)

        let webApps = client.resource(WebAppObject.self, namespace: "default")
        var app = WebAppObject()
        app.name = "shop"
        app.spec = WebAppSpec(image: "nginx:1.27", replicas: 2)
        let created = try await webApps.create(app)
        #expect(created.spec == WebAppSpec(image: "nginx:1.27", replicas: 2))
        #expect(try await webApps.list().items.map(\.name) == ["shop"])

        let manager = Manager(client: client)
        manager.add(WebAppController.make(manager: manager))
        let run = Task { try await manager.run() }
        let deployments = client.resource(AppsV1.Deployment.self, namespace: "default")
        #expect(await eventually { (try? await deployments.get("shop"))?.spec?.replicas == 2 })
        let deployment = try await deployments.get("shop")
        #expect(deployment.ownerReferences?.first?.kind == "WebApp")
        #expect(deployment.ownerReferences?.first?.uid == created.uid)
        // The reconciler makes the Service right after the Deployment.
        let services = client.resource(CoreV1.Service.self, namespace: "default")
        #expect(await eventually { (try? await services.get("shop"))?.spec?.ports?.first?.port == 80 })

        // The Deployment's status flows back into the WebApp's (an owned change wakes the owner).
        var withStatus = deployment
        withStatus.json["status"] = ["replicas": 2, "readyReplicas": 2]
        _ = try await deployments.updateStatus(withStatus)
        #expect(await eventually { (try? await webApps.get("shop"))?.status?.readyReplicas == 2 })
        let status = try #require(try await webApps.get("shop").status)
        #expect(status.conditions?.first?.status == "True")
        #expect(status.selector == "app.kubernetes.io/managed-by=webapp-operator,app.kubernetes.io/name=shop")

        // A spec change reaches the Deployment.
        var bigger = try await webApps.get("shop")
        bigger.spec?.replicas = 4
        _ = try await webApps.update(bigger)
        #expect(await eventually { (try? await deployments.get("shop"))?.spec?.replicas == 4 })
        run.cancel()
        try await client.shutdown()
        await server.stop()
    }
}
