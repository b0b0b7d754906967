import Foundation
import SwiftletAPI
import Testing

@Suite struct TablePrinterCoreTests {
    @Test func serviceTypesAndPorts() {
        let clusterIP = tableRow(
            "", "Service",
            """
            {"metadata":{"name":"web","creationTimestamp":"\(tableAgo(7200))"},
             "spec":{"type":"ClusterIP","clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10"],
               "ports":[{"name":"http","port":80,"protocol":"TCP","targetPort":8080},{"name":"dns","port":53,"protocol":"UDP"}],
               "selector":{"app":"web","tier":"front"}}}
            """)
        #expect(
            clusterIP == ["web", "ClusterIP", "10.96.0.10", "<none>", "80/TCP,53/UDP", "120m", "app=web,tier=front"])

        let nodePort = tableRow(
            "", "Service",
            #"{"metadata":{"name":"np"},"spec":{"type":"NodePort","clusterIPs":["10.96.1.1"],"externalIPs":["1.2.3.4"],"ports":[{"port":443,"nodePort":30443,"protocol":"TCP"}]}}"#
        )
        #expect(nodePort[1...4] == ["NodePort", "10.96.1.1", "1.2.3.4", "443:30443/TCP"])
        #expect(nodePort[6] == "<none>")

        let pending = tableRow(
            "", "Service",
            #"{"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","clusterIPs":["10.96.2.2"],"ports":[{"port":80,"nodePort":31000,"protocol":"TCP"}]}}"#
        )
        #expect(pending[3] == "<pending>")
        let assigned = tableRow(
            "", "Service",
            #"{"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","externalIPs":["9.9.9.9"]},"status":{"loadBalancer":{"ingress":[{"ip":"203.0.113.9"},{"hostname":"lb.example.com"},{"ip":"203.0.113.1"}]}}}"#
        )
        #expect(assigned[3] == "203.0.113.1,203.0.113.9,lb.example.com,9.9.9.9")
        #expect(assigned[2] == "<none>")
        #expect(assigned[4] == "<none>")

        let external = tableRow(
            "", "Service",
            #"{"metadata":{"name":"ext"},"spec":{"type":"ExternalName","externalName":"db.example.com"}}"#)
        #expect(external[1...3] == ["ExternalName", "<none>", "db.example.com"])
        let headless = tableRow(
            "", "Service", #"{"metadata":{"name":"h"},"spec":{"clusterIP":"None","clusterIPs":["None"]}}"#)
        #expect(headless[1...2] == ["ClusterIP", "None"])
    }

    @Test func secretConfigMapServiceAccountNamespace() {
        let secret = tableRow(
            "", "Secret",
            #"{"metadata":{"name":"tls","creationTimestamp":"\#(tableAgo(30))"},"type":"kubernetes.io/tls","data":{"tls.crt":"Y2VydA==","tls.key":"a2V5"}}"#
        )
        #expect(secret == ["tls", "kubernetes.io/tls", 2, "30s"])
        let configMap = tableRow(
            "", "ConfigMap", #"{"metadata":{"name":"cfg"},"data":{"a":"1","b":"2"},"binaryData":{"c":"AA=="}}"#)
        #expect(configMap == ["cfg", 3, "<unknown>"])
        #expect(tableRow("", "ConfigMap", #"{"metadata":{"name":"empty"}}"#)[1] == 0)
        let account = tableRow("", "ServiceAccount", #"{"metadata":{"name":"default"},"secrets":[{"name":"t"}]}"#)
        #expect(account[1] == 1)
        #expect(
            tableRow("", "Namespace", #"{"metadata":{"name":"kube-system"},"status":{"phase":"Active"}}"#)[1]
                == "Active")
    }

    @Test func nodeStatusRolesAndAddresses() {
        let node = tableRow(
            "", "Node",
            """
            {"metadata":{"name":"node-1","creationTimestamp":"\(tableAgo(40 * 86_400))",
               "labels":{"node-role.kubernetes.io/control-plane":"","node-role.kubernetes.io/etcd":"","kubernetes.io/role":"master","kubernetes.io/os":"linux"}},
             "spec":{"unschedulable":true},
             "status":{"conditions":[{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"True"}],
               "addresses":[{"type":"Hostname","address":"node-1"},{"type":"InternalIP","address":"192.168.1.10"}],
               "nodeInfo":{"kubeletVersion":"v1.32.0","osImage":"Debian GNU/Linux 13","kernelVersion":"6.12.0","containerRuntimeVersion":"containerd://2.0.0"}}}
            """)
        #expect(
            node == [
                "node-1", "Ready,SchedulingDisabled", "control-plane,etcd,master", "40d", "v1.32.0", "192.168.1.10",
                "<none>",
                "Debian GNU/Linux 13", "6.12.0", "containerd://2.0.0",
            ])
        let bare = tableRow(
            "", "Node", #"{"metadata":{"name":"n"},"status":{"conditions":[{"type":"Ready","status":"Unknown"}]}}"#)
        #expect(
            bare == [
                "n", "NotReady", "<none>", "<unknown>", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>",
            ])
        #expect(tableRow("", "Node", #"{"metadata":{"name":"n"}}"#)[1] == "Unknown")
    }

    @Test func coreEvent() {
        let row = tableRow(
            "", "Event",
            """
            {"metadata":{"name":"web-1.17a","namespace":"default"},
             "involvedObject":{"kind":"Pod","name":"web-1","namespace":"default","fieldPath":"spec.containers{app}"},
             "reason":"BackOff","message":"Back-off restarting failed container\\n","type":"Warning",
             "source":{"component":"kubelet","host":"node-1"},
             "firstTimestamp":"\(tableAgo(3600))","lastTimestamp":"\(tableAgo(20))","count":12}
            """)
        #expect(
            row == [
                "20s", "Warning", "BackOff", "pod/web-1", "spec.containers{app}", "kubelet, node-1",
                "Back-off restarting failed container", "60m", 12, "web-1.17a",
            ])
    }

    @Test func eventsAPIEventAndSeries() {
        let row = tableRow(
            "events.k8s.io", "Event",
            """
            {"metadata":{"name":"e1"},"eventTime":"\(tableMicroAgo(120))",
             "reportingController":"swiftlet/scheduler","reportingInstance":"sched-0","action":"Binding",
             "reason":"Scheduled","regarding":{"kind":"Pod","name":"web-1"},"note":"Successfully assigned","type":"Normal"}
            """)
        #expect(
            row == [
                "2m", "Normal", "Scheduled", "pod/web-1", "", "swiftlet/scheduler, sched-0", "Successfully assigned",
                "2m", 1, "e1",
            ])

        let series = tableRow(
            "", "Event",
            """
            {"metadata":{"name":"e2"},"eventTime":"\(tableAgo(600))","series":{"count":7,"lastObservedTime":"\(tableAgo(10))"},
             "involvedObject":{"kind":"Node"},"reason":"Rebooted","type":"Warning","reportingComponent":"kubelet"}
            """)
        #expect(series[0...3] == ["10s", "Warning", "Rebooted", "node"])
        #expect(series[7...8] == ["10m", 7])
        let bare = tableRow("", "Event", #"{"metadata":{"name":"e3"}}"#)
        #expect(bare == ["<unknown>", "", "", "", "", "", "", "<unknown>", 1, "e3"])
    }

    @Test func endpointsListsUpToThreeAddresses() {
        let row = tableRow(
            "", "Endpoints",
            """
            {"metadata":{"name":"web"},"subsets":[
              {"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"}],"ports":[{"port":8080},{"port":9090}]},
              {"addresses":[{"ip":"fd00::1"}]}]}
            """)
        #expect(row[1] == "10.0.0.1:8080,10.0.0.2:8080,10.0.0.1:9090 + 2 more...")
        let v6 = tableRow(
            "", "Endpoints",
            #"{"metadata":{"name":"v6"},"subsets":[{"addresses":[{"ip":"fd00::1"}],"ports":[{"port":53}]}]}"#)
        #expect(v6[1] == "[fd00::1]:53")
        #expect(tableRow("", "Endpoints", #"{"metadata":{"name":"none"}}"#)[1] == "<none>")
    }

    @Test func replicationControllerAndResourceQuota() {
        let rc = tableRow(
            "", "ReplicationController",
            #"{"metadata":{"name":"rc"},"spec":{"replicas":2,"selector":{"app":"x"},"template":{"spec":{"containers":[{"name":"c","image":"i"}]}}},"status":{"replicas":2,"readyReplicas":1}}"#
        )
        #expect(rc == ["rc", 2, 2, 1, "<unknown>", "c", "i", "app=x"])
        let quota = tableRow(
            "", "ResourceQuota",
            """
            {"metadata":{"name":"q"},"status":{"hard":{"pods":"10","requests.cpu":"4","limits.memory":"8Gi","limits.cpu":"8"},
              "used":{"pods":"3","requests.cpu":"500m","limits.cpu":"1"}}}
            """)
        #expect(quota[1...2] == ["pods: 3/10, requests.cpu: 500m/4", "limits.cpu: 1/8, limits.memory: 0/8Gi"])
    }

    @Test func persistentVolumesAndClaims() {
        let pv = tableRow(
            "", "PersistentVolume",
            """
            {"metadata":{"name":"pv-1"},"spec":{"capacity":{"storage":"10Gi"},"accessModes":["ReadWriteMany","ReadWriteOnce","ReadWriteOnce"],
              "persistentVolumeReclaimPolicy":"Retain","storageClassName":"fast","claimRef":{"namespace":"default","name":"data"},"volumeMode":"Filesystem"},
             "status":{"phase":"Bound"}}
            """)
        #expect(
            pv == [
                "pv-1", "10Gi", "RWO,RWX", "Retain", "Bound", "default/data", "fast", "<unset>", "", "<unknown>",
                "Filesystem",
            ])
        let pending = tableRow(
            "", "PersistentVolumeClaim",
            #"{"metadata":{"name":"data"},"spec":{"storageClassName":"fast","resources":{"requests":{"storage":"1Gi"}}},"status":{"phase":"Pending"}}"#
        )
        #expect(pending == ["data", "Pending", "", "", "", "fast", "<unset>", "<unknown>", "<unset>"])
        let bound = tableRow(
            "", "PersistentVolumeClaim",
            """
            {"metadata":{"name":"data","deletionTimestamp":"\(tableAgo(1))","annotations":{"volume.beta.kubernetes.io/storage-class":"legacy"}},
             "spec":{"volumeName":"pv-1","storageClassName":"fast","volumeMode":"Block"},
             "status":{"phase":"Bound","accessModes":["ReadWriteOncePod"],"capacity":{"storage":"10Gi"}}}
            """)
        #expect(bound[1...5] == ["Terminating", "pv-1", "10Gi", "RWOP", "legacy"])
        #expect(bound[8] == "Block")
    }
}
