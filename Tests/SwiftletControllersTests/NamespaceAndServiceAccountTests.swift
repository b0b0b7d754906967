import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletControllers
import SwiftletModels
import SwiftletTesting
import Testing

@Suite("Built-in controllers: namespace and service account", .timeLimit(.minutes(2)))
struct NamespaceAndServiceAccountTests {
    @Test func deletingANamespaceDeletesItsContentThenItself() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let run = Task { try await ControllerManager.make(client: client, controllers: ["namespace"]).run() }
        var ns = CoreV1.Namespace()
        ns.name = "doomed"
        _ = try await client.resource(CoreV1.Namespace.self).create(ns)
        var cm = CoreV1.ConfigMap()
        cm.name = "settings"
        _ = try await client.resource(CoreV1.ConfigMap.self, namespace: "doomed").create(cm)
        var held = CoreV1.ConfigMap()
        held.name = "held"
        held.finalizers = ["example.com/hold"]
        _ = try await client.resource(CoreV1.ConfigMap.self, namespace: "doomed").create(held)
        var secret = CoreV1.Secret()
        secret.name = "token"
        _ = try await client.resource(CoreV1.Secret.self, namespace: "doomed").create(secret)

        _ = try await client.resource(CoreV1.Namespace.self).delete("doomed")
        // Content goes; the held ConfigMap stays and the namespace says why.
        let onlyHeldLeft = try await eventually {
            let left = try await client.resource(CoreV1.ConfigMap.self, namespace: "doomed").list().items
            return left.map { $0.name } == ["held"]
        }
        #expect(onlyHeldLeft)
        let reported = try await eventually {
            let conditions = try await client.resource(CoreV1.Namespace.self).get("doomed").status?.conditions ?? []
            return conditions.contains {
                $0.type == "NamespaceFinalizersRemaining" && $0.status == "True"
                    && ($0.message ?? "").contains("example.com/hold")
            }
        }
        #expect(reported)
        #expect(try await client.resource(CoreV1.Namespace.self).get("doomed").status?.phase == "Terminating")
        // New content is refused while it terminates.
        var late = CoreV1.ConfigMap()
        late.name = "late"
        await #expect(throws: KubernetesError.self) {
            _ = try await client.resource(CoreV1.ConfigMap.self, namespace: "doomed").create(late)
        }
        // Releasing the last finalizer lets the namespace go.
        _ = try await client.resource(CoreV1.ConfigMap.self, namespace: "doomed").patch(
            "held", .merge(["metadata": ["finalizers": .null]]))
        let gone = await eventually {
            do {
                _ = try await client.resource(CoreV1.Namespace.self).get("doomed")
                return false
            } catch {
                return (error as? KubernetesError)?.isNotFound == true
            }
        }
        #expect(gone)
        run.cancel()
        try await client.shutdown()
        await server.stop()
    }

    @Test func everyNamespaceGetsADefaultServiceAccount() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let run = Task { try await ControllerManager.make(client: client, controllers: ["serviceaccount"]).run() }
        var ns = CoreV1.Namespace()
        ns.name = "team"
        _ = try await client.resource(CoreV1.Namespace.self).create(ns)
        let accounts = client.resource(CoreV1.ServiceAccount.self, namespace: "team")
        #expect(await eventually { (try? await accounts.get("default")) != nil })
        #expect(
            await eventually {
                (try? await client.resource(CoreV1.ServiceAccount.self, namespace: "kube-system").get("default")) != nil
            })
        // Deleted, it comes back.
        try await accounts.delete("default")
        #expect(await eventually { (try? await accounts.get("default")) != nil })
        run.cancel()
        try await client.shutdown()
        await server.stop()
    }

    @Test func onlyTheLeaseHolderRuns() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let first = ControllerManager.make(client: client, identity: "first", controllers: ["serviceaccount"])
        let run = Task { try await first.run() }
        #expect(await eventually { first.isLeading })
        let lease = try await client.resource(CoordinationV1.Lease.self, namespace: "kube-system").get(
            ControllerManager.leaseName)
        #expect(lease.spec?.holderIdentity == "first")
        let second = ControllerManager.make(client: client, identity: "second", controllers: ["serviceaccount"])
        let run2 = Task { try await second.run() }
        try await Task.sleep(for: .seconds(1))
        #expect(!second.isLeading)
        run.cancel()
        run2.cancel()
        try await client.shutdown()
        await server.stop()
    }
}

@Suite("controller selection")
struct ControllerSelectionTests {
    @Test func starAddsAndMinusRemoves() throws {
        #expect(try ControllerManager.selection("*") == Set(ControllerManager.names))
        #expect(try ControllerManager.selection("*,-cronjob,-job").contains("cronjob") == false)
        #expect(try ControllerManager.selection("*,-cronjob").count == ControllerManager.names.count - 1)
        #expect(try ControllerManager.selection("job,deployment") == ["job", "deployment"])
        #expect(throws: ControllerManager.UnknownController.self) { try ControllerManager.selection("*,-jobs") }
    }
}
