import Foundation

/// Printers of `networking.k8s.io` and `discovery.k8s.io`.
extension TablePrinters {
    static let networkingPrinters: [(String, Printer)] = [
        ("Ingress", Printer(columns: ingressColumns, cells: ingressCells)),
        (
            "IngressClass",
            Printer(
                columns: [
                    .name, .string("Controller", "Controller that is responsible for handling this class"),
                    .string("Parameters", "A reference to a resource with additional parameters"), .age,
                ],
                cells: ingressClassCells)
        ),
        (
            "NetworkPolicy",
            Printer(columns: [.name, .string("Pod-Selector", TableDocs.networkPolicyPodSelector), .age]) { obj, now in
                [
                    name(obj), .string(TableFormat.labelSelector(obj["spec", "podSelector"].orEmptyObject)),
                    TableFormat.age(obj, now: now),
                ]
            }
        ),
        (
            "ServiceCIDR",
            Printer(columns: [.name, .string("CIDRs", TableDocs.serviceCIDRCIDRs), .age]) { obj, now in
                [
                    name(obj), .string(obj["spec", "cidrs"].array.map(\.string).joined(separator: ",")),
                    TableFormat.age(obj, now: now),
                ]
            }
        ),
        (
            "IPAddress",
            Printer(columns: [.name, .string("ParentRef", TableDocs.ipAddressParentRef)], cells: ipAddressCells)
        ),
    ]

    static let discoveryPrinters: [(String, Printer)] = [
        ("EndpointSlice", Printer(columns: endpointSliceColumns, cells: endpointSliceCells))
    ]

    static let ingressColumns: [TableColumnDefinition] = [
        .name,
        .string("Class", "The name of the IngressClass resource that should be used for additional configuration"),
        .string("Hosts", "Hosts that incoming requests are matched against before the ingress rule"),
        .string("Address", "Address is a list containing ingress points for the load-balancer"),
        .string("Ports", "Ports of TLS configurations that open"), .age,
    ]

    @Sendable static func ingressCells(_ obj: PrintedObject, now: Date) -> [JSONValue] {
        let spec = obj["spec"]
        // `formatHosts`: up to three rule hosts, then ` + N more...`; `*`
        // when no rule names a host.
        let rules = spec["rules"].array
        var hosts: [String] = []
        var more = false
        for rule in rules {
            if hosts.count == 3 { more = true }
            if !more && !rule["host"].string.isEmpty { hosts.append(rule["host"].string) }
        }
        var hostText = hosts.isEmpty ? "*" : hosts.joined(separator: ",")
        if more { hostText += " + \(rules.count - 3) more..." }
        return [
            name(obj), .string(spec["ingressClassName"].stringValueOr("<none>")), .string(hostText),
            .string(loadBalancerAddresses(obj["status", "loadBalancer", "ingress"])),
            .string(spec["tls"].array.isEmpty ? "80" : "80, 443"), TableFormat.age(obj, now: now),
        ]
    }

    @Sendable static func ingressClassCells(_ obj: PrintedObject, now: Date) -> [JSONValue] {
        var parameters = "<none>"
        let ref = obj["spec", "parameters"]
        if ref.exists {
            parameters = ref["kind"].string
            if ref["apiGroup"].exists { parameters += "." + ref["apiGroup"].string }
            parameters += "/" + ref["name"].string
        }
        return [
            name(obj), .string(obj["spec", "controller"].string), .string(parameters), TableFormat.age(obj, now: now),
        ]
    }

    @Sendable static func ipAddressCells(_ obj: PrintedObject, now: Date) -> [JSONValue] {
        var parent = "<none>"
        let ref = obj["spec", "parentRef"]
        if ref.exists {
            let group = ref["group"].string
            let resource = ref["resource"].string
            parent = (group.isEmpty ? resource : "\(resource).\(group)").lowercased()
            if !ref["namespace"].string.isEmpty { parent += "/" + ref["namespace"].string }
            parent += "/" + ref["name"].string
        }
        // Upstream appends the age although it declares no column for it.
        return [name(obj), .string(parent), TableFormat.age(obj, now: now)]
    }

    static let endpointSliceColumns: [TableColumnDefinition] = [
        .name, .string("AddressType", TableDocs.endpointSliceAddressType),
        .string("Ports", TableDocs.endpointSlicePorts), .string("Endpoints", TableDocs.endpointSliceEndpoints),
        .age,
    ]

    /// `formatDiscoveryPorts` / `formatDiscoveryEndpoints`: up to three
    /// ports (number, else name, else `*`) and addresses.
    @Sendable static func endpointSliceCells(_ obj: PrintedObject, now: Date) -> [JSONValue] {
        let ports = obj["ports"].array.map { port -> String in
            if let number = port["port"].intOrNil { return String(number) }
            return port["name"].exists ? port["name"].string : "*"
        }
        let addresses = obj["endpoints"].array.flatMap { $0["addresses"].array.map(\.string) }
        return [
            name(obj), .string(obj["addressType"].string), .string(TableFormat.listWithMore(ports)),
            .string(TableFormat.listWithMore(addresses)), TableFormat.age(obj, now: now),
        ]
    }
}
