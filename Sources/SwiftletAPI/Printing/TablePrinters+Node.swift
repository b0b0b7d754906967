import Foundation

extension TablePrinters {
    static let nodePrinters: [(String, Printer)] = [
        ("Node", Printer(columns: nodeColumns, cells: nodeCells))
    ]

    static let nodeColumns: [TableColumnDefinition] = [
        .name, .string("Status", "The status of the node"), .string("Roles", "The roles of the node"), .age,
        .string("Version", TableDocs.nodeKubeletVersion),
        .string("Internal-IP", TableDocs.nodeAddresses, priority: 1),
        .string("External-IP", TableDocs.nodeAddresses, priority: 1),
        .string("OS-Image", TableDocs.nodeOSImage, priority: 1),
        .string("Kernel-Version", TableDocs.nodeKernelVersion, priority: 1),
        .string("Container-Runtime", TableDocs.nodeContainerRuntimeVersion, priority: 1),
    ]

    /// `printNode`: STATUS is Ready/NotReady from the Ready condition (the
    /// last one of that type wins), `Unknown` without it, plus
    /// `SchedulingDisabled` when cordoned.
    @Sendable static func nodeCells(_ node: PrintedObject, now: Date) -> [JSONValue] {
        var status: [String] = []
        if let ready = node["status", "conditions"].array.last(where: { $0["type"].string == "Ready" }) {
            status.append(ready["status"].string == "True" ? "Ready" : "NotReady")
        }
        if status.isEmpty { status.append("Unknown") }
        if node["spec", "unschedulable"].bool { status.append("SchedulingDisabled") }

        let roles = nodeRoles(node["metadata", "labels"].stringMap).joined(separator: ",")
        let info = node["status", "nodeInfo"]
        func address(_ type: String) -> String {
            node["status", "addresses"].array.first { $0["type"].string == type }?["address"].string ?? "<none>"
        }
        func known(_ s: String) -> JSONValue { .string(s.isEmpty ? "<unknown>" : s) }
        return [
            name(node), .string(status.joined(separator: ",")), .string(roles.isEmpty ? "<none>" : roles),
            TableFormat.age(node, now: now), .string(info["kubeletVersion"].string),
            .string(address("InternalIP")), .string(address("ExternalIP")), known(info["osImage"].string),
            known(info["kernelVersion"].string), known(info["containerRuntimeVersion"].string),
        ]
    }

    /// `findNodeRoles`: `node-role.kubernetes.io/<role>` label names and
    /// `kubernetes.io/role=<role>` values, distinct and sorted.
    static func nodeRoles(_ labels: [String: String]) -> [String] {
        var roles: Set<String> = []
        let prefix = "node-role.kubernetes.io/"
        for (key, value) in labels {
            if key.hasPrefix(prefix) {
                let role = String(key.dropFirst(prefix.count))
                if !role.isEmpty { roles.insert(role) }
            } else if key == "kubernetes.io/role" && !value.isEmpty {
                roles.insert(value)
            }
        }
        return TableFormat.sorted(roles)
    }
}
