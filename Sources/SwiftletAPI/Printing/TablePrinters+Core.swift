import Foundation

/// Printers of the core group's simpler kinds (Pod, Node and Event have
/// files of their own).
extension TablePrinters {
    static let corePrinters: [(String, Printer)] = [
        (
            "Namespace",
            Printer(columns: [.name, .string("Status", "The status of the namespace"), .age]) { obj, now in
                [name(obj), .string(obj["status", "phase"].string), TableFormat.age(obj, now: now)]
            }
        ),
        ("Service", Printer(columns: serviceColumns, cells: serviceCells)),
        (
            "Endpoints",
            Printer(columns: [.name, .string("Endpoints", TableDocs.endpointsSubsets), .age]) { obj, now in
                [name(obj), .string(formatEndpoints(obj["subsets"])), TableFormat.age(obj, now: now)]
            }
        ),
        (
            "ConfigMap",
            Printer(columns: [.name, .string("Data", TableDocs.configMapData), .age]) { obj, now in
                [name(obj), .int(Int64(obj["data"].count + obj["binaryData"].count)), TableFormat.age(obj, now: now)]
            }
        ),
        (
            "Secret",
            Printer(
                columns: [.name, .string("Type", TableDocs.secretType), .string("Data", TableDocs.secretData), .age]
            ) { obj, now in
                [
                    name(obj), .string(obj["type"].string), .int(Int64(obj["data"].count)),
                    TableFormat.age(obj, now: now),
                ]
            }
        ),
        (
            "ServiceAccount",
            Printer(columns: [.name, .string("Secrets", TableDocs.serviceAccountSecrets), .age]) { obj, now in
                [name(obj), .int(Int64(obj["secrets"].count)), TableFormat.age(obj, now: now)]
            }
        ),
        ("ReplicationController", Printer(columns: replicationControllerColumns, cells: replicationControllerCells)),
        ("ResourceQuota", Printer(columns: resourceQuotaColumns, cells: resourceQuotaCells)),
        ("PersistentVolume", Printer(columns: persistentVolumeColumns, cells: persistentVolumeCells)),
        (
            "PersistentVolumeClaim",
            Printer(columns: persistentVolumeClaimColumns, cells: persistentVolumeClaimCells)
        ),
        ("ComponentStatus", Printer(columns: componentStatusColumns, cells: componentStatusCells)),
    ]

    /// The NAME cell.
    static func name(_ obj: PrintedObject) -> JSONValue { .string(obj["metadata", "name"].string) }

    // MARK: Service

    static let serviceColumns: [TableColumnDefinition] = [
        .name, .string("Type", TableDocs.serviceType), .string("Cluster-IP", TableDocs.serviceClusterIP),
        .string("External-IP", TableDocs.serviceExternalIPs), .string("Port(s)", TableDocs.servicePorts), .age,
        .string("Selector", TableDocs.serviceSelector, priority: 1),
    ]

    @Sendable static func serviceCells(_ svc: PrintedObject, now: Date) -> [JSONValue] {
        let spec = svc["spec"]
        // Unset fields read as the values defaulting would have stored.
        let type = spec["type"].exists ? spec["type"].string : "ClusterIP"
        var clusterIP = spec["clusterIPs"].array.first?.string ?? ""
        if clusterIP.isEmpty { clusterIP = spec["clusterIP"].string }
        let ports = spec["ports"].array.map { port -> String in
            let proto = port["protocol"].exists ? port["protocol"].string : "TCP"
            let nodePort = port["nodePort"].int
            return nodePort > 0 ? "\(port["port"].int):\(nodePort)/\(proto)" : "\(port["port"].int)/\(proto)"
        }.joined(separator: ",")
        return [
            name(svc), .string(type), .string(clusterIP.isEmpty ? "<none>" : clusterIP),
            .string(serviceExternalIP(svc, type: type)), .string(ports.isEmpty ? "<none>" : ports),
            TableFormat.age(svc, now: now), .string(TableFormat.labels(spec["selector"].stringMap)),
        ]
    }

    /// `getServiceExternalIP` (wide, so load-balancer addresses are not cut).
    static func serviceExternalIP(_ svc: PrintedObject, type: String) -> String {
        let externalIPs = svc["spec", "externalIPs"].array.map(\.string)
        switch type {
        case "ClusterIP", "NodePort":
            return externalIPs.isEmpty ? "<none>" : externalIPs.joined(separator: ",")
        case "LoadBalancer":
            let lb = loadBalancerAddresses(svc["status", "loadBalancer", "ingress"])
            if !externalIPs.isEmpty {
                let addresses = lb.isEmpty ? [] : lb.split(separator: ",").map(String.init)
                return (addresses + externalIPs).joined(separator: ",")
            }
            return lb.isEmpty ? "<pending>" : lb
        case "ExternalName":
            return svc["spec", "externalName"].string
        default:
            return "<unknown>"
        }
    }

    /// `loadBalancerStatusStringer`: the distinct IPs (else hostnames),
    /// sorted and comma-joined.
    static func loadBalancerAddresses(_ ingress: PrintedObject) -> String {
        var set: Set<String> = []
        for entry in ingress.array {
            if !entry["ip"].string.isEmpty {
                set.insert(entry["ip"].string)
            } else if !entry["hostname"].string.isEmpty {
                set.insert(entry["hostname"].string)
            }
        }
        return TableFormat.sorted(set).joined(separator: ",")
    }

    /// `formatEndpoints`: up to three `ip:port` pairs, then ` + N more...`.
    static func formatEndpoints(_ subsets: PrintedObject) -> String {
        let list = subsets.array
        if list.isEmpty { return "<none>" }
        var shown: [String] = []
        var count = 0
        var more = false
        let max = 3
        for subset in list {
            let addresses = subset["addresses"].array
            let ports = subset["ports"].array
            if ports.isEmpty {
                count += addresses.count
                for address in addresses {
                    if shown.count == max {
                        more = true
                        break
                    }
                    shown.append(address["ip"].string)
                }
                continue
            }
            for port in ports {
                count += addresses.count
                for address in addresses {
                    if shown.count == max {
                        more = true
                        break
                    }
                    shown.append(TableFormat.joinHostPort(address["ip"].string, port["port"].int))
                }
            }
        }
        let text = shown.joined(separator: ",")
        return more ? "\(text) + \(count - max) more..." : text
    }

    // MARK: ReplicationController

    static let replicationControllerColumns: [TableColumnDefinition] = [
        .name, .integer("Desired", TableDocs.rcSpecReplicas), .integer("Current", TableDocs.rcStatusReplicas),
        .integer("Ready", TableDocs.rcStatusReadyReplicas), .age, .containers, .images,
        .string("Selector", TableDocs.rcSpecSelector, priority: 1),
    ]

    @Sendable static func replicationControllerCells(_ rc: PrintedObject, now: Date) -> [JSONValue] {
        let (names, images) = TableFormat.containers(rc["spec", "template", "spec"])
        return [
            name(rc), .int(rc["spec", "replicas"].intOrNil ?? 1), .int(rc["status", "replicas"].int),
            .int(rc["status", "readyReplicas"].int), TableFormat.age(rc, now: now), names, images,
            .string(TableFormat.labels(rc["spec", "selector"].stringMap)),
        ]
    }

    // MARK: ResourceQuota

    static let resourceQuotaColumns: [TableColumnDefinition] = [
        .name,
        .string("Request", "Request represents a minimum amount of cpu/memory that a container may consume."),
        .string(
            "Limit",
            "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."
        ),
        .age,
    ]

    /// `printResourceQuota`: `resource: used/hard` per hard limit, sorted by
    /// name; `limits.*` resources go to the LIMIT cell.
    @Sendable static func resourceQuotaCells(_ quota: PrintedObject, now: Date) -> [JSONValue] {
        let hard = quota["status", "hard"]
        let used = quota["status", "used"]
        var requests: [String] = []
        var limits: [String] = []
        for resource in TableFormat.sorted(hard.members.map(\.key)) {
            let entry = "\(resource): \(used[resource].quantity)/\(hard[resource].quantity)"
            let pieces = resource.split(separator: ".", omittingEmptySubsequences: false)
            if pieces.count > 1 && pieces[0] == "limits" { limits.append(entry) } else { requests.append(entry) }
        }
        return [
            name(quota), .string(requests.joined(separator: ", ")), .string(limits.joined(separator: ", ")),
            TableFormat.age(quota, now: now),
        ]
    }

    // MARK: PersistentVolume(Claim)

    static let persistentVolumeColumns: [TableColumnDefinition] = [
        .name, .string("Capacity", TableDocs.pvCapacity), .string("Access Modes", TableDocs.pvAccessModes),
        .string("Reclaim Policy", TableDocs.pvReclaimPolicy), .string("Status", TableDocs.pvPhase),
        .string("Claim", TableDocs.pvClaimRef), .string("StorageClass", "StorageClass of the pv"),
        .string("VolumeAttributesClass", "VolumeAttributesClass of the pv"), .string("Reason", TableDocs.pvReason),
        .age, .string("VolumeMode", TableDocs.pvVolumeMode, priority: 1),
    ]

    @Sendable static func persistentVolumeCells(_ pv: PrintedObject, now: Date) -> [JSONValue] {
        let spec = pv["spec"]
        var claim = ""
        if spec["claimRef"].exists {
            claim = spec["claimRef", "namespace"].string + "/" + spec["claimRef", "name"].string
        }
        let phase = pv["metadata", "deletionTimestamp"].exists ? "Terminating" : pv["status", "phase"].string
        let annotations = pv["metadata", "annotations"].stringMap
        let storageClass = annotations[betaStorageClassAnnotation] ?? spec["storageClassName"].string
        return [
            name(pv), .string(spec["capacity", "storage"].quantity), .string(accessModes(spec["accessModes"])),
            .string(spec["persistentVolumeReclaimPolicy"].string), .string(phase), .string(claim),
            .string(storageClass), .string(spec["volumeAttributesClassName"].stringValueOr("<unset>")),
            .string(pv["status", "reason"].string), TableFormat.age(pv, now: now),
            .string(spec["volumeMode"].stringValueOr("<unset>")),
        ]
    }

    static let persistentVolumeClaimColumns: [TableColumnDefinition] = [
        .name, .string("Status", TableDocs.pvcPhase), .string("Volume", TableDocs.pvcVolumeName),
        .string("Capacity", TableDocs.pvcCapacity), .string("Access Modes", TableDocs.pvcAccessModes),
        .string("StorageClass", "StorageClass of the pvc"),
        .string("VolumeAttributesClass", "VolumeAttributesClass of the pvc"), .age,
        .string("VolumeMode", TableDocs.pvcVolumeMode, priority: 1),
    ]

    @Sendable static func persistentVolumeClaimCells(_ pvc: PrintedObject, now: Date) -> [JSONValue] {
        let spec = pvc["spec"]
        let phase = pvc["metadata", "deletionTimestamp"].exists ? "Terminating" : pvc["status", "phase"].string
        var capacity = ""
        var modes = ""
        // Capacity and modes are shown once the claim is bound to a volume.
        if !spec["volumeName"].string.isEmpty {
            modes = accessModes(pvc["status", "accessModes"])
            capacity = pvc["status", "capacity", "storage"].quantity
        }
        let annotations = pvc["metadata", "annotations"].stringMap
        let storageClass = annotations[betaStorageClassAnnotation] ?? spec["storageClassName"].string
        return [
            name(pvc), .string(phase), .string(spec["volumeName"].string), .string(capacity), .string(modes),
            .string(storageClass), .string(spec["volumeAttributesClassName"].stringValueOr("<unset>")),
            TableFormat.age(pvc, now: now), .string(spec["volumeMode"].stringValueOr("<unset>")),
        ]
    }

    static let betaStorageClassAnnotation = "volume.beta.kubernetes.io/storage-class"

    /// `GetAccessModesAsString`: distinct modes in the fixed order
    /// RWO, ROX, RWX, RWOP.
    static func accessModes(_ modes: PrintedObject) -> String {
        let present = Set(modes.array.map(\.string))
        return [
            ("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP"),
        ]
        .filter { present.contains($0.0) }.map(\.1).joined(separator: ",")
    }

    // MARK: ComponentStatus

    static let componentStatusColumns: [TableColumnDefinition] = [
        .name, .string("Status", "Status of the component conditions"),
        .string("Message", "Message of the component conditions"),
        .string("Error", "Error of the component conditions"),
    ]

    @Sendable static func componentStatusCells(_ obj: PrintedObject, now: Date) -> [JSONValue] {
        var status = "Unknown"
        var message = ""
        var error = ""
        if let healthy = obj["conditions"].array.first(where: { $0["type"].string == "Healthy" }) {
            status = healthy["status"].string == "True" ? "Healthy" : "Unhealthy"
            message = healthy["message"].string
            error = healthy["error"].string
        }
        return [name(obj), .string(status), .string(message), .string(error)]
    }
}

extension PrintedObject {
    /// The string of an optional field, or `fallback` when unset.
    func stringValueOr(_ fallback: String) -> String {
        exists ? string : fallback
    }
}
