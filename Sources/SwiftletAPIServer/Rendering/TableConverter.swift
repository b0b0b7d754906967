import Foundation
import SwiftletAPI

/// Renders objects as meta.k8s.io Tables (what `kubectl get` prints) and as
/// PartialObjectMetadata.
enum TableConverter {
    static func partialObjectMetadata(_ object: JSONValue, version: String) -> JSONValue {
        [
            "kind": "PartialObjectMetadata", "apiVersion": .string("meta.k8s.io/\(version)"),
            "metadata": .object(object.metadata),
        ]
    }

    /// - Parameter includeObject: `None`, `Object`, or (default) `PartialObjectMetadata`.
    static func table(
        for objects: [JSONValue], resource: ResourceInfo, version: String, includeObject: String?,
        listMetadata: JSONObject, custom: ServedCustomResource? = nil
    ) -> JSONValue {
        let now = Date()
        let printerColumns = custom?.version.printerColumns ?? []
        let columns =
            custom != nil
            ? CustomResourceTable.columns(printerColumns)
            : TablePrinters.columns(group: resource.group, kind: resource.kind)
        let rows: [JSONValue] = objects.map { object in
            let cells =
                custom != nil
                ? CustomResourceTable.cells(
                    object, group: resource.group, kind: resource.kind, printerColumns: printerColumns, now: now)
                : TablePrinters.cells(group: resource.group, kind: resource.kind, object: object, now: now)
            var row: JSONObject = ["cells": .array(cells)]
            let conditions = TablePrinters.rowConditions(group: resource.group, kind: resource.kind, object: object)
            if !conditions.isEmpty { row["conditions"] = .array(conditions) }
            switch includeObject {
            case "None": break
            case "Object": row["object"] = object
            default: row["object"] = partialObjectMetadata(object, version: version)
            }
            return .object(row)
        }
        return [
            "kind": "Table", "apiVersion": .string("meta.k8s.io/\(version)"), "metadata": .object(listMetadata),
            "columnDefinitions": .array(columns.map(\.json)), "rows": .array(rows),
        ]
    }
}
