import SwiftletAPI

/// The `scale` subresource: an autoscaling/v1 Scale view of a workload's
/// replica count.
enum ScaleSubresource {
    /// The Scale of the object a request addresses: through the CRD's scale
    /// paths for a custom resource, `spec.replicas`/`status.replicas` otherwise.
    static func scale(of object: JSONValue, _ request: ResourceRequest) throws -> JSONValue {
        if let custom = request.custom {
            guard let scale = custom.scale(of: object) else { throw APIError.pathNotFound() }
            return scale
        }
        return try scale(of: object, resource: request.resource)
    }

    /// Writes the replica count a client put in a Scale into the object.
    static func setReplicas(from scale: JSONValue, in object: inout JSONValue, _ request: ResourceRequest)
        throws(APIError)
    {
        let replicas = try replicas(from: scale)
        if let custom = request.custom {
            custom.setReplicas(replicas, in: &object)
        } else {
            object[path: ["spec", "replicas"]] = .int(replicas)
        }
    }

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
