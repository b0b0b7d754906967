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
        listMetadata: JSONObject
    ) -> JSONValue {
        let now = Date()
        let columns = TablePrinters.columns(group: resource.group, kind: resource.kind)
        let rows: [JSONValue] = objects.map { object in
            var row: JSONObject = [
                "cells": .array(
                    TablePrinters.cells(group: resource.group, kind: resource.kind, object: object, now: now))
            ]
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
