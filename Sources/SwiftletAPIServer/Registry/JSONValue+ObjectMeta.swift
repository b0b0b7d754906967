import SwiftletAPI

/// Reading and writing the metadata fields the server manages.
extension JSONValue {
    var metadata: JSONObject { self["metadata"]?.objectValue ?? JSONObject() }

    func meta(_ field: String) -> JSONValue? { metadata[field] }

    var name: String { meta("name")?.stringValue ?? "" }
    var namespace: String { meta("namespace")?.stringValue ?? "" }
    var uid: String { meta("uid")?.stringValue ?? "" }
    var resourceVersion: String { meta("resourceVersion")?.stringValue ?? "" }
    var generateName: String { meta("generateName")?.stringValue ?? "" }
    var finalizers: [String] { meta("finalizers")?.arrayValue?.compactMap(\.stringValue) ?? [] }
    var deletionTimestamp: String? { meta("deletionTimestamp")?.stringValue }

    var labels: [String: String] {
        var out: [String: String] = [:]
        for (k, v) in meta("labels")?.objectValue ?? JSONObject() {
            if let s = v.stringValue { out[k] = s }
        }
        return out
    }

    /// Sets one metadata field (nil removes it), creating metadata if needed.
    mutating func setMeta(_ field: String, _ value: JSONValue?) {
        guard case .object(var root) = self else { return }
        var meta = root["metadata"]?.objectValue ?? JSONObject()
        meta[field] = value
        root["metadata"] = .object(meta)
        self = .object(root)
    }

    /// Sets a top-level field, keeping key order.
    mutating func setField(_ field: String, _ value: JSONValue?) {
        guard case .object(var root) = self else { return }
        root[field] = value
        self = .object(root)
    }
}
