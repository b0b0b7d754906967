import AsyncHTTPClient
import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels
import SwiftletTesting
import Testing

@Suite("Manager endpoints and events", .timeLimit(.minutes(2)))
struct ManagerAndEventTests {
    @Test func healthReadinessAndMetricsEndpoints() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let reconciler = CountingReconciler()
        let manager = Manager(client: client, endpoints: (host: "127.0.0.1", port: 0))
        manager.add(Controller.for(CoreV1.ConfigMap.self).named("counter").complete(reconciler))
        let run = Task { try await manager.run() }
        var cm = CoreV1.ConfigMap()
        cm.name = "counted"
        _ = try await client.resource(CoreV1.ConfigMap.self, namespace: "default").create(cm)
        #expect(await eventually { reconciler.count("counted") >= 1 && manager.endpointsPort != nil })
        let port = try #require(manager.endpointsPort)
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        func get(_ path: String) async throws -> (Int, String) {
            let response = try await http.execute(
                HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 1 << 20)
            return (Int(response.status.code), String(buffer: body))
        }
        #expect(try await get("/healthz") == (200, "ok"))
        #expect(await eventually { (try? await get("/readyz"))?.0 == 200 })
        let metrics = try await get("/metrics").1
        #expect(metrics.contains("controller_runtime_reconcile_total{controller=\"counter\",result=\"success\"}"))
        #expect(metrics.contains("controller_runtime_reconcile_time_seconds_count{controller=\"counter\"}"))
        try await http.shutdown()
        run.cancel()
        try await client.shutdown()
        await server.stop()
    }

    @Test(arguments: [EventRecorder.API.coreV1, .eventsV1])
    func repeatedEventsAreAggregated(api: EventRecorder.API) async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        var cm = CoreV1.ConfigMap()
        cm.name = "subject"
        let subject = try await client.resource(CoreV1.ConfigMap.self, namespace: "default").create(cm)
        let recorder = EventRecorder(client: client, component: "test-controller", api: api)
        for _ in 0..<3 { await recorder.record(subject, reason: "Synced", message: "all good") }
        await recorder.record(subject, type: .warning, reason: "Failed", message: "something broke")
        switch api {
        case .coreV1:
            let events = try await client.resource(CoreV1.Event.self, namespace: "default").list().items
            #expect(events.count == 2)
            let synced = events.first { $0.reason == "Synced" }
            #expect(synced?.count == 3)
            #expect(synced?.involvedObject?.name == "subject")
            #expect(synced?.source?.component == "test-controller")
            #expect(events.first { $0.reason == "Failed" }?.type == "Warning")
        case .eventsV1:
            let events = try await client.resource(EventsV1.Event.self, namespace: "default").list().items
            #expect(events.count == 2)
            let synced = events.first { $0.reason == "Synced" }
            #expect(synced?.series?.count == 3)
            #expect(synced?.regarding?.name == "subject")
            #expect(synced?.reportingController == "test-controller")
        }
        try await client.shutdown()
        await server.stop()
    }
}

extension EventRecorder.API: CustomTestStringConvertible {
    public var testDescription: String { self == .coreV1 ? "core/v1" : "events.k8s.io/v1" }
}
