/// Upstream v1.32 defaults of one container (`SetDefaults_Container` and the
/// generated ones for ports, env, probes and lifecycle hooks).
enum ContainerDefaults {
    static func apply(_ container: inout JSONValue) {
        if !container.fieldIsSet("imagePullPolicy") || container["imagePullPolicy"] == "" {
            let tag = ImageReference.tag(of: container["image"]?.stringValue ?? "")
            container["imagePullPolicy"] = tag == "latest" ? "Always" : "IfNotPresent"
        }
        container.applyDefaultString("terminationMessagePath", "/dev/termination-log")
        container.applyDefaultString("terminationMessagePolicy", "File")
        container.editEachMember("ports") { $0.applyDefaultString("protocol", "TCP") }
        container.editEachMember("env") { env in
            env.editMember(path: ["valueFrom", "fieldRef"]) { $0.applyDefaultString("apiVersion", "v1") }
        }
        // A Go struct, never omitted on the wire.
        container.applyDefault("resources", .object(JSONObject()))
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
            container.editMember(probe) { applyProbe(&$0) }
        }
        container.editMember("lifecycle") { lifecycle in
            for hook in ["postStart", "preStop"] {
                lifecycle.editMember(hook) { $0.editMember("httpGet") { applyHTTPGet(&$0) } }
            }
        }
    }

    static func applyProbe(_ probe: inout JSONValue) {
        probe.applyDefaultNonZero("timeoutSeconds", 1)
        probe.applyDefaultNonZero("periodSeconds", 10)
        probe.applyDefaultNonZero("successThreshold", 1)
        probe.applyDefaultNonZero("failureThreshold", 3)
        probe.editMember("httpGet") { applyHTTPGet(&$0) }
        probe.editMember("grpc") { $0.applyDefault("service", "") }
    }

    static func applyHTTPGet(_ action: inout JSONValue) {
        action.applyDefaultString("path", "/")
        action.applyDefaultString("scheme", "HTTP")
    }
}
