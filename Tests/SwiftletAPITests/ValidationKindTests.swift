import Testing

@testable import SwiftletAPI

@Suite struct ValidationKindTests {
    static let deployment = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")
    static let pod = GroupVersionKind(group: "", version: "v1", kind: "Pod")

    /// Defaults, then validates, as the API server does.
    func check(_ json: String, _ gvk: GroupVersionKind) throws -> [FieldError] {
        var object = try JSONParser.parse(json)
        Defaulter.apply(to: &object, gvk: gvk)
        return KindValidators.validate(gvk: gvk, object: object)
    }

    @Test func deploymentSelectorMustMatchTemplate() throws {
        let errs = try check(
            #"""
            {"metadata":{"name":"web","namespace":"default"},
             "spec":{"selector":{"matchLabels":{"app":"web"}},
              "template":{"metadata":{"labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}
            """#, Self.deployment)
        #expect(
            InvalidStatus.message(kind: "Deployment", group: "apps", name: "web", errors: errs)
                == "Deployment.apps \"web\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"x\"}: `selector` does not match template `labels`"
        )
    }

    @Test func deploymentWithoutSelectorGetsTwoErrors() throws {
        let errs = try check(
            #"""
            {"metadata":{"name":"web","namespace":"default"},
             "spec":{"replicas":-1,"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx"}],"restartPolicy":"Never"}}}}
            """#, Self.deployment)
        #expect(
            errs.map(\.message) == [
                "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                "spec.selector: Required value",
                "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`",
                "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"",
            ])
    }

    @Test func podContainerRules() throws {
        let errs = try check(
            #"""
            {"metadata":{"name":"p","namespace":"default"},
             "spec":{"containers":[
               {"name":"app","image":"nginx","ports":[{"containerPort":70000},{"containerPort":80,"protocol":"HTTP"}]},
               {"name":"app"},
               {"image":"busybox","volumeMounts":[{"name":"data","mountPath":"/d"}]}]}}
            """#, Self.pod)
        #expect(
            errs.map(\.message) == [
                "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
                "spec.containers[0].ports[1].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
                "spec.containers[1].image: Required value",
                "spec.containers[1].name: Duplicate value: \"app\"",
                "spec.containers[2].name: Required value",
                "spec.containers[2].volumeMounts[0].name: Not found: \"data\"",
            ])
        #expect(
            try check(#"{"metadata":{"name":"p","namespace":"d"},"spec":{}}"#, Self.pod).map(\.message) == [
                "spec.containers: Required value"
            ])
    }

    @Test func validPodAndDeploymentPass() throws {
        #expect(
            try check(
                #"""
                {"metadata":{"name":"p","namespace":"default","labels":{"app":"web"}},
                 "spec":{"volumes":[{"name":"data"}],"containers":[{"name":"app","image":"nginx:1.27","ports":[{"name":"http","containerPort":80}],
                   "volumeMounts":[{"name":"data","mountPath":"/data"}],"livenessProbe":{"httpGet":{"port":"http"}}}]}}
                """#, Self.pod
            ).isEmpty)
        #expect(
            try check(
                #"""
                {"metadata":{"name":"web","namespace":"default"},
                 "spec":{"selector":{"matchExpressions":[{"key":"app","operator":"In","values":["web","api"]}]},
                  "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}
                """#, Self.deployment
            ).isEmpty)
    }

    @Test func serviceRules() throws {
        let service = GroupVersionKind(group: "", version: "v1", kind: "Service")
        let errs = try check(
            #"""
            {"metadata":{"name":"My_Svc","namespace":"default"},
             "spec":{"ports":[{"port":80},{"name":"http","port":0},{"name":"b","port":80}]}}
            """#, service)
        #expect(
            errs.map(\.message) == [
                "metadata.name: Invalid value: \"My_Svc\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
                "spec.ports[0].name: Required value",
                "spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                "spec.ports[1].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive",
                "spec.ports[2]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}",
            ])
    }

    @Test func configMapSecretNamespaceAndJob() throws {
        let cm = try check(
            #"{"metadata":{"name":"c","namespace":"d"},"data":{"ok.key":"1","bad key":"2"}}"#,
            GroupVersionKind(group: "", version: "v1", kind: "ConfigMap"))
        #expect(
            cm.map(\.message) == [
                "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
            ])
        let secret = try check(
            #"{"metadata":{"name":"s","namespace":"d"},"type":"kubernetes.io/tls","stringData":{"tls.crt":"x"}}"#,
            GroupVersionKind(group: "", version: "v1", kind: "Secret"))
        #expect(secret.map(\.message) == ["data[tls.key]: Required value"])
        let ns = try check(
            #"{"metadata":{"name":"team.a"}}"#, GroupVersionKind(group: "", version: "v1", kind: "Namespace"))
        #expect(ns.map(\.message) == ["metadata.name: Invalid value: \"team.a\": must not contain dots"])

        let jobKind = GroupVersionKind(group: "batch", version: "v1", kind: "Job")
        var job = try JSONParser.parse(
            #"{"metadata":{"name":"pi","namespace":"d","uid":"1234"},"spec":{"template":{"spec":{"containers":[{"name":"pi","image":"perl"}]}}}}"#
        )
        Defaulter.apply(to: &job, gvk: jobKind)
        Defaulter.prepareForCreate(&job, gvk: jobKind)
        #expect(
            KindValidators.validate(gvk: jobKind, object: job).map(\.message)
                == ["spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""])
    }
}
