import SwiftletAPI
import Testing

/// Upstream's pod and pod-template warnings, with its wording and paths.
@Suite("Pod warnings")
struct PodWarningsTests {
    func parse(_ text: String) -> JSONValue { try! JSONParser.parse(text) }

    @Test func deprecatedNodeLabelsAnnotationsAndVolumesInADeploymentTemplate() {
        let deployment = parse(
            #"""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"template":{
              "metadata":{"annotations":{"scheduler.alpha.kubernetes.io/critical-pod":"","seccomp.security.alpha.kubernetes.io/pod":"runtime/default"}},
              "spec":{"nodeSelector":{"beta.kubernetes.io/os":"linux","kubernetes.io/arch":"amd64"},
                "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"beta.kubernetes.io/arch","operator":"In","values":["amd64"]}]}]}}},
                "topologySpreadConstraints":[{"maxSkew":1,"topologyKey":"failure-domain.beta.kubernetes.io/zone","whenUnsatisfiable":"DoNotSchedule"}],
                "volumes":[{"name":"g","gitRepo":{"repository":"r"}}],
                "terminationGracePeriodSeconds":-5,
                "containers":[{"name":"c","image":"i"}]}}}}
            """#)
        let warnings = PodWarnings.warnings(for: deployment, group: "apps", kind: "Deployment")
        #expect(
            warnings == [
                #"spec.template.spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead"#,
                #"spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key: beta.kubernetes.io/arch is deprecated since v1.14; use "kubernetes.io/arch" instead"#,
                #"spec.template.spec.topologySpreadConstraints[0].topologyKey: failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use "topology.kubernetes.io/zone" instead"#,
                "spec.template.spec.topologySpreadConstraints[0].labelSelector: a null labelSelector results in matching no pod",
                #"spec.template.metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: non-functional in v1.16+; use the "priorityClassName" field instead"#,
                "spec.template.spec.volumes[0].gitRepo: deprecated in v1.11",
                #"spec.template.metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: non-functional in v1.27+; use the "seccompProfile" field instead"#,
                "spec.template.spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1",
            ])
    }

    @Test func likelyMistakesInAPod() {
        let pod = parse(
            #"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{
              "imagePullSecrets":[{"name":"a"},{"name":"a"},{"name":""}],
              "hostAliases":[{"ip":"10.0.0.1"},{"ip":"10.0.0.1"}],
              "containers":[
                {"name":"c","image":"i","resources":{"limits":{"memory":"100m"},"requests":{"memory":"64Mi"}},
                 "env":[{"name":"X","value":"1"},{"name":"X","value":"2"},{"name":"Y","value":"a"},{"name":"Y","value":"$(Y)b"}],
                 "ports":[{"containerPort":80}]},
                {"name":"d","image":"i","ports":[{"containerPort":80}]}]}}
            """#)
        let warnings = PodWarnings.warnings(for: pod, group: "", kind: "Pod")
        #expect(
            warnings == [
                #"spec.hostAliases[1].ip: duplicate ip "10.0.0.1""#,
                #"spec.imagePullSecrets[1].name: duplicate name "a""#,
                #"spec.imagePullSecrets[2].name: invalid empty name """#,
                #"spec.containers[0].resources.limits[memory]: fractional byte value "100m" is invalid, must be an integer"#,
                #"spec.containers[0].env[1]: hides previous definition of "X", which may be dropped when using apply"#,
                "spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]",
            ])
        #expect(PodWarnings.warnings(for: parse(#"{"kind":"ConfigMap"}"#), group: "", kind: "ConfigMap").isEmpty)
    }

    @Test func wholeBytesAreNotFractional() {
        for whole in ["1", "64Mi", "1Gi", "1e3", "1.5k", "2G", "0"] {
            #expect(!PodWarnings.hasFractionalBytes(whole), "\(whole)")
        }
        for fractional in ["1m", "0.5", "1.5", "100m", "0.1Ki"] {
            #expect(PodWarnings.hasFractionalBytes(fractional), "\(fractional)")
        }
    }
}
