import Testing

@testable import SwiftletAPI

@Suite struct DefaultingTests {
    func defaulted(_ json: String, _ group: String, _ kind: String) throws -> JSONValue {
        var object = try JSONParser.parse(json)
        Defaulter.apply(to: &object, gvk: GroupVersionKind(group: group, version: "v1", kind: kind))
        return object
    }

    static let templateSpec: JSONValue = [
        "containers": [
            [
                "name": "web", "image": "nginx", "imagePullPolicy": "Always",
                "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File", "resources": [:],
            ]
        ],
        "dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "securityContext": [:],
        "terminationGracePeriodSeconds": 30, "schedulerName": "default-scheduler",
    ]

    @Test func bareDeployment() throws {
        let d = try defaulted(
            #"""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}}}
            """#, "apps", "Deployment")
        let spec = try #require(d["spec"])
        #expect(spec["replicas"] == 1)
        #expect(
            spec["strategy"] == [
                "type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": "25%", "maxSurge": "25%"],
            ])
        #expect(spec["revisionHistoryLimit"] == 10)
        #expect(spec["progressDeadlineSeconds"] == 600)
        #expect(spec["template"]?["spec"] == Self.templateSpec)
        #expect(spec["template"]?["spec"]?["enableServiceLinks"] == nil)
    }

    @Test func barePod() throws {
        let p = try defaulted(
            #"""
            {"metadata":{"name":"p"},"spec":{"containers":[
              {"name":"a","image":"nginx:1.27","ports":[{"containerPort":80}],"resources":{"limits":{"cpu":"1"}},
               "readinessProbe":{"httpGet":{"port":80}},"env":[{"name":"N","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]},
              {"name":"b","image":"registry:5000/app"},
              {"name":"c","image":"busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}],
             "volumes":[{"name":"scratch"},{"name":"cfg","configMap":{"name":"c"}}]}}
            """#, "", "Pod")
        let spec = try #require(p["spec"])
        #expect(spec["restartPolicy"] == "Always")
        #expect(spec["terminationGracePeriodSeconds"] == 30)
        #expect(spec["dnsPolicy"] == "ClusterFirst")
        #expect(spec["securityContext"] == [:])
        #expect(spec["schedulerName"] == "default-scheduler")
        #expect(spec["enableServiceLinks"] == true)
        let a = try #require(spec["containers"]?.arrayValue?[0])
        #expect(a["imagePullPolicy"] == "IfNotPresent")
        #expect(a["terminationMessagePath"] == "/dev/termination-log")
        #expect(a["terminationMessagePolicy"] == "File")
        #expect(a["ports"] == [["containerPort": 80, "protocol": "TCP"]])
        #expect(a["resources"] == ["limits": ["cpu": "1"], "requests": ["cpu": "1"]])
        #expect(
            a["readinessProbe"] == [
                "httpGet": ["port": 80, "path": "/", "scheme": "HTTP"],
                "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3,
            ])
        #expect(a["env"]?.arrayValue?[0]["valueFrom"]?["fieldRef"]?["apiVersion"] == "v1")
        #expect(spec["containers"]?.arrayValue?[1]["imagePullPolicy"] == "Always")
        #expect(spec["containers"]?.arrayValue?[1]["resources"] == [:])
        #expect(spec["containers"]?.arrayValue?[2]["imagePullPolicy"] == "IfNotPresent")
        #expect(
            spec["volumes"] == [
                ["name": "scratch", "emptyDir": [:]], ["name": "cfg", "configMap": ["name": "c", "defaultMode": 420]],
            ])
    }

    @Test func imagePullPolicyFollowsTheTag() {
        #expect(ImageReference.tag(of: "nginx") == "latest")
        #expect(ImageReference.tag(of: "nginx:latest") == "latest")
        #expect(ImageReference.tag(of: "localhost:5000/team/app:v2") == "v2")
        #expect(ImageReference.tag(of: "Nginx") == "")
        #expect(ImageReference.tag(of: "") == "")
    }

    @Test func otherWorkloads() throws {
        let sts = try defaulted(
            #"{"spec":{"volumeClaimTemplates":[{"metadata":{"name":"d"},"spec":{"accessModes":["ReadWriteOnce"]}}]}}"#,
            "apps", "StatefulSet")
        #expect(sts["spec"]?["podManagementPolicy"] == "OrderedReady")
        #expect(sts["spec"]?["updateStrategy"] == ["type": "RollingUpdate", "rollingUpdate": ["partition": 0]])
        #expect(
            sts["spec"]?["persistentVolumeClaimRetentionPolicy"] == ["whenDeleted": "Retain", "whenScaled": "Retain"])
        #expect(sts["spec"]?["replicas"] == 1)
        #expect(sts["spec"]?["revisionHistoryLimit"] == 10)
        let claim = sts["spec"]?["volumeClaimTemplates"]?.arrayValue?.first
        #expect(claim?["spec"]?["volumeMode"] == "Filesystem")
        #expect(claim?["status"] == ["phase": "Pending"])

        let ds = try defaulted(#"{"spec":{}}"#, "apps", "DaemonSet")
        #expect(
            ds["spec"]?["updateStrategy"] == [
                "type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": 1, "maxSurge": 0],
            ])
        #expect(ds["spec"]?["revisionHistoryLimit"] == 10)

        let rc = try defaulted(
            #"{"spec":{"template":{"metadata":{"labels":{"app":"a"}},"spec":{"containers":[]}}}}"#, "",
            "ReplicationController")
        #expect(rc["spec"]?["selector"] == ["app": "a"])
        #expect(rc["metadata"]?["labels"] == ["app": "a"])
        #expect(rc["spec"]?["replicas"] == 1)
        #expect(try defaulted(#"{"spec":{}}"#, "apps", "ReplicaSet")["spec"]?["replicas"] == 1)
    }

    @Test func jobsAndCronJobs() throws {
        let job = try defaulted(
            #"{"spec":{"template":{"metadata":{"labels":{"a":"b"}},"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"perl:5"}]}}}}"#,
            "batch", "Job")
        let spec = try #require(job["spec"])
        #expect(spec["completions"] == 1)
        #expect(spec["parallelism"] == 1)
        #expect(spec["backoffLimit"] == 6)
        #expect(spec["completionMode"] == "NonIndexed")
        #expect(spec["suspend"] == false)
        #expect(spec["podReplacementPolicy"] == "TerminatingOrFailed")
        #expect(spec["manualSelector"] == nil)
        #expect(spec["template"]?["spec"]?["restartPolicy"] == "Never")
        #expect(job["metadata"]?["labels"] == ["a": "b"])

        let parallel = try defaulted(#"{"spec":{"parallelism":3,"backoffLimitPerIndex":1}}"#, "batch", "Job")
        #expect(parallel["spec"]?["completions"] == nil)
        #expect(parallel["spec"]?["backoffLimit"] == 2147483647)

        let cron = try defaulted(
            #"{"spec":{"schedule":"* * * * *","jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"x"}]}}}}}}"#,
            "batch", "CronJob")
        #expect(cron["spec"]?["concurrencyPolicy"] == "Allow")
        #expect(cron["spec"]?["suspend"] == false)
        #expect(cron["spec"]?["successfulJobsHistoryLimit"] == 3)
        #expect(cron["spec"]?["failedJobsHistoryLimit"] == 1)
        #expect(cron["spec"]?["jobTemplate"]?["spec"]?["backoffLimit"] == nil)
        #expect(cron["spec"]?["jobTemplate"]?["spec"]?["template"]?["spec"]?["schedulerName"] == "default-scheduler")
    }

    @Test func servicesSecretsNamespacesClaims() throws {
        let svc = try defaulted(#"{"spec":{"ports":[{"port":80},{"port":443,"targetPort":"https"}]}}"#, "", "Service")
        #expect(
            svc["spec"] == [
                "ports": [
                    ["port": 80, "protocol": "TCP", "targetPort": 80],
                    ["port": 443, "targetPort": "https", "protocol": "TCP"],
                ],
                "sessionAffinity": "None", "type": "ClusterIP", "internalTrafficPolicy": "Cluster",
            ])
        let lb = try defaulted(#"{"spec":{"type":"LoadBalancer","sessionAffinity":"ClientIP"}}"#, "", "Service")
        #expect(lb["spec"]?["externalTrafficPolicy"] == "Cluster")
        #expect(lb["spec"]?["allocateLoadBalancerNodePorts"] == true)
        #expect(lb["spec"]?["sessionAffinityConfig"] == ["clientIP": ["timeoutSeconds": 10800]])

        let secret = try defaulted(#"{"data":{"a":"eA=="},"stringData":{"b":"hello"}}"#, "", "Secret")
        #expect(secret == ["data": ["a": "eA==", "b": "aGVsbG8="], "type": "Opaque"])

        var ns = try defaulted(#"{"metadata":{"name":"team"}}"#, "", "Namespace")
        #expect(ns["metadata"]?["labels"] == ["kubernetes.io/metadata.name": "team"])
        #expect(ns["status"] == ["phase": "Active"])
        Defaulter.prepareForCreate(&ns, gvk: GroupVersionKind(group: "", version: "v1", kind: "Namespace"))
        #expect(ns["spec"] == ["finalizers": ["kubernetes"]])

        let pvc = try defaulted(#"{"spec":{"accessModes":["ReadWriteOnce"]}}"#, "", "PersistentVolumeClaim")
        #expect(pvc["spec"]?["volumeMode"] == "Filesystem")
        #expect(pvc["status"] == ["phase": "Pending"])
    }

    @Test func defaultingTwiceIsStable() throws {
        let gvk = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")
        var once = try JSONParser.parse(#"{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"x"}]}}}}"#)
        Defaulter.apply(to: &once, gvk: gvk)
        var twice = once
        Defaulter.apply(to: &twice, gvk: gvk)
        #expect(once == twice)
        var list: JSONValue = ["items": [["spec": [:]]]]
        Defaulter.apply(to: &list, gvk: GroupVersionKind(group: "apps", version: "v1", kind: "DeploymentList"))
        #expect(list["items"]?.arrayValue?.first?["spec"]?["replicas"] == 1)
    }
}
