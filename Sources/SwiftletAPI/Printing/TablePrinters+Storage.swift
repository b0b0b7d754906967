import Foundation

/// Printers of `storage.k8s.io`. CSIStorageCapacity is served by the
/// generic convertor upstream, so it has none here either.
extension TablePrinters {
    static let storagePrinters: [(String, Printer)] = [
        ("StorageClass", Printer(columns: storageClassColumns, cells: storageClassCells)),
        ("VolumeAttachment", Printer(columns: volumeAttachmentColumns, cells: volumeAttachmentCells)),
        (
            "CSINode",
            Printer(
                columns: [
                    .name,
                    .integer("Drivers", "Drivers indicates the number of CSI drivers registered on the node"), .age,
                ]
            ) { obj, now in [name(obj), .int(Int64(obj["spec", "drivers"].count)), TableFormat.age(obj, now: now)] }
        ),
        ("CSIDriver", Printer(columns: csiDriverColumns, cells: csiDriverCells)),
    ]

    static let storageClassColumns: [TableColumnDefinition] = [
        .name, .string("Provisioner", TableDocs.storageClassProvisioner),
        .string("ReclaimPolicy", TableDocs.storageClassReclaimPolicy),
        .string("VolumeBindingMode", TableDocs.storageClassVolumeBindingMode),
        .string("AllowVolumeExpansion", TableDocs.storageClassAllowVolumeExpansion), .age,
    ]

    /// NAME gains ` (default)` for the default class; policies read their
    /// defaults (Delete, Immediate) when unset.
    @Sendable static func storageClassCells(_ obj: PrintedObject, now: Date) -> [JSONValue] {
        let annotations = obj["metadata", "annotations"].stringMap
        var displayName = obj["metadata", "name"].string
        if annotations["storageclass.kubernetes.io/is-default-class"] == "true"
            || annotations["storageclass.beta.kubernetes.io/is-default-class"] == "true"
        {
            displayName += " (default)"
        }
        return [
            .string(displayName), .string(obj["provisioner"].string),
            .string(obj["reclaimPolicy"].stringValueOr("Delete")),
            .string(obj["volumeBindingMode"].stringValueOr("Immediate")), .bool(obj["allowVolumeExpansion"].bool),
            TableFormat.age(obj, now: now),
        ]
    }

    static let volumeAttachmentColumns: [TableColumnDefinition] = [
        .name,
        TableColumnDefinition(
            name: "Attacher", type: "string", format: "name", description: TableDocs.volumeAttachmentAttacher),
        .string("PV", TableDocs.volumeAttachmentPV), .string("Node", TableDocs.volumeAttachmentNodeName),
        .boolean("Attached", TableDocs.volumeAttachmentAttached), .age,
    ]

    @Sendable static func volumeAttachmentCells(_ obj: PrintedObject, now: Date) -> [JSONValue] {
        let spec = obj["spec"]
        return [
            name(obj), .string(spec["attacher"].string), .string(spec["source", "persistentVolumeName"].string),
            .string(spec["nodeName"].string), .bool(obj["status", "attached"].bool), TableFormat.age(obj, now: now),
        ]
    }

    static let csiDriverColumns: [TableColumnDefinition] = [
        .name, .boolean("AttachRequired", TableDocs.csiDriverAttachRequired),
        .boolean("PodInfoOnMount", TableDocs.csiDriverPodInfoOnMount),
        .boolean("StorageCapacity", TableDocs.csiDriverStorageCapacity),
        .string("TokenRequests", TableDocs.csiDriverTokenRequests),
        .boolean("RequiresRepublish", TableDocs.csiDriverRequiresRepublish),
        .string("Modes", TableDocs.csiDriverModes), .age,
    ]

    @Sendable static func csiDriverCells(_ obj: PrintedObject, now: Date) -> [JSONValue] {
        let spec = obj["spec"]
        let modes = spec["volumeLifecycleModes"].array.map(\.string).joined(separator: ",")
        let tokenRequests =
            spec["tokenRequests"].exists
            ? spec["tokenRequests"].array.map { $0["audience"].string }.joined(separator: ",") : "<unset>"
        return [
            name(obj), .bool(spec["attachRequired"].boolOrNil ?? true), .bool(spec["podInfoOnMount"].bool),
            .bool(spec["storageCapacity"].bool), .string(tokenRequests), .bool(spec["requiresRepublish"].bool),
            .string(modes.isEmpty ? "<none>" : modes), TableFormat.age(obj, now: now),
        ]
    }
}
