import SwiftletAPI
import SwiftletClient

/// Every object of every resource, cached by informers and indexed by its
/// uid and by the uids of its owners: the graph the garbage collector walks.
/// Resources registered later (custom ones) only need an informer added.
struct OwnerGraph: Sendable {
    struct Node: Sendable {
        let resource: ResourceInfo
        let object: JSONValue

        var uid: String { object[path: ["metadata", "uid"]]?.stringValue ?? "" }
        var name: String { object[path: ["metadata", "name"]]?.stringValue ?? "" }
        var namespace: String { object[path: ["metadata", "namespace"]]?.stringValue ?? "" }
        var finalizers: [String] {
            object[path: ["metadata", "finalizers"]]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        var isBeingDeleted: Bool { object[path: ["metadata", "deletionTimestamp"]] != nil }
        var ownerReferences: [JSONValue] { object[path: ["metadata", "ownerReferences"]]?.arrayValue ?? [] }
        var ownerUIDs: [String] { ownerReferences.compactMap { $0["uid"]?.stringValue } }
    }

    static let uidIndex = "uid"
    static let ownerIndex = "owner-uid"

    let informers: [(ResourceInfo, Informer<JSONValue>)]

    static func indexers() -> [String: ObjectStore<JSONValue>.IndexFunction] {
        [
            uidIndex: { [$0[path: ["metadata", "uid"]]?.stringValue ?? ""] },
            ownerIndex: { object in
                (object[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []).compactMap { $0["uid"]?.stringValue }
            },
        ]
    }

    func object(uid: String) -> Node? {
        for (resource, informer) in informers {
            if let object = informer.store.byIndex(Self.uidIndex, uid).first {
                return Node(resource: resource, object: object)
            }
        }
        return nil
    }

    func dependents(of uid: String) -> [Node] {
        informers.flatMap { resource, informer in
            informer.store.byIndex(Self.ownerIndex, uid).map { Node(resource: resource, object: $0) }
        }
    }
}
