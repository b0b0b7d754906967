import SwiftletAPI

/// The `scale` subresource: an autoscaling/v1 Scale view of a workload's
/// replica count.
enum ScaleSubresource {
    static func scale(of object: JSONValue, resource: ResourceInfo) throws -> JSONValue {
        var meta = JSONObject()
        for field in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            if let v = object.meta(field) { meta[field] = v }
        }
        var status: JSONObject = ["replicas": .int(object[path: ["status", "replicas"]]?.intValue ?? 0)]
        if let selector = selectorString(object[path: ["spec", "selector"]], resource: resource), !selector.isEmpty {
            status["selector"] = .string(selector)
        }
        return [
            "kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": .object(meta),
            "spec": ["replicas": .int(object[path: ["spec", "replicas"]]?.intValue ?? 0)], "status": .object(status),
        ]
    }

    /// ReplicationControllers select with a plain map; the rest with a LabelSelector.
    private static func selectorString(_ selector: JSONValue?, resource: ResourceInfo) -> String? {
        guard let selector else { return nil }
        if resource.plural == "replicationcontrollers" {
            var labels: [String: String] = [:]
            for (k, v) in selector.objectValue ?? JSONObject() { labels[k] = v.stringValue ?? "" }
            return (try? LabelSelector(matchLabels: labels))?.description
        }
        return (try? LabelSelector(json: selector))?.description
    }

    /// Reads the replica count a client wrote into a Scale.
    static func replicas(from scale: JSONValue) throws(APIError) -> Int64 {
        guard let replicas = scale[path: ["spec", "replicas"]]?.intValue else {
            throw APIError.badRequest("Scale.spec.replicas is required")
        }
        return replicas
    }
}
