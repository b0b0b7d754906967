import Testing

@testable import SwiftletAPI

@Suite struct ValidationWorkloadTests {
    func check(_ json: String, _ group: String, _ kind: String) throws -> [String] {
        let gvk = GroupVersionKind(group: group, version: "v1", kind: kind)
        var object = try JSONParser.parse(json)
        Defaulter.apply(to: &object, gvk: gvk)
        return KindValidators.validate(gvk: gvk, object: object).map(\.message)
    }

    @Test func emptySelectorRendersTheGoStruct() throws {
        let errs = try check(
            #"""
            {"metadata":{"name":"rs","namespace":"d"},"spec":{"selector":{},
             "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}
            """#, "apps", "ReplicaSet")
        #expect(
            errs == [
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"
            ])
    }

    @Test func statefulSetNamesAreLabelsAndTemplatesOnlyLabelChecked() throws {
        let errs = try check(
            #"""
            {"metadata":{"name":"db.primary","namespace":"d"},
             "spec":{"selector":{"matchLabels":{"app":"db"}},
              "persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Keep"},
              "template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"Bad Name"}],"activeDeadlineSeconds":5}}}}
            """#, "apps", "StatefulSet")
        #expect(
            errs == [
                "metadata.name: Invalid value: \"db.primary\": must not contain dots",
                "spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: \"Keep\": supported values: \"Retain\", \"Delete\"",
                "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported",
            ])
    }

    @Test func daemonSetStrategyAndSelector() throws {
        let errs = try check(
            #"""
            {"metadata":{"name":"ds","namespace":"d"},
             "spec":{"updateStrategy":{"rollingUpdate":{"maxUnavailable":0}},
              "template":{"metadata":{"labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}
            """#, "apps", "DaemonSet")
        #expect(
            errs == [
                "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"x\"}: `selector` does not match template `labels`",
                "spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0",
            ])
    }

    @Test func deploymentStrategyPercentages() throws {
        let errs = try check(
            #"""
            {"metadata":{"name":"d","namespace":"d"},
             "spec":{"selector":{"matchLabels":{"a":"b"}},"strategy":{"rollingUpdate":{"maxUnavailable":"150%","maxSurge":"x"}},
              "template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}
            """#, "apps", "Deployment")
        #expect(
            errs == [
                "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"x\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
                "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%",
            ])
    }
}
