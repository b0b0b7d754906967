import SwiftletModels
import Testing

@testable import SwiftletScheduler

@Suite struct SchedulerCacheTests {
    func requestedCPU(_ cache: SchedulerCache, _ node: String) -> Int64? {
        cache.snapshot.node(named: node)?.requested.milliCPU
    }

    @Test func anAssumedPodTakesRoomUntilForgotten() {
        var cache = SchedulerCache()
        cache.upsertNode(Fixture.node("n1"))
        let pod = PodInfo(Fixture.pod("p", cpu: "1"))
        cache.assume(pod, on: "n1")
        #expect(requestedCPU(cache, "n1") == 1000)
        #expect(cache.isAssumed(uid: pod.uid))
        // The binding failed: the room comes back.
        cache.forget(uid: pod.uid)
        #expect(requestedCPU(cache, "n1") == 0)
        #expect(cache.snapshot.node(named: "n1")?.pods.isEmpty == true)
    }

    @Test func theAPIConfirmingAnAssumedPodCountsItOnce() {
        var cache = SchedulerCache()
        cache.upsertNode(Fixture.node("n1"))
        let pod = Fixture.pod("p", cpu: "1")
        cache.assume(PodInfo(pod), on: "n1")
        cache.upsertBoundPod(Fixture.pod("p", cpu: "1", nodeName: "n1"))
        #expect(requestedCPU(cache, "n1") == 1000)
        #expect(!cache.isAssumed(uid: "uid-default-p"))
        // Forgetting a confirmed pod does nothing.
        cache.forget(uid: "uid-default-p")
        #expect(requestedCPU(cache, "n1") == 1000)
    }

    @Test func podsOnAnUnknownNodeCountOnceItArrives() {
        var cache = SchedulerCache()
        cache.upsertBoundPod(Fixture.pod("early", cpu: "2", nodeName: "late-node"))
        #expect(cache.nodeCount == 0)
        cache.upsertNode(Fixture.node("late-node"))
        #expect(requestedCPU(cache, "late-node") == 2000)
        // A node that goes and comes back keeps its pods.
        cache.removeNode(named: "late-node")
        cache.upsertNode(Fixture.node("late-node"))
        #expect(requestedCPU(cache, "late-node") == 2000)
    }

    @Test func finishedAndDeletedPodsFreeTheirNode() {
        var cache = SchedulerCache()
        cache.upsertNode(Fixture.node("n1"))
        cache.upsertBoundPod(Fixture.pod("job", cpu: "1", nodeName: "n1"))
        cache.upsertBoundPod(Fixture.pod("web", cpu: "1", nodeName: "n1"))
        var done = Fixture.pod("job", cpu: "1", nodeName: "n1")
        done.json[path: ["status", "phase"]] = "Succeeded"
        cache.upsertBoundPod(done)
        #expect(requestedCPU(cache, "n1") == 1000)
        cache.removePod(uid: "uid-default-web")
        #expect(requestedCPU(cache, "n1") == 0)
    }

    @Test func nodeUpdatesReportWhetherPlacementFactsChanged() {
        var cache = SchedulerCache()
        let added = cache.upsertNode(Fixture.node("n1"))
        let same = cache.upsertNode(Fixture.node("n1"))
        let tainted = cache.upsertNode(Fixture.node("n1", taints: [Fixture.taint("dedicated", "gpu")]))
        let grown = cache.upsertNode(Fixture.node("n1", cpu: "8", taints: [Fixture.taint("dedicated", "gpu")]))
        #expect(added && !same && tainted && grown)
    }
}
