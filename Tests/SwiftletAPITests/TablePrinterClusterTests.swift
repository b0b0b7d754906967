import Foundation
import SwiftletAPI
import Testing

@Suite struct TablePrinterClusterTests {
    @Test func ingressAndNetworkPolicy() {
        let ingress = tableRow(
            "networking.k8s.io", "Ingress",
            """
            {"metadata":{"name":"web"},"spec":{"ingressClassName":"nginx","tls":[{"hosts":["a.example.com"]}],
              "rules":[{"host":"a.example.com"},{},{"host":"b.example.com"},{"host":"c.example.com"},{"host":"d.example.com"}]},
             "status":{"loadBalancer":{"ingress":[{"ip":"203.0.113.7"}]}}}
            """)
        #expect(
            ingress == [
                "web", "nginx", "a.example.com,b.example.com,c.example.com + 2 more...", "203.0.113.7", "80, 443",
                "<unknown>",
            ])
        let bare = tableRow("networking.k8s.io", "Ingress", #"{"metadata":{"name":"i"},"spec":{"rules":[{}]}}"#)
        #expect(bare[1...4] == ["<none>", "*", "", "80"])

        let policy = tableRow(
            "networking.k8s.io", "NetworkPolicy", #"{"metadata":{"name":"deny"},"spec":{"podSelector":{}}}"#)
        #expect(policy[1] == "<none>")
        let selecting = tableRow(
            "networking.k8s.io", "NetworkPolicy",
            #"{"metadata":{"name":"p"},"spec":{"podSelector":{"matchExpressions":[{"key":"role","operator":"NotIn","values":["db"]}]}}}"#
        )
        #expect(selecting[1] == "role notin (db)")

        let ingressClass = tableRow(
            "networking.k8s.io", "IngressClass",
            #"{"metadata":{"name":"nginx"},"spec":{"controller":"k8s.io/ingress-nginx","parameters":{"apiGroup":"k8s.example.com","kind":"IngressParameters","name":"external-lb"}}}"#
        )
        #expect(ingressClass[1...2] == ["k8s.io/ingress-nginx", "IngressParameters.k8s.example.com/external-lb"])
    }

    @Test func endpointSliceAndIPAddress() {
        let slice = tableRow(
            "discovery.k8s.io", "EndpointSlice",
            """
            {"metadata":{"name":"web-abc"},"addressType":"IPv4","ports":[{"name":"http","port":80},{"name":"named"},{}],
             "endpoints":[{"addresses":["10.0.0.1"]},{"addresses":["10.0.0.2","10.0.0.3"]},{"addresses":["10.0.0.4"]}]}
            """)
        #expect(slice[1...3] == ["IPv4", "80,named,*", "10.0.0.1,10.0.0.2,10.0.0.3 + 1 more..."])
        #expect(
            tableRow("discovery.k8s.io", "EndpointSlice", #"{"metadata":{"name":"e"}}"#)[2...3] == [
                "<unset>", "<unset>",
            ])

        // Upstream appends an age cell although IPAddress declares no column for it.
        let address = tableRow(
            "networking.k8s.io", "IPAddress",
            #"{"metadata":{"name":"10.96.0.1"},"spec":{"parentRef":{"group":"","resource":"services","namespace":"default","name":"kubernetes"}}}"#
        )
        #expect(address == ["10.96.0.1", "services/default/kubernetes", "<unknown>"])
        #expect(tableHeaders("networking.k8s.io", "IPAddress") == ["Name:0", "ParentRef:0"])
    }

    @Test func roleBindings() {
        #expect(
            tableHeaders("rbac.authorization.k8s.io", "ClusterRoleBinding") == [
                "Name:0", "Role:0", "Age:0", "Users:1", "Groups:1", "ServiceAccounts:1",
            ])
        let row = tableRow(
            "rbac.authorization.k8s.io", "RoleBinding",
            """
            {"metadata":{"name":"read"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"reader"},
             "subjects":[{"kind":"User","name":"alice"},{"kind":"User","name":"bob"},{"kind":"Group","name":"devs"},
               {"kind":"ServiceAccount","namespace":"ci","name":"runner"}]}
            """)
        #expect(row == ["read", "Role/reader", "<unknown>", "alice, bob", "devs", "ci/runner"])
    }

    @Test func horizontalPodAutoscalers() {
        let v2 = tableRow(
            "autoscaling", "HorizontalPodAutoscaler",
            """
            {"metadata":{"name":"web"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"minReplicas":2,"maxReplicas":10,
               "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}},
                          {"type":"Pods","pods":{"metric":{"name":"qps"},"target":{"type":"AverageValue","averageValue":"1k"}}},
                          {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"500Mi"}}}]},
             "status":{"currentReplicas":3,"currentMetrics":[{"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":45,"averageValue":"120m"}}}]}}
            """)
        #expect(v2 == ["web", "Deployment/web", "cpu: 45%/80%, <unknown>/1k + 1 more...", "2", 10, 3, "<unknown>"])
        let v1 = tableRow(
            "autoscaling", "HorizontalPodAutoscaler",
            #"{"metadata":{"name":"old"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"old"},"maxReplicas":4,"targetCPUUtilizationPercentage":50},"status":{"currentReplicas":1}}"#
        )
        #expect(v1[2...5] == ["cpu: <unknown>/50%", "<unset>", 4, 1])
        let none = tableRow("autoscaling", "HorizontalPodAutoscaler", #"{"metadata":{"name":"n"},"spec":{}}"#)
        #expect(none[2] == "<none>")
    }

    @Test func apiServices() {
        let local = tableRow(
            "apiregistration.k8s.io", "APIService",
            #"{"metadata":{"name":"v1.apps"},"status":{"conditions":[{"type":"Available","status":"True","reason":"Local"}]}}"#
        )
        #expect(local[1...2] == ["Local", "True"])
        let broken = tableRow(
            "apiregistration.k8s.io", "APIService",
            #"{"metadata":{"name":"v1beta1.metrics.k8s.io"},"spec":{"service":{"namespace":"kube-system","name":"metrics-server"}},"status":{"conditions":[{"type":"Available","status":"False","reason":"MissingEndpoints"}]}}"#
        )
        #expect(broken[1...2] == ["kube-system/metrics-server", "False (MissingEndpoints)"])
        #expect(tableRow("apiregistration.k8s.io", "APIService", #"{"metadata":{"name":"x"}}"#)[2] == "Unknown")
    }

    @Test func smallKinds() {
        let pdb = tableRow(
            "policy", "PodDisruptionBudget",
            #"{"metadata":{"name":"web"},"spec":{"minAvailable":"50%"},"status":{"disruptionsAllowed":1}}"#)
        #expect(pdb[1...3] == ["50%", "N/A", 1])
        let pdb2 = tableRow("policy", "PodDisruptionBudget", #"{"metadata":{"name":"db"},"spec":{"maxUnavailable":1}}"#)
        #expect(pdb2[1...3] == ["N/A", "1", 0])
        let lease = tableRow(
            "coordination.k8s.io", "Lease",
            #"{"metadata":{"name":"kube-scheduler"},"spec":{"holderIdentity":"node-1_abc"}}"#)
        #expect(lease[1] == "node-1_abc")
        let priority = tableRow(
            "scheduling.k8s.io", "PriorityClass",
            #"{"metadata":{"name":"system-node-critical"},"value":2000001000,"globalDefault":false,"preemptionPolicy":"PreemptLowerPriority"}"#
        )
        #expect(priority == ["system-node-critical", 2_000_001_000, false, "<unknown>", "PreemptLowerPriority"])
        let storageClass = tableRow(
            "storage.k8s.io", "StorageClass",
            #"{"metadata":{"name":"standard","annotations":{"storageclass.kubernetes.io/is-default-class":"true"}},"provisioner":"rancher.io/local-path","volumeBindingMode":"WaitForFirstConsumer"}"#
        )
        #expect(
            storageClass == [
                "standard (default)", "rancher.io/local-path", "Delete", "WaitForFirstConsumer", false, "<unknown>",
            ])
        let csr = tableRow(
            "certificates.k8s.io", "CertificateSigningRequest",
            #"{"metadata":{"name":"csr-1"},"spec":{"signerName":"kubernetes.io/kube-apiserver-client","username":"alice","expirationSeconds":86400},"status":{"conditions":[{"type":"Approved","status":"True"}],"certificate":"Y2VydA=="}}"#
        )
        #expect(
            csr == ["csr-1", "<unknown>", "kubernetes.io/kube-apiserver-client", "alice", "24h", "Approved,Issued"])
        #expect(TablePrinters.columns(group: "node.k8s.io", kind: "RuntimeClass")[1].description == "")
    }
}
