import Foundation
import SwiftletClient
import SwiftletTesting
import Synchronization
import Testing

@Suite("Leader election", .timeLimit(.minutes(2)))
struct LeaderElectionTests {
    static func config(_ identity: String) -> LeaderElector.Configuration {
        var c = LeaderElector.Configuration(
            leaseName: "test-controller", leaseNamespace: "kube-system", identity: identity)
        // Long enough that a loaded test machine does not lose a healthy lease.
        c.leaseDuration = .seconds(6)
        c.renewDeadline = .seconds(4)
        c.retryPeriod = .milliseconds(200)
        return c
    }

    @Test func oneLeadsAndTheOtherTakesOverWhenItStops() async throws {
        let server = try await TestAPIServer.start()
        let client = try server.kubernetesClient()
        let leaders = Recorder()
        func candidate(_ id: String) -> Task<Void, any Error> {
            Task {
                try await LeaderElector(client: client, configuration: Self.config(id)).run {
                    leaders.add(id)
                    while true { try await Task.sleep(for: .seconds(60)) }
                }
            }
        }
        let a = candidate("a")
        #expect(await leaders.wait(timeout: .seconds(30)) { $0 == ["a"] })
        let b = candidate("b")
        // While "a" holds and renews the lease, "b" waits.
        try await Task.sleep(for: .seconds(1))
        #expect(leaders.all == ["a"])
        a.cancel()  // releases the lease
        let deadline = ContinuousClock.now + .seconds(30)
        while leaders.all.count < 2, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(leaders.all == ["a", "b"])
        let lease = try await client.resource(
            group: "coordination.k8s.io", version: "v1", plural: "leases", namespace: "kube-system"
        )
        .get("test-controller")
        #expect(lease[path: ["spec", "holderIdentity"]] == "b")
        #expect(lease[path: ["spec", "leaseTransitions"]] == 1)
        b.cancel()
        try await client.shutdown()
        await server.stop()
    }
}
