/// Upstream v1.32 `SetDefaults_Service`: what it sets without allocating
/// anything (cluster IPs, IP families and node ports are the allocator's).
enum ServiceDefaults {
    static let defaultClientIPTimeout: Int64 = 10800

    static func apply(_ object: inout JSONValue) {
        object.editMember("spec", create: true) { spec in
            spec.applyDefaultString("sessionAffinity", "None")
            switch spec["sessionAffinity"]?.stringValue {
            case "None":
                spec["sessionAffinityConfig"] = nil
            case "ClientIP":
                if spec["sessionAffinityConfig"]?["clientIP"]?["timeoutSeconds"]?.intValue == nil {
                    spec["sessionAffinityConfig"] = ["clientIP": ["timeoutSeconds": .int(defaultClientIPTimeout)]]
                }
            default:
                break
            }
            spec.applyDefaultString("type", "ClusterIP")
            spec.editEachMember("ports") { port in
                port.applyDefaultString("protocol", "TCP")
                switch port["targetPort"] {
                case nil, .null?, .int(0)?, .string("")?: port["targetPort"] = port["port"] ?? 0
                default: break
                }
            }
            let type = spec["type"]?.stringValue ?? ""
            let externallyAccessible =
                type == "LoadBalancer" || type == "NodePort"
                || (type == "ClusterIP" && !(spec["externalIPs"]?.arrayValue ?? []).isEmpty)
            if externallyAccessible { spec.applyDefaultString("externalTrafficPolicy", "Cluster") }
            if ["NodePort", "LoadBalancer", "ClusterIP"].contains(type) {
                spec.applyDefault("internalTrafficPolicy", "Cluster")
            }
            if type == "LoadBalancer" { spec.applyDefault("allocateLoadBalancerNodePorts", true) }
        }
        if object["spec"]?["type"] == "LoadBalancer" {
            object.editMember(path: ["status", "loadBalancer"]) { lb in
                lb.editEachMember("ingress") { ingress in
                    if !(ingress["ip"]?.stringValue ?? "").isEmpty { ingress.applyDefault("ipMode", "VIP") }
                }
            }
        }
    }
}
