import Foundation
import SwiftletAPI
import SwiftletModels
import SwiftletTesting
import Testing

@testable import SwiftletNode

@Suite(.timeLimit(.minutes(1))) struct ContainerSpecTests {
    @Test func variablesExpandAsUpstream() {
        let vars = ["A": "1", "B": "two"]
        #expect(ContainerSpec.expand("$(A)-$(B)", vars) == "1-two")
        #expect(ContainerSpec.expand("$(MISSING) $$(A) $", vars) == "$(MISSING) $(A) $")
    }

    @Test func environmentFromValuesFieldsConfigMapsAndSecrets() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        var map = CoreV1.ConfigMap()
        map.name = "settings"
        map.json["data"] = ["color": "blue", "size": "L"]
        _ = try await client.resource(CoreV1.ConfigMap.self, namespace: "default").create(map)
        var secret = CoreV1.Secret()
        secret.name = "creds"
        secret.json["data"] = ["token": .string(Data("s3cret".utf8).base64EncodedString())]
        _ = try await client.resource(CoreV1.Secret.self, namespace: "default").create(secret)

        var pod = CoreV1.Pod()
        pod.name = "p"
        pod.namespace = "default"
        pod.uid = "uid-1"
        let container: JSONValue = [
            "name": "app", "image": "img:1", "command": ["echo", "$(GREETING)"],
            "envFrom": [["configMapRef": ["name": "settings"], "prefix": "CFG_"]],
            "env": [
                ["name": "NAME", "value": "world"], ["name": "GREETING", "value": "hello $(NAME)"],
                ["name": "POD", "valueFrom": ["fieldRef": ["fieldPath": "metadata.name"]]],
                ["name": "IP", "valueFrom": ["fieldRef": ["fieldPath": "status.podIP"]]],
                ["name": "TOKEN", "valueFrom": ["secretKeyRef": ["name": "creds", "key": "token"]]],
                ["name": "MEM", "valueFrom": ["resourceFieldRef": ["resource": "limits.memory", "divisor": "1Mi"]]],
            ],
            "resources": ["requests": ["cpu": "250m"], "limits": ["cpu": "500m", "memory": "64Mi"]],
            "securityContext": ["runAsUser": 1000, "allowPrivilegeEscalation": false],
        ]
        let spec = ContainerSpec(
            pod: pod, container: container, nodeName: "n", hostIP: "127.0.0.1", podIP: "10.88.0.5", client: client)
        let config = try await spec.config(imageRef: "sha256:abc", attempt: 2)
        let env = Dictionary(config.envs.map { ($0.key, $0.value) }, uniquingKeysWith: { _, b in b })
        #expect(env["CFG_color"] == "blue")
        #expect(env["GREETING"] == "hello world")
        #expect(env["POD"] == "p")
        #expect(env["IP"] == "10.88.0.5")
        #expect(env["TOKEN"] == "s3cret")
        #expect(env["MEM"] == "64")
        #expect(config.command == ["echo", "hello world"])
        #expect(config.logPath == "app/2.log")
        #expect(config.metadata.attempt == 2)
        #expect(config.linux.resources.cpuShares == 256)
        #expect(config.linux.resources.cpuQuota == 50_000)
        #expect(config.linux.resources.memoryLimitInBytes == 64 * 1024 * 1024)
        #expect(config.linux.securityContext.runAsUser.value == 1000)
        #expect(config.linux.securityContext.noNewPrivs)

        // A missing key is a configuration error the pod reports.
        let broken = ContainerSpec(
            pod: pod,
            container: [
                "name": "app",
                "env": [["name": "X", "valueFrom": ["configMapKeyRef": ["name": "settings", "key": "nope"]]]],
            ], nodeName: "n", hostIP: "", podIP: "", client: client)
        await #expect(throws: ContainerSpec.ConfigError.self) { try await broken.config(imageRef: "x", attempt: 0) }
        try await client.shutdown()
        await server.stop()
    }
}
