import Foundation
import SwiftletAPI
import Testing

@Suite struct TablePrinterWorkloadTests {
    static let template =
        #"{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27"},{"name":"sidecar","image":"busybox"}]}}"#

    @Test func deployment() {
        let row = tableRow(
            "apps", "Deployment",
            """
            {"metadata":{"name":"web","creationTimestamp":"\(tableAgo(3 * 86_400 + 3600))"},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web","tier":"front"},
               "matchExpressions":[{"key":"env","operator":"In","values":["prod","dev"]},{"key":"canary","operator":"DoesNotExist"}]},
               "template":\(Self.template)},
             "status":{"replicas":3,"updatedReplicas":3,"readyReplicas":2,"availableReplicas":2}}
            """)
        #expect(
            row == [
                "web", "2/3", 3, 2, "3d1h", "web,sidecar", "nginx:1.27,busybox",
                "app=web,!canary,env in (dev,prod),tier=front",
            ])
    }

    @Test func deploymentSelectorEdgeCases() {
        func selector(_ s: String) -> JSONValue {
            tableRow("apps", "Deployment", #"{"metadata":{"name":"d"},"spec":{\#(s)}}"#)[7]
        }
        #expect(selector("") == "")
        #expect(selector(#""selector":{}"#) == "")
        #expect(selector(#""selector":{"matchExpressions":[{"key":"a","operator":"Bogus"}]}"#) == "<invalid>")
        // Without replicas the defaulted 1 is desired.
        #expect(tableRow("apps", "Deployment", #"{"metadata":{"name":"d"}}"#)[1] == "0/1")
    }

    @Test func replicaSetAndDaemonSet() {
        let rs = tableRow(
            "apps", "ReplicaSet",
            """
            {"metadata":{"name":"web-5d4f","creationTimestamp":"\(tableAgo(45))"},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":\(Self.template)},
             "status":{"replicas":3,"readyReplicas":1}}
            """)
        #expect(rs == ["web-5d4f", 3, 3, 1, "45s", "web,sidecar", "nginx:1.27,busybox", "app=web"])
        let emptySelector = tableRow("apps", "ReplicaSet", #"{"metadata":{"name":"r"},"spec":{"selector":{}}}"#)
        #expect(emptySelector[7] == "<none>")

        let ds = tableRow(
            "apps", "DaemonSet",
            """
            {"metadata":{"name":"agent"},"spec":{"selector":{"matchLabels":{"app":"agent"}},
              "template":{"spec":{"nodeSelector":{"kubernetes.io/os":"linux"},"containers":[{"name":"a","image":"agent:1"}]}}},
             "status":{"desiredNumberScheduled":4,"currentNumberScheduled":4,"numberReady":3,"updatedNumberScheduled":4,"numberAvailable":3}}
            """)
        #expect(ds == ["agent", 4, 4, 3, 4, 3, "kubernetes.io/os=linux", "<unknown>", "a", "agent:1", "app=agent"])
    }

    @Test func statefulSetAndControllerRevision() {
        let sts = tableRow(
            "apps", "StatefulSet",
            #"{"metadata":{"name":"db"},"spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"pg","image":"postgres"}]}}},"status":{"readyReplicas":2}}"#
        )
        #expect(sts == ["db", "2/3", "<unknown>", "pg", "postgres"])
        let revision = tableRow(
            "apps", "ControllerRevision",
            """
            {"metadata":{"name":"db-7c9","ownerReferences":[{"apiVersion":"apps/v1","kind":"StatefulSet","name":"db","uid":"1","controller":true}]},"revision":2}
            """)
        #expect(revision == ["db-7c9", "statefulset.apps/db", 2, "<unknown>"])
        #expect(tableRow("apps", "ControllerRevision", #"{"metadata":{"name":"r"},"revision":1}"#)[1] == "<none>")
    }

    @Test func jobs() {
        let running = tableRow(
            "batch", "Job",
            """
            {"metadata":{"name":"pi","creationTimestamp":"\(tableAgo(200))"},
             "spec":{"completions":5,"parallelism":2,"selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"u1"}},
                     "template":{"spec":{"containers":[{"name":"pi","image":"perl"}]}}},
             "status":{"startTime":"\(tableAgo(190))","active":2,"succeeded":1}}
            """)
        #expect(
            running == [
                "pi", "Running", "1/5", "3m10s", "3m20s", "pi", "perl", "batch.kubernetes.io/controller-uid=u1",
            ])

        let complete = tableRow(
            "batch", "Job",
            """
            {"metadata":{"name":"once"},"spec":{"parallelism":1},
             "status":{"startTime":"\(tableAgo(100))","completionTime":"\(tableAgo(58))","succeeded":1,
               "conditions":[{"type":"SuccessCriteriaMet","status":"True"},{"type":"Complete","status":"True"}]}}
            """)
        #expect(complete[1...3] == ["Complete", "1/1", "42s"])

        let queue = tableRow("batch", "Job", #"{"metadata":{"name":"q"},"spec":{"parallelism":3},"status":{}}"#)
        #expect(queue[1...3] == ["Running", "0/1 of 3", ""])
        let failed = tableRow(
            "batch", "Job",
            #"{"metadata":{"name":"f"},"status":{"conditions":[{"type":"FailureTarget","status":"True"},{"type":"Failed","status":"True"}]}}"#
        )
        #expect(failed[1] == "Failed")
        let suspended = tableRow(
            "batch", "Job", #"{"metadata":{"name":"s"},"status":{"conditions":[{"type":"Suspended","status":"True"}]}}"#
        )
        #expect(suspended[1] == "Suspended")
        let deleting = tableRow(
            "batch", "Job", #"{"metadata":{"name":"t","deletionTimestamp":"\#(tableAgo(1))"},"status":{}}"#)
        #expect(deleting[1] == "Terminating")
    }

    @Test func cronJob() {
        let row = tableRow(
            "batch", "CronJob",
            """
            {"metadata":{"name":"nightly","creationTimestamp":"\(tableAgo(9 * 86_400))"},
             "spec":{"schedule":"0 3 * * *","suspend":false,
               "jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"backup","image":"restic"}]}}}}},
             "status":{"active":[{"name":"nightly-1"}],"lastScheduleTime":"\(tableAgo(3600))"}}
            """)
        #expect(row == ["nightly", "0 3 * * *", "<none>", "False", 1, "60m", "9d", "backup", "restic", "<none>"])
        let zoned = tableRow(
            "batch", "CronJob",
            #"{"metadata":{"name":"z"},"spec":{"schedule":"@hourly","timeZone":"Etc/UTC","suspend":true}}"#)
        #expect(zoned[2...5] == ["Etc/UTC", "True", 0, "<none>"])
    }
}
