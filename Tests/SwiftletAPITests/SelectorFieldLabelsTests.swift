import Testing

@testable import SwiftletAPI

private func convertError(_ text: String, _ group: String, _ resource: String) -> String? {
    do {
        _ = try FieldLabels.convert(FieldSelector(parsing: text), group: group, resource: resource)
        return nil
    } catch {
        return error.message
    }
}

private let samplePod: JSONValue = [
    "apiVersion": "v1", "kind": "Pod",
    "metadata": ["name": "web-1", "namespace": "prod", "labels": ["app": "web"]],
    "spec": [
        "nodeName": "node-a", "restartPolicy": "Always", "schedulerName": "default-scheduler",
        "serviceAccountName": "default", "hostNetwork": true,
        "containers": [["name": "c", "image": "nginx"]],
    ],
    "status": [
        "phase": "Running", "podIP": "10.0.0.5",
        "podIPs": [["ip": "10.0.0.5"], ["ip": "fd00::5"]],
        "nominatedNodeName": "node-b",
    ],
]

@Suite struct SelectorFieldLabelsTests {
    @Test func podFields() {
        let fields = FieldLabels.supportedFields(group: "", resource: "pods")
        #expect(
            fields == [
                "metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
                "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs",
                "status.nominatedNodeName", "spec.host",
            ])
    }

    @Test func defaultFieldsForOtherResources() {
        for (group, resource) in [
            ("apps", "deployments"), ("apps", "replicasets"), ("", "configmaps"), ("x.io", "widgets"),
        ] {
            #expect(
                FieldLabels.supportedFields(group: group, resource: resource) == [
                    "metadata.name", "metadata.namespace",
                ])
        }
        // Cluster-scoped kinds without their own table still accept it.
        #expect(
            FieldLabels.canonicalField(
                "metadata.namespace", group: "rbac.authorization.k8s.io", resource: "clusterroles") != nil)
    }

    @Test func kindsWithTheirOwnFields() {
        #expect(FieldLabels.supportedFields(group: "", resource: "nodes") == ["metadata.name", "spec.unschedulable"])
        #expect(FieldLabels.supportedFields(group: "", resource: "namespaces") == ["metadata.name", "status.phase"])
        #expect(
            FieldLabels.supportedFields(group: "", resource: "secrets") == [
                "metadata.name", "metadata.namespace", "type",
            ])
        #expect(
            FieldLabels.supportedFields(group: "", resource: "services")
                == ["metadata.name", "metadata.namespace", "spec.clusterIP", "spec.type"])
        #expect(
            FieldLabels.supportedFields(group: "", resource: "replicationcontrollers")
                == ["metadata.name", "metadata.namespace", "status.replicas"])
        #expect(
            FieldLabels.supportedFields(group: "batch", resource: "jobs")
                == ["metadata.name", "metadata.namespace", "status.successful"])
        #expect(
            FieldLabels.supportedFields(group: "batch", resource: "cronjobs") == [
                "metadata.name", "metadata.namespace",
            ])
        #expect(
            FieldLabels.supportedFields(group: "certificates.k8s.io", resource: "certificatesigningrequests")
                == ["metadata.name", "spec.signerName"])
        #expect(
            FieldLabels.supportedFields(group: "resource.k8s.io", resource: "resourceslices")
                == ["metadata.name", "spec.nodeName", "spec.driver"])
        let coreEvents = FieldLabels.supportedFields(group: "", resource: "events")
        #expect(coreEvents.count == 13)
        #expect(coreEvents.contains("involvedObject.resourceVersion"))
        #expect(coreEvents.contains("reportingComponent"))
        let newEvents = FieldLabels.supportedFields(group: "events.k8s.io", resource: "events")
        #expect(newEvents.contains("regarding.name"))
        #expect(newEvents.contains("reportingController"))
        #expect(!newEvents.contains("involvedObject.name"))
    }

    @Test func unsupportedMessages() {
        #expect(
            FieldLabels.unsupportedFieldMessage("foo", group: "", resource: "pods") == "field label not supported: foo")
        #expect(
            FieldLabels.unsupportedFieldMessage("status.replicas", group: "apps", resource: "replicasets")
                == "\"status.replicas\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")
        #expect(
            FieldLabels.unsupportedFieldMessage("status.succeeded", group: "batch", resource: "jobs")
                == "field label \"status.succeeded\" not supported for batchv1.Job")
        #expect(
            FieldLabels.unsupportedFieldMessage("spec.pool", group: "resource.k8s.io", resource: "resourceslices")
                == "field label not supported for resource.k8s.io/v1beta1, Kind=ResourceSlice: spec.pool")
        #expect(
            FieldLabels.unsupportedFieldMessage(
                "spec.pool", group: "resource.k8s.io", resource: "resourceslices", version: "v1alpha3")
                == "field label not supported for resource.k8s.io/v1alpha3, Kind=ResourceSlice: spec.pool")
    }

    @Test func convertRewritesAliasesAndRejectsTheRest() throws {
        let pods = try FieldLabels.convert(
            FieldSelector(parsing: "spec.host=n1,status.phase!=Failed"), group: "", resource: "pods")
        #expect(pods.description == "spec.nodeName=n1,status.phase!=Failed")

        let events = try FieldLabels.convert(
            FieldSelector(parsing: "regarding.name=web,reportingController=kubelet,type=Warning"),
            group: "events.k8s.io", resource: "events")
        #expect(events.description == "involvedObject.name=web,reportingComponent=kubelet,type=Warning")

        #expect(convertError("regarding.name=web", "", "events") == "field label not supported: regarding.name")
        #expect(
            convertError("involvedObject.name=web", "events.k8s.io", "events")
                == "field label not supported: involvedObject.name")
        #expect(convertError("metadata.namespace=x", "", "nodes") == "field label not supported: metadata.namespace")
        #expect(convertError("metadata.name=a,zzz=1,aaa=2", "", "pods") == "field label not supported: aaa")
        #expect(
            convertError("spec.replicas=1", "apps", "deployments")
                == "\"spec.replicas\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")
        #expect(convertError("metadata.name=x", "apps", "deployments") == nil)
    }

    @Test func podFieldSet() {
        let fields = FieldLabels.fieldSet(group: "", resource: "pods", object: samplePod)
        #expect(
            fields == [
                "metadata.name": "web-1", "metadata.namespace": "prod",
                "spec.nodeName": "node-a", "spec.restartPolicy": "Always", "spec.schedulerName": "default-scheduler",
                "spec.serviceAccountName": "default", "spec.hostNetwork": "true",
                "status.phase": "Running", "status.podIP": "10.0.0.5", "status.nominatedNodeName": "node-b",
            ])
    }

    @Test func podFieldSetDefaults() {
        let fields = FieldLabels.fieldSet(
            group: "", resource: "pods", object: ["metadata": ["name": "p", "namespace": "d"], "spec": [:]])
        #expect(fields["spec.hostNetwork"] == "false")
        #expect(fields["spec.nodeName"] == "")
        #expect(fields["status.phase"] == "")
        #expect(fields["status.podIP"] == "")
        let singular = FieldLabels.fieldSet(
            group: "", resource: "pods", object: ["metadata": ["name": "p"], "status": ["podIP": "1.2.3.4"]])
        #expect(singular["status.podIP"] == "1.2.3.4")
    }

    @Test func podSelectorsEndToEnd() throws {
        func select(_ text: String) throws -> Bool {
            let selector = try FieldLabels.convert(FieldSelector(parsing: text), group: "", resource: "pods")
            return selector.matches(FieldLabels.fieldSet(group: "", resource: "pods", object: samplePod))
        }
        #expect(try select("spec.nodeName=node-a"))
        #expect(try select("spec.host=node-a"))
        #expect(try select("status.phase!=Succeeded,status.phase!=Failed"))
        #expect(try select("metadata.namespace=prod,metadata.name=web-1"))
        #expect(try select("spec.hostNetwork=true"))
        #expect(!(try select("spec.nodeName=")))
        // Accepted but never filled, so it compares as "".
        #expect(try select("status.podIPs="))
        #expect(!(try select("status.podIPs=10.0.0.5")))
    }

    @Test func coreEventFieldSet() {
        let event: JSONValue = [
            "metadata": ["name": "e1", "namespace": "prod"],
            "involvedObject": [
                "kind": "Pod", "namespace": "prod", "name": "web-1", "uid": "u-1", "apiVersion": "v1",
                "resourceVersion": "42", "fieldPath": "spec.containers{c}",
            ],
            "reason": "Pulled", "source": ["component": "kubelet", "host": "node-a"],
            "reportingComponent": "kubelet", "type": "Normal",
        ]
        #expect(
            FieldLabels.fieldSet(group: "", resource: "events", object: event) == [
                "metadata.name": "e1", "metadata.namespace": "prod",
                "involvedObject.kind": "Pod", "involvedObject.namespace": "prod", "involvedObject.name": "web-1",
                "involvedObject.uid": "u-1", "involvedObject.apiVersion": "v1", "involvedObject.resourceVersion": "42",
                "involvedObject.fieldPath": "spec.containers{c}",
                "reason": "Pulled", "reportingComponent": "kubelet", "source": "kubelet", "type": "Normal",
            ])
    }

    @Test func eventsAPIFieldSet() throws {
        let event: JSONValue = [
            "metadata": ["name": "e2", "namespace": "prod"],
            "regarding": ["kind": "Node", "name": "node-a"],
            "reason": "Rebooted", "reportingController": "node-controller", "type": "Warning",
        ]
        let fields = FieldLabels.fieldSet(group: "events.k8s.io", resource: "events", object: event)
        #expect(fields["involvedObject.kind"] == "Node")
        #expect(fields["involvedObject.name"] == "node-a")
        #expect(fields["involvedObject.namespace"] == "")
        #expect(fields["reportingComponent"] == "node-controller")
        // No source component: upstream falls back to the reporter.
        #expect(fields["source"] == "node-controller")

        let selector = try FieldLabels.convert(
            FieldSelector(parsing: "regarding.kind=Node,source=node-controller"), group: "events.k8s.io",
            resource: "events")
        #expect(selector.matches(fields))
    }

    @Test func otherFieldSets() {
        func set(_ group: String, _ resource: String, _ object: JSONValue) -> [String: String] {
            FieldLabels.fieldSet(group: group, resource: resource, object: object)
        }
        #expect(
            set("", "nodes", ["metadata": ["name": "n"], "spec": ["unschedulable": true]]) == [
                "metadata.name": "n", "spec.unschedulable": "true",
            ])
        #expect(set("", "nodes", ["metadata": ["name": "n"]])["spec.unschedulable"] == "false")
        #expect(
            set("", "namespaces", ["metadata": ["name": "ns"], "status": ["phase": "Active"]])["status.phase"]
                == "Active")
        #expect(
            set("", "secrets", ["metadata": ["name": "s", "namespace": "d"], "type": "Opaque"])["type"] == "Opaque")
        let svc = set("", "services", ["metadata": ["name": "s"], "spec": ["clusterIP": "None", "type": "ClusterIP"]])
        #expect(svc["spec.clusterIP"] == "None")
        #expect(svc["spec.type"] == "ClusterIP")
        #expect(
            set("", "replicationcontrollers", ["metadata": ["name": "r"], "status": ["replicas": 3]])["status.replicas"]
                == "3")
        #expect(set("", "replicationcontrollers", ["metadata": ["name": "r"]])["status.replicas"] == "0")
        #expect(
            set("batch", "jobs", ["metadata": ["name": "j"], "status": ["succeeded": 2]])["status.successful"] == "2")
        #expect(set("batch", "jobs", ["metadata": ["name": "j"]])["status.successful"] == "0")
        #expect(
            set(
                "certificates.k8s.io", "certificatesigningrequests",
                ["metadata": ["name": "c"], "spec": ["signerName": "x/y"]])[
                    "spec.signerName"] == "x/y")
        let slice = set(
            "resource.k8s.io", "resourceslices", ["metadata": ["name": "r"], "spec": ["nodeName": "n", "driver": "d"]])
        #expect(slice == ["metadata.name": "r", "spec.nodeName": "n", "spec.driver": "d"])
        #expect(
            set("apps", "deployments", ["metadata": ["name": "d", "namespace": "x"], "spec": ["replicas": 1]]) == [
                "metadata.name": "d", "metadata.namespace": "x",
            ])
        // Cluster-scoped objects carry no namespace; a selector on it sees "".
        #expect(set("", "nodes", ["metadata": ["name": "n"]])["metadata.namespace"] == nil)
    }
}
