import Foundation
import SwiftletAPI
import SwiftletClient
import SwiftletControllerKit
import SwiftletModels

/// The template history DaemonSets and StatefulSets keep as
/// ControllerRevisions (`NAME-HASH`, data the template as a replacing
/// patch, a revision number), so `kubectl rollout history|undo` works.
struct ControllerRevisions {
    let client: KubernetesClient
    let revisions: ObjectStore<AppsV1.ControllerRevision>

    static let hashLabel = "controller-revision-hash"

    /// The owner's revisions, oldest first.
    func owned<Owner: KubernetesResource>(by owner: Owner) -> [AppsV1.ControllerRevision] {
        revisions.list(namespace: owner.namespace ?? "").filter { rev in
            rev.ownerReferences?.contains { $0.controller == true && $0.uid == owner.uid } ?? false
        }.sorted { ($0.json["revision"]?.intValue ?? 0) < ($1.json["revision"]?.intValue ?? 0) }
    }

    /// Makes `hash` the newest revision (creating it, or renumbering an
    /// older one after a rollback) and removes unused ones beyond `limit`.
    @discardableResult
    func ensure<Owner: KubernetesResource>(
        _ owner: Owner, template: JSONValue, hash: String, inUse: Set<String>, limit: Int
    ) async throws -> Int64 {
        let api = client.resource(AppsV1.ControllerRevision.self, namespace: owner.namespace)
        let mine = owned(by: owner)
        let name = "\(owner.name ?? "")-\(hash)"
        let top = mine.map { $0.json["revision"]?.intValue ?? 0 }.max() ?? 0
        var number = top + 1
        if let current = mine.first(where: { $0.name == name }) {
            number = current.json["revision"]?.intValue ?? 0
            if number < top {
                number = top + 1
                _ = try await api.patch(name, .merge(["revision": .int(number)]))
            }
        } else {
            var revision = AppsV1.ControllerRevision()
            revision.name = name
            var labels: [String: String] = [:]
            for (key, value) in template[path: ["metadata", "labels"]]?.objectValue ?? JSONObject() {
                labels[key] = value.stringValue
            }
            labels[Self.hashLabel] = hash
            revision.labels = labels
            var stored = template
            stored["$patch"] = "replace"
            revision.json["data"] = ["spec": ["template": stored]]
            revision.json["revision"] = .int(number)
            revision.setControllerReference(owner)
            do {
                _ = try await api.create(revision)
            } catch let error as KubernetesError where error.isAlreadyExists {}
        }
        let unused = mine.filter { !inUse.contains($0.labels?[Self.hashLabel] ?? "") && $0.name != name }
        for revision in unused.prefix(max(0, unused.count - limit)) {
            _ = try? await api.delete(revision.name ?? "")
        }
        return number
    }
}
