import Foundation

/// Printers of the small groups: policy, coordination, scheduling, node and
/// the aggregator's APIService.
extension TablePrinters {
    static let policyPrinters: [(String, Printer)] = [
        (
            "PodDisruptionBudget",
            Printer(
                columns: [
                    .name, .string("Min Available", "The minimum number of pods that must be available."),
                    .string("Max Unavailable", "The maximum number of pods that may be unavailable."),
                    .integer("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time."),
                    .age,
                ]
            ) { obj, now in
                let spec = obj["spec"]
                return [
                    name(obj), .string(spec["minAvailable"].exists ? spec["minAvailable"].intOrString : "N/A"),
                    .string(spec["maxUnavailable"].exists ? spec["maxUnavailable"].intOrString : "N/A"),
                    .int(obj["status", "disruptionsAllowed"].int), TableFormat.age(obj, now: now),
                ]
            }
        )
    ]

    static let coordinationPrinters: [(String, Printer)] = [
        (
            "Lease",
            Printer(columns: [.name, .string("Holder", TableDocs.leaseHolderIdentity), .age]) { obj, now in
                [name(obj), .string(obj["spec", "holderIdentity"].string), TableFormat.age(obj, now: now)]
            }
        ),
        (
            "LeaseCandidate",
            Printer(
                columns: [
                    .name, .string("LeaseName", TableDocs.leaseCandidateLeaseName),
                    .string("BinaryVersion", TableDocs.metaBinaryVersion),
                    .string("EmulationVersion", TableDocs.metaEmulationVersion), .age,
                ]
            ) { obj, now in
                let spec = obj["spec"]
                return [
                    name(obj), .string(spec["leaseName"].string), .string(spec["binaryVersion"].string),
                    .string(spec["emulationVersion"].string), TableFormat.age(obj, now: now),
                ]
            }
        ),
    ]

    static let schedulingPrinters: [(String, Printer)] = [
        (
            "PriorityClass",
            Printer(
                columns: [
                    .name, .integer("Value", TableDocs.priorityClassValue),
                    .boolean("Global-Default", TableDocs.priorityClassGlobalDefault), .age,
                    .string("PreemptionPolicy", TableDocs.priorityClassPreemptionPolicy),
                ]
            ) { obj, now in
                [
                    name(obj), .int(obj["value"].int), .bool(obj["globalDefault"].bool), TableFormat.age(obj, now: now),
                    .string(obj["preemptionPolicy"].string),
                ]
            }
        )
    ]

    static let nodeAPIPrinters: [(String, Printer)] = [
        (
            "RuntimeClass",
            Printer(columns: [.name, .string("Handler", TableDocs.metaHandler), .age]) { obj, now in
                [name(obj), .string(obj["handler"].string), TableFormat.age(obj, now: now)]
            }
        )
    ]

    static let apiRegistrationPrinters: [(String, Printer)] = [
        (
            "APIService",
            Printer(
                columns: [
                    .name, .string("Service", "The reference to the service that hosts this API endpoint."),
                    .string("Available", "Whether this service is available."), .age,
                ],
                cells: apiServiceCells)
        )
    ]

    /// SERVICE is `namespace/name`, or `Local` for APIs the server itself
    /// serves; AVAILABLE is the Available condition's status, with its
    /// reason when not True.
    @Sendable static func apiServiceCells(_ obj: PrintedObject, now: Date) -> [JSONValue] {
        let service = obj["spec", "service"]
        var available = "Unknown"
        if let condition = obj["status", "conditions"].array.first(where: { $0["type"].string == "Available" }) {
            let status = condition["status"].string
            let reason = condition["reason"].string
            available = status != "True" && !reason.isEmpty ? "\(status) (\(reason))" : status
        }
        return [
            name(obj),
            .string(service.exists ? service["namespace"].string + "/" + service["name"].string : "Local"),
            .string(available), TableFormat.age(obj, now: now),
        ]
    }
}
