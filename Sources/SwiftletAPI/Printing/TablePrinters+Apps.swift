import Foundation

/// Printers of the `apps` group. Unset replica counts read as defaulting
/// would have stored them (1).
extension TablePrinters {
    static let appsPrinters: [(String, Printer)] = [
        ("Deployment", Printer(columns: deploymentColumns, cells: deploymentCells)),
        ("ReplicaSet", Printer(columns: replicaSetColumns, cells: replicaSetCells)),
        ("DaemonSet", Printer(columns: daemonSetColumns, cells: daemonSetCells)),
        ("StatefulSet", Printer(columns: statefulSetColumns, cells: statefulSetCells)),
        ("ControllerRevision", Printer(columns: controllerRevisionColumns, cells: controllerRevisionCells)),
    ]

    static let deploymentColumns: [TableColumnDefinition] = [
        .name, .string("Ready", "Number of the pod with ready state"),
        .string("Up-to-date", TableDocs.deploymentUpdatedReplicas),
        .string("Available", TableDocs.deploymentAvailableReplicas), .age, .containers, .images,
        .string("Selector", TableDocs.deploymentSelector, priority: 1),
    ]

    @Sendable static func deploymentCells(_ obj: PrintedObject, now: Date) -> [JSONValue] {
        let desired = obj["spec", "replicas"].intOrNil ?? 1
        let (names, images) = TableFormat.containers(obj["spec", "template", "spec"])
        return [
            name(obj), .string("\(obj["status", "readyReplicas"].int)/\(desired)"),
            .int(obj["status", "updatedReplicas"].int), .int(obj["status", "availableReplicas"].int),
            TableFormat.age(obj, now: now), names, images,
            .string(TableFormat.selector(obj["spec", "selector"]) ?? "<invalid>"),
        ]
    }

    static let replicaSetColumns: [TableColumnDefinition] = [
        .name, .integer("Desired", TableDocs.rsSpecReplicas), .integer("Current", TableDocs.rsStatusReplicas),
        .integer("Ready", TableDocs.rsStatusReadyReplicas), .age, .containers, .images,
        .string("Selector", TableDocs.rsSpecSelector, priority: 1),
    ]

    @Sendable static func replicaSetCells(_ obj: PrintedObject, now: Date) -> [JSONValue] {
        let (names, images) = TableFormat.containers(obj["spec", "template", "spec"])
        return [
            name(obj), .int(obj["spec", "replicas"].intOrNil ?? 1), .int(obj["status", "replicas"].int),
            .int(obj["status", "readyReplicas"].int), TableFormat.age(obj, now: now), names, images,
            .string(TableFormat.labelSelector(obj["spec", "selector"])),
        ]
    }

    static let daemonSetColumns: [TableColumnDefinition] = [
        .name, .integer("Desired", TableDocs.dsDesiredNumberScheduled),
        .integer("Current", TableDocs.dsCurrentNumberScheduled), .integer("Ready", TableDocs.dsNumberReady),
        .integer("Up-to-date", TableDocs.dsUpdatedNumberScheduled),
        .integer("Available", TableDocs.dsNumberAvailable), .string("Node Selector", TableDocs.podNodeSelector),
        .age, .containers, .images, .string("Selector", TableDocs.dsSpecSelector, priority: 1),
    ]

    @Sendable static func daemonSetCells(_ obj: PrintedObject, now: Date) -> [JSONValue] {
        let status = obj["status"]
        let podSpec = obj["spec", "template", "spec"]
        let (names, images) = TableFormat.containers(podSpec)
        return [
            name(obj), .int(status["desiredNumberScheduled"].int), .int(status["currentNumberScheduled"].int),
            .int(status["numberReady"].int), .int(status["updatedNumberScheduled"].int),
            .int(status["numberAvailable"].int), .string(TableFormat.labels(podSpec["nodeSelector"].stringMap)),
            TableFormat.age(obj, now: now), names, images,
            .string(TableFormat.labelSelector(obj["spec", "selector"])),
        ]
    }

    static let statefulSetColumns: [TableColumnDefinition] = [
        .name, .string("Ready", "Number of the pod with ready state"), .age, .containers, .images,
    ]

    @Sendable static func statefulSetCells(_ obj: PrintedObject, now: Date) -> [JSONValue] {
        let (names, images) = TableFormat.containers(obj["spec", "template", "spec"])
        let desired = obj["spec", "replicas"].intOrNil ?? 1
        return [
            name(obj), .string("\(obj["status", "readyReplicas"].int)/\(desired)"), TableFormat.age(obj, now: now),
            names, images,
        ]
    }

    static let controllerRevisionColumns: [TableColumnDefinition] = [
        .name, .string("Controller", "Controller of the object"),
        .string("Revision", TableDocs.controllerRevisionRevision), .age,
    ]

    /// `printControllerRevision`: CONTROLLER is `kind.group/name` (lower-case
    /// kind and group) of the controlling owner, `<none>` without one.
    @Sendable static func controllerRevisionCells(_ obj: PrintedObject, now: Date) -> [JSONValue] {
        var controller = "<none>"
        let owners = obj["metadata", "ownerReferences"].array
        if let ref = owners.first(where: { $0["controller"].bool }) {
            let apiVersion = ref["apiVersion"].string
            let group = apiVersion.contains("/") ? String(apiVersion.prefix { $0 != "/" }) : ""
            let kind = ref["kind"].string
            let groupKind = group.isEmpty ? kind : "\(kind).\(group)"
            controller = groupKind.isEmpty ? ref["name"].string : groupKind.lowercased() + "/" + ref["name"].string
        }
        return [name(obj), .string(controller), .int(obj["revision"].int), TableFormat.age(obj, now: now)]
    }
}
