import Foundation
import SwiftletAPI
import Testing

@Suite struct TablePrinterPodTests {
    func pod(_ spec: String, _ status: String, metadata: String = "") -> [JSONValue] {
        tableRow(
            "", "Pod",
            """
            {"apiVersion":"v1","kind":"Pod",
             "metadata":{"name":"web-1","namespace":"default","creationTimestamp":"\(tableAgo(600))"\(metadata)},
             "spec":\(spec),"status":\(status)}
            """)
    }

    static let twoContainers =
        #"{"nodeName":"node-1","containers":[{"name":"app","image":"nginx"},{"name":"log","image":"busybox"}]}"#
    static let oneContainer = #"{"containers":[{"name":"app","image":"nginx"}]}"#

    @Test func runningPodWithARecentRestart() {
        let row = pod(
            Self.twoContainers,
            """
            {"phase":"Running","podIP":"10.0.0.5","podIPs":[{"ip":"10.0.0.5"}],
             "conditions":[{"type":"Ready","status":"False"}],
             "containerStatuses":[
               {"name":"app","ready":true,"restartCount":0,"state":{"running":{"startedAt":"\(tableAgo(500))"}}},
               {"name":"log","ready":false,"restartCount":3,"state":{"running":{}},
                "lastState":{"terminated":{"exitCode":1,"finishedAt":"\(tableAgo(300))"}}}]}
            """)
        #expect(row == ["web-1", "1/2", "Running", "3 (5m ago)", "10m", "10.0.0.5", "node-1", "<none>", "<none>"])
    }

    @Test func pendingPodIsNotYetPlaced() {
        let row = pod(Self.oneContainer, #"{"phase":"Pending"}"#)
        #expect(row == ["web-1", "0/1", "Pending", "0", "10m", "<none>", "<none>", "<none>", "<none>"])
        let gated = pod(
            Self.oneContainer,
            #"{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"SchedulingGated"}]}"#)
        #expect(gated[2] == "SchedulingGated")
        let nominated = pod(Self.oneContainer, #"{"phase":"Pending","nominatedNodeName":"node-9"}"#)
        #expect(nominated[7] == "node-9")
    }

    @Test func deletedPodsAreTerminatingUnlessFinished() {
        let deleting = #", "deletionTimestamp":"\#(tableAgo(5))""#
        let running = #"{"phase":"Running","containerStatuses":[{"name":"app","ready":true,"state":{"running":{}}}]}"#
        #expect(pod(Self.oneContainer, running, metadata: deleting)[2] == "Terminating")
        #expect(pod(Self.oneContainer, #"{"phase":"Running","reason":"NodeLost"}"#, metadata: deleting)[2] == "Unknown")
        let done =
            #"{"phase":"Succeeded","containerStatuses":[{"name":"app","state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}"#
        #expect(pod(Self.oneContainer, done, metadata: deleting)[2] == "Completed")
    }

    @Test func crashLoopingContainer() {
        let row = pod(
            Self.oneContainer,
            """
            {"phase":"Running","containerStatuses":[{"name":"app","ready":false,"restartCount":5,
              "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 5m0s"}},
              "lastState":{"terminated":{"exitCode":2,"reason":"Error","finishedAt":"\(tableAgo(90))"}}}]}
            """)
        #expect(row[1...3] == ["0/1", "CrashLoopBackOff", "5 (90s ago)"])
    }

    @Test func terminatedContainersWithoutReasonShowExitCodeOrSignal() {
        let exit = pod(
            Self.oneContainer,
            #"{"phase":"Running","containerStatuses":[{"name":"app","state":{"terminated":{"exitCode":3}}}]}"#)
        #expect(exit[2] == "ExitCode:3")
        let signal = pod(
            Self.oneContainer,
            #"{"phase":"Running","containerStatuses":[{"name":"app","state":{"terminated":{"exitCode":137,"signal":9}}}]}"#
        )
        #expect(signal[2] == "Signal:9")
    }

    @Test func completedPodCarriesARowCondition() {
        let status =
            #"{"phase":"Succeeded","containerStatuses":[{"name":"app","state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}"#
        #expect(pod(Self.oneContainer, status)[1...2] == ["0/1", "Completed"])
        let object = tableJSON(#"{"metadata":{"name":"p"},"status":\#(status)}"#)
        let conditions = TablePrinters.rowConditions(group: "", kind: "Pod", object: object)
        #expect(conditions.count == 1)
        #expect(conditions.first?["type"] == "Completed")
        #expect(conditions.first?["reason"] == "Succeeded")
        #expect(conditions.first?["message"] == "The pod has completed successfully.")
        #expect(
            TablePrinters.rowConditions(group: "", kind: "Pod", object: tableJSON(#"{"status":{"phase":"Running"}}"#))
                .isEmpty)
    }

    @Test func completedContainerBesideARunningOne() {
        let statuses = """
            "containerStatuses":[
              {"name":"app","ready":true,"state":{"running":{}}},
              {"name":"log","ready":false,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]
            """
        let ready = pod(
            Self.twoContainers, #"{"phase":"Running","conditions":[{"type":"Ready","status":"True"}],\#(statuses)}"#)
        #expect(ready[1...2] == ["1/2", "Running"])
        let notReady = pod(Self.twoContainers, #"{"phase":"Running",\#(statuses)}"#)
        #expect(notReady[2] == "NotReady")
    }

    @Test func initContainersReportProgressAndFailures() {
        let spec =
            #"{"initContainers":[{"name":"a","image":"x"},{"name":"b","image":"x"}],"containers":[{"name":"app","image":"nginx"}]}"#
        func status(_ second: String) -> String {
            #"{"phase":"Pending","initContainerStatuses":[{"name":"a","state":{"terminated":{"exitCode":0,"reason":"Completed"}}},{"name":"b",\#(second)}],"containerStatuses":[{"name":"app","state":{"waiting":{"reason":"PodInitializing"}}}]}"#
        }
        #expect(pod(spec, status(#""state":{"running":{}}"#))[1...2] == ["0/1", "Init:1/2"])
        #expect(pod(spec, status(#""state":{"waiting":{"reason":"ImagePullBackOff"}}"#))[2] == "Init:ImagePullBackOff")
        #expect(pod(spec, status(#""state":{"waiting":{"reason":"PodInitializing"}}"#))[2] == "Init:1/2")
        #expect(pod(spec, status(#""state":{"terminated":{"exitCode":1,"reason":"Error"}}"#))[2] == "Init:Error")
        #expect(pod(spec, status(#""state":{"terminated":{"exitCode":1}}"#))[2] == "Init:ExitCode:1")
        #expect(pod(spec, status(#""state":{"terminated":{"exitCode":1,"signal":15}}"#))[2] == "Init:Signal:15")
        // Init restarts count while the pod initializes.
        let restarting = pod(
            spec,
            status(
                #""restartCount":2,"state":{"waiting":{"reason":"CrashLoopBackOff"}},"lastState":{"terminated":{"exitCode":1,"finishedAt":"\#(tableAgo(30))"}}"#
            ))
        #expect(restarting[2...3] == ["Init:CrashLoopBackOff", "2 (30s ago)"])
    }

    @Test func sidecarsCountAsContainers() {
        let spec =
            #"{"initContainers":[{"name":"proxy","image":"envoy","restartPolicy":"Always"}],"containers":[{"name":"app","image":"nginx"}]}"#
        let status = """
            {"phase":"Running","conditions":[{"type":"Initialized","status":"True"},{"type":"Ready","status":"True"}],
             "initContainerStatuses":[{"name":"proxy","ready":true,"started":true,"restartCount":1,"state":{"running":{}},
               "lastState":{"terminated":{"exitCode":1,"finishedAt":"\(tableAgo(7200))"}}}],
             "containerStatuses":[{"name":"app","ready":true,"restartCount":0,"state":{"running":{}}}]}
            """
        #expect(pod(spec, status)[1...3] == ["2/2", "Running", "1 (120m ago)"])
    }

    @Test func wideCellsReadPodIPsAndReadinessGates() {
        let spec =
            #"{"containers":[{"name":"app","image":"nginx"}],"readinessGates":[{"conditionType":"example.com/lb"},{"conditionType":"example.com/dns"}]}"#
        let status =
            #"{"phase":"Running","podIPs":[{"ip":"fd00::5"},{"ip":"10.0.0.5"}],"conditions":[{"type":"example.com/lb","status":"True"},{"type":"example.com/dns","status":"False"}]}"#
        let row = pod(spec, status)
        #expect(row[5] == "fd00::5")
        #expect(row[8] == "1/2")
    }

    @Test func noCreationTimestampIsUnknownAge() {
        let row = tableRow("", "Pod", #"{"metadata":{"name":"p"},"spec":{"containers":[]},"status":{}}"#)
        #expect(row == ["p", "0/0", "", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"])
    }
}
