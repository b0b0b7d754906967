import Foundation

/// Upstream v1.32 defaults of the remaining core/v1 kinds.
enum CoreDefaults {
    static func secret(_ object: inout JSONValue) {
        object.applyDefaultString("type", "Opaque")
        mergeStringData(&object)
    }

    /// Upstream folds `stringData` into `data` (base64) when it converts a
    /// Secret for storage, `stringData` winning, and never stores it.
    static func mergeStringData(_ object: inout JSONValue) {
        guard let stringData = object["stringData"]?.objectValue else {
            if object["stringData"] != nil { object["stringData"] = nil }
            return
        }
        var data = object["data"]?.objectValue ?? JSONObject()
        for (key, value) in stringData {
            data[key] = .string(Data((value.stringValue ?? "").utf8).base64EncodedString())
        }
        object["data"] = .object(data)
        object["stringData"] = nil
    }

    /// Every named namespace carries a `kubernetes.io/metadata.name` label.
    static func namespace(_ object: inout JSONValue) {
        if let name = object["metadata"]?["name"]?.stringValue, !name.isEmpty {
            object.editMember("metadata") { meta in
                meta.editMember("labels", create: true) { $0["kubernetes.io/metadata.name"] = .string(name) }
            }
        }
        object.editMember("status", create: true) { $0.applyDefaultString("phase", "Active") }
    }

    static func persistentVolume(_ object: inout JSONValue) {
        object.editMember("status", create: true) { $0.applyDefaultString("phase", "Pending") }
        object.editMember("spec", create: true) { spec in
            spec.applyDefaultString("persistentVolumeReclaimPolicy", "Retain")
            spec.applyDefault("volumeMode", "Filesystem")
            spec.editMember("hostPath") { $0.applyDefault("type", "") }
        }
    }

    static func endpoints(_ object: inout JSONValue) {
        object.editEachMember("subsets") { subset in
            subset.editEachMember("ports") { $0.applyDefaultString("protocol", "TCP") }
        }
    }
}
