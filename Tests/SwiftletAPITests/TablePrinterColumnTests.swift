import Foundation
import SwiftletAPI
import Testing

@Suite struct TablePrinterColumnTests {
    @Test func podColumns() {
        #expect(
            tableHeaders("", "Pod") == [
                "Name:0", "Ready:0", "Status:0", "Restarts:0", "Age:0", "IP:1", "Node:1", "Nominated Node:1",
                "Readiness Gates:1",
            ])
        let columns = TablePrinters.columns(group: "", kind: "Pod")
        #expect(
            columns.map(\.type) == [
                "string", "string", "string", "string", "string", "string", "string", "string", "string",
            ])
        #expect(columns[0].format == "name")
        #expect(columns[0].description.hasPrefix("Name must be unique within a namespace."))
        #expect(columns[4].description.hasPrefix("CreationTimestamp is a timestamp representing the server time"))
        #expect(
            columns[5].description
                == "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated."
        )
    }

    @Test func workloadColumns() {
        #expect(
            tableHeaders("apps", "Deployment") == [
                "Name:0", "Ready:0", "Up-to-date:0", "Available:0", "Age:0", "Containers:1", "Images:1", "Selector:1",
            ])
        #expect(
            TablePrinters.columns(group: "apps", kind: "ReplicaSet").map(\.type) == [
                "string", "integer", "integer", "integer", "string", "string", "string", "string",
            ])
        #expect(
            tableHeaders("batch", "Job") == [
                "Name:0", "Status:0", "Completions:0", "Duration:0", "Age:0", "Containers:1", "Images:1", "Selector:1",
            ])
        #expect(
            tableHeaders("batch", "CronJob") == [
                "Name:0", "Schedule:0", "Timezone:0", "Suspend:0", "Active:0", "Last Schedule:0", "Age:0",
                "Containers:1", "Images:1", "Selector:1",
            ])
        #expect(tableHeaders("apps", "StatefulSet") == ["Name:0", "Ready:0", "Age:0", "Containers:1", "Images:1"])
    }

    @Test func coreColumns() {
        #expect(
            tableHeaders("", "Service") == [
                "Name:0", "Type:0", "Cluster-IP:0", "External-IP:0", "Port(s):0", "Age:0", "Selector:1",
            ])
        #expect(
            tableHeaders("", "Node") == [
                "Name:0", "Status:0", "Roles:0", "Age:0", "Version:0", "Internal-IP:1", "External-IP:1", "OS-Image:1",
                "Kernel-Version:1", "Container-Runtime:1",
            ])
        #expect(
            tableHeaders("", "Event") == [
                "Last Seen:0", "Type:0", "Reason:0", "Object:0", "Subobject:1", "Source:1", "Message:0",
                "First Seen:1", "Count:1", "Name:1",
            ])
        #expect(tableHeaders("events.k8s.io", "Event") == tableHeaders("", "Event"))
        #expect(tableHeaders("", "Secret") == ["Name:0", "Type:0", "Data:0", "Age:0"])
        #expect(tableHeaders("", "ServiceAccount") == ["Name:0", "Secrets:0", "Age:0"])
        #expect(tableHeaders("", "Namespace") == ["Name:0", "Status:0", "Age:0"])
        #expect(
            tableHeaders("", "PersistentVolumeClaim") == [
                "Name:0", "Status:0", "Volume:0", "Capacity:0", "Access Modes:0", "StorageClass:0",
                "VolumeAttributesClass:0", "Age:0", "VolumeMode:1",
            ])
    }

    @Test func kindsWithoutPrintersUseTheGenericConvertor() {
        for (group, kind) in [
            ("", "LimitRange"), ("rbac.authorization.k8s.io", "Role"),
            ("rbac.authorization.k8s.io", "ClusterRole"), ("apiextensions.k8s.io", "CustomResourceDefinition"),
        ] {
            let columns = TablePrinters.columns(group: group, kind: kind)
            #expect(columns.map(\.name) == ["Name", "Created At"])
            #expect(columns.map(\.type) == ["string", "date"])
            #expect(!TablePrinters.hasPrinter(group: group, kind: kind))
        }
        let row = tableRow(
            "", "LimitRange", #"{"metadata":{"name":"limits","creationTimestamp":"2024-01-01T00:00:00Z"}}"#)
        #expect(row == ["limits", "2024-01-01T00:00:00Z"])
        let unset = tableRow("rbac.authorization.k8s.io", "Role", #"{"metadata":{"name":"r"}}"#)
        #expect(unset == ["r", "0001-01-01T00:00:00Z"])
    }

    @Test func customResourcesGetNameAndAge() {
        let columns = TablePrinters.columns(group: "example.com", kind: "Widget")
        #expect(columns.map(\.name) == ["Name", "Age"])
        #expect(columns.map(\.type) == ["string", "date"])
        #expect(columns[1].description == TablePrinters.columns(group: "", kind: "Pod")[4].description)
        let row = tableRow(
            "example.com", "Widget", #"{"metadata":{"name":"w","creationTimestamp":"\#(tableAgo(300))"}}"#)
        #expect(row == ["w", "5m"])
        #expect(tableRow("example.com", "Widget", #"{"metadata":{"name":"w"}}"#) == ["w", .null])
    }

    @Test func columnJSONKeepsUpstreamKeyOrder() {
        let column = TablePrinters.columns(group: "", kind: "Pod")[5]
        guard case .object(let object) = column.json else {
            Issue.record("not an object")
            return
        }
        #expect(object.keys == ["name", "type", "format", "description", "priority"])
        #expect(object["format"] == "")
        #expect(object["priority"] == .int(1))
        let name = TablePrinters.columns(group: "", kind: "Pod")[0].json.serializedString()
        #expect(name.hasPrefix(#"{"name":"Name","type":"string","format":"name","description":"Name must be unique"#))
        #expect(name.hasSuffix(#","priority":0}"#))
    }

    @Test func everyPrinterFillsEveryColumn() {
        let kinds: [(String, String)] = [
            ("", "Pod"), ("", "PodTemplate"), ("", "Namespace"), ("", "Node"), ("", "Service"), ("", "Endpoints"),
            ("", "ConfigMap"), ("", "Secret"), ("", "ServiceAccount"), ("", "Event"), ("events.k8s.io", "Event"),
            ("", "ReplicationController"), ("", "ResourceQuota"), ("", "PersistentVolume"),
            ("", "PersistentVolumeClaim"), ("", "ComponentStatus"), ("apps", "Deployment"), ("apps", "ReplicaSet"),
            ("apps", "DaemonSet"), ("apps", "StatefulSet"), ("apps", "ControllerRevision"), ("batch", "Job"),
            ("batch", "CronJob"), ("coordination.k8s.io", "Lease"), ("coordination.k8s.io", "LeaseCandidate"),
            ("discovery.k8s.io", "EndpointSlice"), ("policy", "PodDisruptionBudget"),
            ("networking.k8s.io", "Ingress"), ("networking.k8s.io", "NetworkPolicy"),
            ("networking.k8s.io", "IngressClass"), ("networking.k8s.io", "ServiceCIDR"),
            ("rbac.authorization.k8s.io", "RoleBinding"), ("rbac.authorization.k8s.io", "ClusterRoleBinding"),
            ("scheduling.k8s.io", "PriorityClass"), ("storage.k8s.io", "StorageClass"),
            ("storage.k8s.io", "VolumeAttachment"), ("storage.k8s.io", "CSINode"), ("storage.k8s.io", "CSIDriver"),
            ("apiregistration.k8s.io", "APIService"), ("autoscaling", "HorizontalPodAutoscaler"),
            ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"),
            ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"),
            ("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"),
            ("certificates.k8s.io", "CertificateSigningRequest"), ("certificates.k8s.io", "ClusterTrustBundle"),
            ("node.k8s.io", "RuntimeClass"), ("flowcontrol.apiserver.k8s.io", "FlowSchema"),
            ("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"),
        ]
        for (group, kind) in kinds {
            #expect(TablePrinters.hasPrinter(group: group, kind: kind), "\(group)/\(kind)")
            let cells = TablePrinters.cells(
                group: group, kind: kind, object: tableJSON(#"{"metadata":{"name":"x"}}"#), now: tableNow)
            #expect(cells.count == TablePrinters.columns(group: group, kind: kind).count, "\(group)/\(kind)")
        }
    }
}
