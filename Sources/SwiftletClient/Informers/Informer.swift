import Foundation
import Logging
import SwiftletAPI
import Synchronization

/// Keeps a local cache of one resource in step with the server: list, then
/// watch from the list's resourceVersion; resume after server-side timeouts
/// from the last version seen (bookmarks included); re-list after `410 Gone`
/// and tell handlers what changed meanwhile; re-deliver everything every
/// `resyncPeriod` so level-triggered consumers converge.
public final class Informer<Object: Sendable>: Sendable {
    public let resource: ResourceInfo
    public let store: ObjectStore<Object>
    let source: DynamicResource
    let options: ListOptions
    let decode: @Sendable (JSONValue) throws -> Object
    let resourceVersionOf: @Sendable (Object) -> String
    let resyncPeriod: Duration?
    let logger: Logger

    private struct State {
        var handlers: [EventHandler<Object>] = []
        var synced = false
        var syncWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    /// Serialises deliveries from the watch loop and the resync loop.
    private let delivery = Mutex(())

    public init(
        client: KubernetesClient, resource: ResourceInfo, namespace: String? = nil,
        options: ListOptions = ListOptions(),
        resyncPeriod: Duration? = nil, indexers: [String: ObjectStore<Object>.IndexFunction] = [:],
        decode: @escaping @Sendable (JSONValue) throws -> Object,
        key: @escaping @Sendable (Object) -> String, resourceVersion: @escaping @Sendable (Object) -> String
    ) {
        self.resource = resource
        self.source = client.resource(resource, namespace: namespace)
        self.options = options
        self.decode = decode
        self.resourceVersionOf = resourceVersion
        self.resyncPeriod = resyncPeriod
        self.store = ObjectStore(key: key, indexers: indexers)
        self.logger = client.logger
    }

    public var hasSynced: Bool { state.withLock { $0.synced } }

    /// Returns once the first list has filled the store.
    public func waitForSync() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.synced { return true }
                s.syncWaiters.append(c)
                return false
            }
            if now { c.resume() }
        }
    }

    /// Adds a consumer; if the cache is already filled it first sees every
    /// cached object as an add, as with upstream's shared informers.
    public func addHandler(_ handler: EventHandler<Object>) {
        delivery.withLock { _ in
            let synced = state.withLock { s -> Bool in
                s.handlers.append(handler)
                return s.synced
            }
            if synced { for object in store.list() { handler.onAdd(object) } }
        }
    }

    private func deliver(_ body: (EventHandler<Object>) -> Void) {
        let handlers = state.withLock { $0.handlers }
        for h in handlers { body(h) }
    }

    /// Runs until the task is cancelled.
    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.reflect() }
            if let period = resyncPeriod {
                group.addTask {
                    while true {
                        try await Task.sleep(for: period)
                        self.resync()
                    }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    private func resync() {
        delivery.withLock { _ in
            for object in store.list() { deliver { $0.onUpdate(object, object) } }
        }
    }

    /// List and watch forever (the reflector).
    private func reflect() async throws {
        var resourceVersion: String? = nil
        var backoff: Duration = .milliseconds(200)
        while !Task.isCancelled {
            do {
                if resourceVersion == nil {
                    resourceVersion = try await relist()
                    backoff = .milliseconds(200)
                }
                var watchOptions = options
                watchOptions.resourceVersion = resourceVersion
                watchOptions.allowWatchBookmarks = true
                // Upstream spreads watch lifetimes over 5 to 10 minutes.
                watchOptions.timeoutSeconds = Int.random(in: 300...600)
                for try await event in source.watch(watchOptions) {
                    try apply(event)
                    if !event.resourceVersion.isEmpty { resourceVersion = event.resourceVersion }
                }
                backoff = .milliseconds(200)
            } catch let error as KubernetesError where error.isGone {
                logger.debug("\(resource.plural): resourceVersion \(resourceVersion ?? "") expired, re-listing")
                resourceVersion = nil
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                logger.debug("\(resource.plural): watch failed (\(error)), retrying in \(backoff)")
                try await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(30))
            }
        }
    }

    /// Lists everything and reconciles the store with it: new objects are
    /// adds, changed ones updates, vanished ones deletes.
    private func relist() async throws -> String {
        var listOptions = options
        listOptions.resourceVersion = nil
        let (items, resourceVersion) = try await source.list(listOptions)
        let objects = try items.map(decode)
        delivery.withLock { _ in
            var seen = Set<String>()
            for object in objects {
                let key = store.key(of: object)
                seen.insert(key)
                if let old = store.upsert(object) {
                    if resourceVersionOf(old) != resourceVersionOf(object) { deliver { $0.onUpdate(old, object) } }
                } else {
                    deliver { $0.onAdd(object) }
                }
            }
            for key in store.keys where !seen.contains(key) {
                if let old = store.remove(key: key) { deliver { $0.onDelete(old) } }
            }
        }
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.synced = true
            defer { s.syncWaiters = [] }
            return s.syncWaiters
        }
        for w in waiters { w.resume() }
        return resourceVersion
    }

    private func apply(_ event: RawWatchEvent) throws {
        switch event.type {
        case .bookmark, .error:
            return
        case .added, .modified:
            let object = try decode(event.object)
            delivery.withLock { _ in
                if let old = store.upsert(object) {
                    deliver { $0.onUpdate(old, object) }
                } else {
                    deliver { $0.onAdd(object) }
                }
            }
        case .deleted:
            let object = try decode(event.object)
            delivery.withLock { _ in
                let last = store.remove(key: store.key(of: object)) ?? object
                deliver { $0.onDelete(last) }
            }
        }
    }
}

extension Informer where Object == JSONValue {
    /// An informer of plain JSON objects (any resource, custom ones included).
    public convenience init(
        client: KubernetesClient, resource: ResourceInfo, namespace: String? = nil,
        options: ListOptions = ListOptions(),
        resyncPeriod: Duration? = nil, indexers: [String: ObjectStore<JSONValue>.IndexFunction] = [:]
    ) {
        self.init(
            client: client, resource: resource, namespace: namespace, options: options, resyncPeriod: resyncPeriod,
            indexers: indexers, decode: { $0 }, key: ObjectKeys.key(of:),
            resourceVersion: { $0[path: ["metadata", "resourceVersion"]]?.stringValue ?? "" })
    }
}

/// Cache keys as upstream builds them: `namespace/name`, or `name` when cluster-scoped.
public enum ObjectKeys {
    public static func key(of object: JSONValue) -> String {
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        let namespace = object[path: ["metadata", "namespace"]]?.stringValue ?? ""
        return namespace.isEmpty ? name : "\(namespace)/\(name)"
    }
}
