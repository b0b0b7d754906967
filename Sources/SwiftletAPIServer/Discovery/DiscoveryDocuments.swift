import Crypto
import Foundation
import SwiftletAPI

/// The discovery documents, built once from the resource table: legacy
/// (/api, /apis, /api/v1, /apis/G/V) and aggregated (apidiscovery.k8s.io/v2).
struct DiscoveryDocuments: Sendable {
    let apiGroupList: JSONValue
    let resourceLists: [GroupVersion: JSONValue]
    let aggregatedCore: JSONObject
    let aggregatedGroups: JSONObject

    init(resources: ResourceTable) {
        var lists: [GroupVersion: JSONValue] = [:]
        for gv in resources.groupVersions {
            lists[gv] = Self.resourceList(gv, resources.resources(in: gv))
        }
        resourceLists = lists
        apiGroupList = [
            "kind": "APIGroupList", "apiVersion": "v1",
            "groups": .array(resources.groups.filter { !$0.name.isEmpty }.map(Self.apiGroup)),
        ]
        aggregatedCore = Self.aggregatedList(resources, groups: resources.groups.filter { $0.name.isEmpty })
        aggregatedGroups = Self.aggregatedList(resources, groups: resources.groups.filter { !$0.name.isEmpty })
    }

    static func apiGroup(_ group: ResourceTable.Group) -> JSONValue {
        let versions: [JSONValue] = group.versions.map {
            ["groupVersion": .string("\(group.name)/\($0)"), "version": .string($0)]
        }
        return [
            "name": .string(group.name), "versions": .array(versions),
            "preferredVersion": [
                "groupVersion": .string("\(group.name)/\(group.preferredVersion)"),
                "version": .string(group.preferredVersion),
            ],
        ]
    }

    func apiVersions(serverAddress: String) -> JSONValue {
        [
            "kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(serverAddress)]],
        ]
    }

    /// upstream's storageVersionHash: a short digest of the stored GVK.
    static func storageVersionHash(_ r: ResourceInfo) -> String {
        let digest = SHA256.hash(data: Data("\(r.group)/\(r.version)/\(r.kind)".utf8))
        return Data(digest.prefix(8)).base64EncodedString()
    }

    static func resourceList(_ gv: GroupVersion, _ resources: [ResourceInfo]) -> JSONValue {
        var entries: [JSONValue] = []
        for r in resources {
            var o: JSONObject = [
                "name": .string(r.plural), "singularName": .string(r.singular), "namespaced": .bool(r.namespaced),
                "kind": .string(r.kind), "verbs": .array(r.verbs.map { .string($0) }),
            ]
            if !r.shortNames.isEmpty { o["shortNames"] = .array(r.shortNames.map { .string($0) }) }
            if !r.categories.isEmpty { o["categories"] = .array(r.categories.map { .string($0) }) }
            o["storageVersionHash"] = .string(storageVersionHash(r))
            entries.append(.object(o))
            for sub in r.subresources {
                var s: JSONObject = [
                    "name": .string("\(r.plural)/\(sub.name)"), "singularName": "", "namespaced": .bool(r.namespaced),
                ]
                if sub.group != r.group || sub.version != r.version {
                    s["group"] = .string(sub.group)
                    s["version"] = .string(sub.version)
                }
                s["kind"] = .string(sub.kind)
                s["verbs"] = .array(sub.verbs.map { .string($0) })
                entries.append(.object(s))
            }
        }
        return [
            "kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(gv.apiVersion),
            "resources": .array(entries),
        ]
    }

    static func aggregatedList(_ table: ResourceTable, groups: [ResourceTable.Group]) -> JSONObject {
        let items: [JSONValue] = groups.map { group in
            var meta: JSONObject = ["creationTimestamp": .null]
            if !group.name.isEmpty { meta = ["name": .string(group.name), "creationTimestamp": .null] }
            let versions: [JSONValue] = group.versions.map { version in
                let rs = table.resources(in: GroupVersion(group: group.name, version: version))
                return [
                    "version": .string(version), "resources": .array(rs.map(aggregatedResource)),
                    "freshness": "Current",
                ]
            }
            return ["metadata": .object(meta), "versions": .array(versions)]
        }
        return ["kind": "APIGroupDiscoveryList", "metadata": .object(JSONObject()), "items": .array(items)]
    }

    static func aggregatedResource(_ r: ResourceInfo) -> JSONValue {
        var o: JSONObject = [
            "resource": .string(r.plural),
            "responseKind": ["group": "", "version": "", "kind": .string(r.kind)],
            "scope": .string(r.namespaced ? "Namespaced" : "Cluster"),
            "singularResource": .string(r.singular),
            "verbs": .array(r.verbs.map { .string($0) }),
        ]
        if !r.shortNames.isEmpty { o["shortNames"] = .array(r.shortNames.map { .string($0) }) }
        if !r.categories.isEmpty { o["categories"] = .array(r.categories.map { .string($0) }) }
        if !r.subresources.isEmpty {
            o["subresources"] = .array(
                r.subresources.map { sub in
                    let same = sub.group == r.group && sub.version == r.version
                    return [
                        "subresource": .string(sub.name),
                        "responseKind": [
                            "group": .string(same ? "" : sub.group), "version": .string(same ? "" : sub.version),
                            "kind": .string(sub.kind),
                        ],
                        "verbs": .array(sub.verbs.map { .string($0) }),
                    ]
                })
        }
        return .object(o)
    }

    /// The aggregated document in the apiVersion the client asked for (v2, or v2beta1 for older kubectl).
    func aggregated(core: Bool, version: String) -> JSONValue {
        var doc = core ? aggregatedCore : aggregatedGroups
        doc["apiVersion"] = .string("apidiscovery.k8s.io/\(version)")
        // Keep upstream's key order: kind, apiVersion, metadata, items.
        return .object(
            JSONObject([
                (key: "kind", value: doc["kind"]!), (key: "apiVersion", value: doc["apiVersion"]!),
                (key: "metadata", value: doc["metadata"]!), (key: "items", value: doc["items"]!),
            ]))
    }
}
