import Foundation
import SwiftletAPI
import SwiftletCRI
import SwiftletModels
import Testing

@testable import SwiftletNode

@Suite struct PodStatusBuilderTests {
    static func pod(restartPolicy: String = "Always", containers: [String] = ["app"], initContainers: [String] = [])
        -> CoreV1.Pod
    {
        var pod = CoreV1.Pod()
        pod.name = "p"
        pod.namespace = "default"
        pod.uid = "u1"
        pod.json[path: ["spec"]] = [
            "restartPolicy": .string(restartPolicy),
            "containers": .array(containers.map { ["name": .string($0), "image": "img:1"] }),
            "initContainers": .array(initContainers.map { ["name": .string($0), "image": "img:1"] }),
        ]
        pod.json[path: ["status"]] = [
            "phase": "Pending",
            "conditions": [["type": "PodScheduled", "status": "True", "lastTransitionTime": "2026-01-01T00:00:00Z"]],
        ]
        return pod
    }

    static func container(
        _ name: String, _ state: Runtime_V1_ContainerState, exit: Int32 = 0, attempt: UInt32 = 0
    ) -> Runtime_V1_ContainerStatus {
        .with {
            $0.id = "\(name)-\(attempt)"
            $0.metadata = .with {
                $0.name = name
                $0.attempt = attempt
            }
            $0.state = state
            $0.exitCode = exit
            $0.startedAt = 1_700_000_000_000_000_000
            if state == .containerExited { $0.finishedAt = 1_700_000_001_000_000_000 }
        }
    }

    static func view(_ containers: [Runtime_V1_ContainerStatus], sandbox: Bool = true) -> PodRuntimeView {
        var view = PodRuntimeView()
        if sandbox { view.sandboxes = [.with { $0.state = .sandboxReady }] }
        view.sandboxIP = "10.88.0.9"
        for c in containers { view.containers[c.metadata.name, default: []].append(c) }
        for k in view.containers.keys { view.containers[k]?.sort { $0.metadata.attempt > $1.metadata.attempt } }
        return view
    }

    func build(
        _ pod: CoreV1.Pod, _ view: PodRuntimeView, waiting: [String: (reason: String, message: String?)] = [:]
    ) -> JSONValue {
        PodStatusBuilder(pod: pod, view: view, waiting: waiting, hostIP: "127.0.0.1", now: Date()).build()
    }

    func condition(_ status: JSONValue, _ type: String) -> String? {
        status["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == type }?["status"]?.stringValue
    }

    @Test func runningContainerMakesARunningReadyPod() {
        let status = build(Self.pod(), Self.view([Self.container("app", .containerRunning)]))
        #expect(status["phase"] == "Running")
        #expect(status["podIP"] == "10.88.0.9")
        #expect(status[path: ["containerStatuses"]]?.arrayValue?.first?["ready"] == true)
        #expect(status[path: ["containerStatuses"]]?.arrayValue?.first?["containerID"] == "containerd://app-0")
        #expect(condition(status, "Ready") == "True")
        #expect(condition(status, "PodScheduled") == "True")
        #expect(status["qosClass"] == "BestEffort")
    }

    @Test func crashLoopingContainerKeepsThePodRunning() {
        let view = Self.view([
            Self.container("app", .containerExited, exit: 1, attempt: 2),
            Self.container("app", .containerExited, exit: 1, attempt: 1),
        ])
        let status = build(
            Self.pod(), view, waiting: ["app": ("CrashLoopBackOff", "back-off 20s restarting failed container")])
        #expect(status["phase"] == "Running")
        let container = status["containerStatuses"]?.arrayValue?.first
        #expect(container?["restartCount"] == 2)
        #expect(container?[path: ["state", "waiting", "reason"]] == "CrashLoopBackOff")
        #expect(container?[path: ["lastState", "terminated", "exitCode"]] == 1)
        #expect(condition(status, "Ready") == "False")
    }

    @Test func finishedPodsSucceedOrFailByExitCode() {
        let ok = build(Self.pod(restartPolicy: "Never"), Self.view([Self.container("app", .containerExited)]))
        #expect(ok["phase"] == "Succeeded")
        #expect(
            ok[path: ["containerStatuses"]]?.arrayValue?.first?[path: ["state", "terminated", "reason"]] == "Completed")
        let failed = build(
            Self.pod(restartPolicy: "Never"), Self.view([Self.container("app", .containerExited, exit: 2)]))
        #expect(failed["phase"] == "Failed")
        // OnFailure restarts a failed container: the pod keeps running.
        let retried = build(
            Self.pod(restartPolicy: "OnFailure"), Self.view([Self.container("app", .containerExited, exit: 2)]))
        #expect(retried["phase"] == "Running")
    }

    @Test func initContainersHoldThePodPending() {
        let pod = Self.pod(initContainers: ["setup"])
        let status = build(pod, Self.view([Self.container("setup", .containerRunning)]))
        #expect(status["phase"] == "Pending")
        #expect(condition(status, "Initialized") == "False")
        #expect(
            status["containerStatuses"]?.arrayValue?.first?[path: ["state", "waiting", "reason"]] == "PodInitializing")
        let done = build(
            pod, Self.view([Self.container("setup", .containerExited), Self.container("app", .containerRunning)]))
        #expect(done["phase"] == "Running")
        #expect(condition(done, "Initialized") == "True")
    }

    @Test func qosClassFromRequestsAndLimits() {
        var pod = Self.pod()
        pod.json[path: ["spec", "containers"]] = [
            ["name": "app", "resources": ["limits": ["cpu": "500m", "memory": "64Mi"]]]
        ]
        #expect(
            PodStatusBuilder(pod: pod, view: PodRuntimeView(), waiting: [:], hostIP: "", now: Date()).qosClass
                == "Guaranteed")
        pod.json[path: ["spec", "containers"]] = [["name": "app", "resources": ["requests": ["cpu": "100m"]]]]
        #expect(
            PodStatusBuilder(pod: pod, view: PodRuntimeView(), waiting: [:], hostIP: "", now: Date()).qosClass
                == "Burstable")
    }

    @Test func restartBackOffDoublesFromTenSeconds() {
        let state = PodWorkState()
        let started = Date(timeIntervalSince1970: 1000)
        var finished = started.addingTimeInterval(1)
        // The first failure restarts at once; the next waits 10 s, then 20 s.
        #expect(
            state.restartDecision(uid: "u", key: "c", startedAt: started, finishedAt: finished, now: finished).wait
                == nil)
        let second = state.restartDecision(
            uid: "u", key: "c", startedAt: started, finishedAt: finished, now: finished.addingTimeInterval(1))
        #expect(second.wait == .seconds(9))
        #expect(second.delay == .seconds(10))
        #expect(
            state.restartDecision(
                uid: "u", key: "c", startedAt: started, finishedAt: finished, now: finished.addingTimeInterval(10)
            ).wait == nil)
        finished = finished.addingTimeInterval(11)
        #expect(
            state.restartDecision(uid: "u", key: "c", startedAt: started, finishedAt: finished, now: finished).delay
                == .seconds(20))
        #expect(Duration.seconds(300).goString == "5m0s")
    }
}
