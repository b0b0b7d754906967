import SwiftletModels
import Testing

@testable import SwiftletScheduler

@Suite struct SchedulingQueueTests {
    let start = ContinuousClock.now

    func info(_ name: String, priority: Int32 = 0) -> PodInfo {
        PodInfo(Fixture.pod(name, priority: priority))
    }

    @Test func popsHigherPriorityFirstThenOldest() {
        var queue = SchedulingQueue()
        queue.add(info("low-old"), now: start)
        queue.add(info("high", priority: 1000), now: start + .seconds(1))
        queue.add(info("low-new"), now: start + .seconds(2))
        #expect(queue.pop()?.name == "high")
        #expect(queue.pop()?.name == "low-old")
        #expect(queue.pop()?.name == "low-new")
        #expect(queue.pop() == nil)
    }

    @Test func backoffDoublesFromOneToTenSeconds() {
        let queue = SchedulingQueue()
        #expect((1...6).map { queue.backoffDuration(attempts: $0) } == [1, 2, 4, 8, 10, 10].map { .seconds($0) })
    }

    @Test func unschedulablePodsWaitForAConcernedEvent() {
        var queue = SchedulingQueue()
        queue.add(info("p"), now: start)
        _ = queue.pop()
        queue.requeueUnschedulable(uid: "uid-default-p", refusedBy: ["NodeResourcesFit"], now: start)
        #expect(queue.unschedulableCount == 1)
        // A namespace change cannot free cpu.
        queue.onClusterEvent(.namespaceChanged, now: start + .seconds(30))
        #expect(queue.unschedulableCount == 1)
        // A pod leaving a node can; the backoff (1 s) is long over.
        queue.onClusterEvent(.assignedPodDeleted, now: start + .seconds(30))
        #expect(queue.unschedulableCount == 0)
        #expect(queue.pop()?.name == "p")
    }

    @Test func eventsDuringBackoffWaitForTheBackoffToEnd() {
        var queue = SchedulingQueue()
        queue.add(info("p"), now: start)
        _ = queue.pop()
        queue.requeueUnschedulable(uid: "uid-default-p", refusedBy: ["TaintToleration"], now: start)
        queue.onClusterEvent(.nodeAdded, now: start + .milliseconds(200))
        #expect(queue.backoffCount == 1 && queue.activeCount == 0)
        queue.flush(now: start + .milliseconds(900))
        #expect(queue.activeCount == 0)
        queue.flush(now: start + .seconds(1))
        #expect(queue.activeCount == 1)
    }

    @Test func anEventWhileSchedulingSendsThePodToBackoffNotToWait() {
        var queue = SchedulingQueue()
        queue.add(info("p"), now: start)
        _ = queue.pop()
        // The node arrives while the pod's cycle still runs on the old snapshot.
        queue.onClusterEvent(.nodeAdded, now: start)
        queue.requeueUnschedulable(uid: "uid-default-p", refusedBy: ["NodeResourcesFit"], now: start)
        #expect(queue.unschedulableCount == 0 && queue.backoffCount == 1)
    }

    @Test func podsWaitAtMostFiveMinutesWithoutEvents() {
        var queue = SchedulingQueue()
        queue.add(info("p"), now: start)
        _ = queue.pop()
        queue.requeueUnschedulable(uid: "uid-default-p", refusedBy: ["NodeAffinity"], now: start)
        queue.flush(now: start + .seconds(299))
        #expect(queue.unschedulableCount == 1)
        queue.flush(now: start + .seconds(300))
        #expect(queue.unschedulableCount == 0 && queue.activeCount == 1)
    }

    @Test func updatingAWaitingPodRetriesItAndDeletingForgetsIt() {
        var queue = SchedulingQueue()
        queue.add(info("p"), now: start)
        _ = queue.pop()
        queue.requeueUnschedulable(uid: "uid-default-p", refusedBy: ["NodeAffinity"], now: start)
        queue.update(info("p"), now: start + .seconds(5))
        #expect(queue.activeCount == 1)
        queue.remove(uid: "uid-default-p")
        #expect(queue.pop() == nil && !queue.contains(uid: "uid-default-p"))
    }
}
