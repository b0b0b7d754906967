import Foundation
import SwiftletAPI

/// The metadata the server owns: set on create, carried over on update, so
/// clients cannot forge or drop it.
enum ObjectLifecycle {
    /// Resources whose objects count spec changes in metadata.generation.
    static func tracksGeneration(_ resource: ResourceInfo) -> Bool {
        if isCustom(resource) { return true }
        switch (resource.group, resource.plural) {
        case ("apps", "controllerrevisions"): return false
        case ("apps", _), ("batch", _): return true
        case ("", "replicationcontrollers"), ("policy", "poddisruptionbudgets"),
            ("autoscaling", "horizontalpodautoscalers"), ("networking.k8s.io", "networkpolicies"),
            ("networking.k8s.io", "ingresses"), ("networking.k8s.io", "ingressclasses"):
            return true
        default: return false
        }
    }

    static func prepareForCreate(_ object: inout JSONValue, resource: ResourceInfo, now: Date) {
        object.setMeta("uid", .string(UUID().uuidString.lowercased()))
        object.setMeta("creationTimestamp", .string(Timestamp.rfc3339(now)))
        object.setMeta("resourceVersion", nil)
        object.setMeta("deletionTimestamp", nil)
        object.setMeta("deletionGracePeriodSeconds", nil)
        object.setMeta("selfLink", nil)
        if tracksGeneration(resource) {
            object.setMeta("generation", 1)
        } else {
            object.setMeta("generation", nil)
        }
        // Status is the system's to write: it starts empty (pods start Pending).
        if resource.subresource("status") != nil {
            switch (resource.group, resource.plural) {
            case ("", "pods"):
                object.setField("status", ["phase": "Pending", "qosClass": .string(qosClass(of: object))])
            case ("", "namespaces"):
                object.setField("status", ["phase": "Active"])
            case ("", "nodes"):
                // A node agent registers its node with capacity and
                // conditions in one create, as upstream allows.
                break
            case _ where isCustom(resource):
                // A custom object's status is written only through /status.
                object.setField("status", nil)
            default:
                object.setField(
                    "status",
                    .object(
                        ProtobufCatalog.builtin.zeroStatus(
                            apiVersion: resource.groupVersion.apiVersion, kind: resource.kind)))
            }
        }
    }

    /// Carries the server-owned fields of `old` into `new` for an update of
    /// the main resource (status preserved) or of the status subresource
    /// (everything but status preserved).
    static func prepareForUpdate(_ new: inout JSONValue, old: JSONValue, resource: ResourceInfo, subresource: String) {
        if subresource == "status" {
            var merged = old
            merged.setField("status", new["status"])
            merged.setMeta("resourceVersion", new.meta("resourceVersion"))
            new = merged
            return
        }
        for field in ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"] {
            new.setMeta(field, old.meta(field))
        }
        new.setMeta("selfLink", nil)
        if resource.subresource("status") != nil {
            new.setField("status", old["status"])
        }
        if tracksGeneration(resource), specChanged(old: old, new: new) {
            let generation = old.meta("generation")?.intValue ?? 0
            new.setMeta("generation", .int(generation + 1))
        }
    }

    /// Custom resources are the ones the built-in table does not know.
    static func isCustom(_ resource: ResourceInfo) -> Bool {
        BuiltinResources.table.lookup(resource.gvr) == nil
    }

    /// Everything but metadata and status counts as spec.
    static func specChanged(old: JSONValue, new: JSONValue) -> Bool {
        func spec(_ v: JSONValue) -> JSONObject {
            var o = v.objectValue ?? JSONObject()
            for k in ["metadata", "status", "apiVersion", "kind"] { o[k] = nil }
            return o
        }
        return spec(old) != spec(new)
    }

    /// Upstream's QoS class: Guaranteed when every container's cpu and memory
    /// limits equal its requests, BestEffort when nothing is set.
    static func qosClass(of pod: JSONValue) -> String {
        let containers =
            (pod[path: ["spec", "containers"]]?.arrayValue ?? [])
            + (pod[path: ["spec", "initContainers"]]?.arrayValue ?? [])
        var anySet = false
        var guaranteed = true
        for c in containers {
            let requests = c[path: ["resources", "requests"]]?.objectValue ?? JSONObject()
            let limits = c[path: ["resources", "limits"]]?.objectValue ?? JSONObject()
            if !requests.isEmpty || !limits.isEmpty { anySet = true }
            for r in ["cpu", "memory"] {
                guard let limit = limits[r] else {
                    guaranteed = false
                    continue
                }
                if let request = requests[r], request != limit { guaranteed = false }
            }
        }
        if !anySet { return "BestEffort" }
        return guaranteed ? "Guaranteed" : "Burstable"
    }

    private static let nameAlphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    /// generateName plus five random characters, as upstream.
    static func generatedName(prefix: String) -> String {
        let base = prefix.count > 58 ? String(prefix.prefix(58)) : prefix
        return base + String((0..<5).map { _ in nameAlphabet.randomElement()! })
    }
}
