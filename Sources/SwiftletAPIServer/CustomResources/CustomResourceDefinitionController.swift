import Foundation
import Logging
import SwiftletAPI
import SwiftletStorage

/// The API server's own controller of CustomResourceDefinitions (upstream's
/// naming, establishing and finalizing controllers in one): it decides which
/// names each CRD gets, writes the `NamesAccepted`, `Established` and
/// `Terminating` conditions, installs the served custom resources into the
/// server's surface, and on deletion removes every custom object before the
/// CRD goes.
///
/// Every pass reads all CRDs from storage and derives the whole state from
/// them, so passes are idempotent: the CRD handlers run one before they
/// answer (a new resource is served at once), and a watch on the CRD prefix
/// runs one for changes other API servers of the same store make.
actor CustomResourceDefinitionController {
    static let cleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io"
    static var prefix: String { StorageKeys.prefix(crdResource, namespace: "") }
    static let crdResource = BuiltinResources.table.lookup(
        group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions")!

    private let logger = Logger(label: "swiftlet.crd")
    /// Set while some CRD waits for its objects to go: passes repeat.
    private var cleanupPending = false

    /// One pass over every CRD. Returns after the surface reflects them.
    func sync(_ api: APIService) async {
        do {
            try await pass(api)
        } catch {
            logger.warning("CRD pass failed", metadata: ["error": "\(error)"])
        }
    }

    /// Watches CRDs until the server shuts down; passes also repeat every
    /// second while a deleted CRD waits for its objects.
    func run(_ api: APIService) async {
        while !Task.isCancelled {
            do {
                let revision = try await api.storage.currentRevision()
                await sync(api)
                let stream = try await api.storage.watch(prefix: Self.prefix, after: revision)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await _ in stream { await self.sync(api) }
                    }
                    group.addTask {
                        while !Task.isCancelled {
                            try await Task.sleep(for: .seconds(1))
                            if await self.cleanupPending { await self.sync(api) }
                        }
                    }
                    try await group.next()
                    group.cancelAll()
                }
            } catch is CancellationError {
                return
            } catch {
                logger.info("CRD watch restarts", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    private func pass(_ api: APIService) async throws {
        let listed = try await api.storage.list(ListRequest(prefix: Self.prefix))
        var crds: [(JSONValue, KeyValue)] = []
        for kv in listed.items { crds.append((try ObjectCodec.decode(kv), kv)) }
        // Names once accepted stay with their definition; then older
        // definitions come first when a newer one asks for the same names.
        func rank(_ crd: JSONValue) -> (Int, String, String) {
            let accepted = !(crd[path: ["status", "acceptedNames", "plural"]]?.stringValue ?? "").isEmpty
            return (accepted ? 0 : 1, crd.meta("creationTimestamp")?.stringValue ?? "", crd.name)
        }
        crds.sort { rank($0.0) < rank($1.0) }
        var taken: [String: Set<String>] = [:]  // group -> "plural:x", "kind:X", ...
        var served: [ServedCustomResource] = []
        var pending = false
        for (crd, kv) in crds {
            let info = CustomResourceDefinitionInfo(crd)
            let requested = info.names
            let previous = crd[path: ["status", "acceptedNames"]].map { CustomResourceDefinitionInfo.Names($0) }
            let conflict = Self.conflict(requested, in: taken[info.group, default: []])
            var accepted: CustomResourceDefinitionInfo.Names? = conflict == nil ? requested : nil
            if accepted == nil, let previous, !previous.plural.isEmpty,
                Self.conflict(previous, in: taken[info.group, default: []]) == nil
            {
                accepted = previous
            }
            if let accepted { taken[info.group, default: []].formUnion(Self.claims(accepted)) }

            let terminating = crd.deletionTimestamp != nil
            var status = crd["status"]?.objectValue ?? JSONObject()
            var conditions = status["conditions"]?.arrayValue ?? []
            if let conflict {
                Self.setCondition(
                    &conditions, type: "NamesAccepted", status: "False", reason: conflict.reason,
                    message: conflict.message)
            } else {
                Self.setCondition(
                    &conditions, type: "NamesAccepted", status: "True", reason: "NoConflicts",
                    message: "no conflicts found")
            }
            if accepted != nil {
                Self.setCondition(
                    &conditions, type: "Established", status: "True", reason: "InitialNamesAccepted",
                    message: "the initial names have been accepted")
            } else {
                Self.setCondition(
                    &conditions, type: "Established", status: "False", reason: "NotAccepted",
                    message: "not all names are accepted")
            }
            var remaining = 0
            if terminating, let names = accepted, crd.finalizers.contains(Self.cleanupFinalizer) {
                remaining = try await deleteObjects(of: info, names: names, api: api)
                if remaining > 0 {
                    Self.setCondition(
                        &conditions, type: "Terminating", status: "True", reason: "InstanceDeletionInProgress",
                        message: "CustomResource deletion is in progress")
                    pending = true
                }
            }
            status["conditions"] = .array(conditions)
            if let accepted {
                status["acceptedNames"] = accepted.json
            } else if status["acceptedNames"] == nil {
                status["acceptedNames"] = ["plural": "", "kind": ""]
            }
            var stored = (status["storedVersions"]?.arrayValue ?? []).compactMap(\.stringValue)
            if let storage = info.storageVersion, !stored.contains(storage) { stored.append(storage) }
            status["storedVersions"] = .array(stored.map { .string($0) })

            var updated = crd
            updated.setField("status", .object(status))
            if terminating, remaining == 0, accepted == nil || crd.finalizers.contains(Self.cleanupFinalizer) {
                let finalizers = crd.finalizers.filter { $0 != Self.cleanupFinalizer }
                updated.setMeta("finalizers", finalizers.isEmpty ? nil : .array(finalizers.map { .string($0) }))
            }
            try await write(updated, old: crd, kv: kv, api: api)
            if let accepted, !(terminating && remaining == 0) {
                for resource in info.resources(accepted: accepted) {
                    guard let version = info.version(resource.version) else { continue }
                    served.append(
                        ServedCustomResource(
                            definition: info, version: version, resource: resource, terminating: terminating))
                }
            }
        }
        cleanupPending = pending
        api.install(APISurface(customResources: served))
    }

    /// Stores the CRD's new status (and finalizers); a CRD whose last
    /// finalizer went while it was being deleted is removed. A lost race is
    /// left to the pass the winning write starts.
    private func write(_ updated: JSONValue, old: JSONValue, kv: KeyValue, api: APIService) async throws {
        var a = updated
        a.setMeta("resourceVersion", nil)
        var b = old
        b.setMeta("resourceVersion", nil)
        if a == b { return }
        do {
            if updated.deletionTimestamp != nil, updated.finalizers.isEmpty {
                _ = try await api.storage.delete(kv.key, expected: kv.modRevision)
            } else {
                _ = try await api.storage.update(kv.key, value: ObjectCodec.encode(updated), expected: kv.modRevision)
            }
        } catch StorageError.conflict, StorageError.keyNotFound {
            return
        }
    }

    /// Deletes every object of the definition as a client's delete would
    /// (their own finalizers are honoured); returns how many remain.
    private func deleteObjects(
        of info: CustomResourceDefinitionInfo, names: CustomResourceDefinitionInfo.Names, api: APIService
    ) async throws -> Int {
        guard let storage = info.storageVersion,
            let resource = info.resources(accepted: names).first(where: { $0.version == storage })
                ?? info.resources(accepted: names).first
        else { return 0 }
        let prefix = StorageKeys.prefix(resource, namespace: "")
        let listed = try await api.storage.list(ListRequest(prefix: prefix))
        let handler = ResourceHandler(api: api)
        var remaining = 0
        for kv in listed.items {
            let object = try ObjectCodec.decode(kv)
            if object.deletionTimestamp != nil {
                remaining += 1
                continue
            }
            let namespacePath = resource.namespaced ? "/namespaces/\(object.namespace)" : ""
            let path = "/apis/\(resource.group)/\(resource.version)\(namespacePath)/\(resource.plural)/\(object.name)"
            guard let requestInfo = RequestInfo(method: "DELETE", path: path, isWatchQuery: false) else { continue }
            let request = ResourceRequest(
                info: requestInfo, resource: resource, query: [:], headers: [:], body: [],
                user: UserInfo(name: "system:apiserver", groups: ["system:masters"]), custom: nil)
            do {
                let options = try DeleteOptions(request)
                if case .pending = try await handler.delete(object, revision: kv.modRevision, options: options, request)
                {
                    remaining += 1
                }
            } catch let error as APIError where error.code == 404 || error.code == 409 {
                remaining += 1
            }
        }
        return remaining
    }

    // MARK: Names

    struct Conflict {
        var reason: String
        var message: String
    }

    static func claims(_ names: CustomResourceDefinitionInfo.Names) -> Set<String> {
        var claims: Set<String> = [
            "resource:" + names.plural, "resource:" + names.singular, "kind:" + names.kind, "kind:" + names.listKind,
        ]
        for short in names.shortNames { claims.insert("resource:" + short) }
        return claims
    }

    /// Upstream's naming checks, in its order: plural, singular, short
    /// names, kind, list kind.
    static func conflict(_ names: CustomResourceDefinitionInfo.Names, in taken: Set<String>) -> Conflict? {
        if taken.contains("resource:" + names.plural) {
            return Conflict(reason: "PluralConflict", message: "\"\(names.plural)\" is already in use")
        }
        if taken.contains("resource:" + names.singular) {
            return Conflict(reason: "SingularConflict", message: "\"\(names.singular)\" is already in use")
        }
        for short in names.shortNames where taken.contains("resource:" + short) {
            return Conflict(reason: "ShortNamesConflict", message: "\"\(short)\" is already in use")
        }
        if taken.contains("kind:" + names.kind) {
            return Conflict(reason: "KindConflict", message: "\"\(names.kind)\" is already in use")
        }
        if taken.contains("kind:" + names.listKind) {
            return Conflict(reason: "ListKindConflict", message: "\"\(names.listKind)\" is already in use")
        }
        return nil
    }

    /// Sets a condition, keeping its transition time when its status stays.
    static func setCondition(
        _ conditions: inout [JSONValue], type: String, status: String, reason: String, message: String
    ) {
        let now = JSONValue.string(Timestamp.rfc3339(Date()))
        if let i = conditions.firstIndex(where: { $0["type"]?.stringValue == type }) {
            let old = conditions[i]
            if old["status"]?.stringValue == status, old["reason"]?.stringValue == reason,
                old["message"]?.stringValue == message
            {
                return
            }
            let transition = old["status"]?.stringValue == status ? (old["lastTransitionTime"] ?? now) : now
            conditions[i] = [
                "type": .string(type), "status": .string(status), "lastTransitionTime": transition,
                "reason": .string(reason), "message": .string(message),
            ]
        } else {
            conditions.append([
                "type": .string(type), "status": .string(status), "lastTransitionTime": now,
                "reason": .string(reason), "message": .string(message),
            ])
        }
    }
}
