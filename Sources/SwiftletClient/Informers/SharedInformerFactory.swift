import SwiftletAPI
import Synchronization

/// One informer per resource (and namespace) per process, however many
/// consumers ask for it, so each type costs one list and one watch.
public final class SharedInformerFactory: Sendable {
    public let client: KubernetesClient
    public let defaultResync: Duration?
    private let informers = Mutex<[String: any SharedInformer]>([:])

    public init(client: KubernetesClient, defaultResync: Duration? = nil) {
        self.client = client
        self.defaultResync = defaultResync
    }

    /// The shared informer of `resource` (all namespaces when `namespace` is nil).
    public func informer<Object: Sendable>(
        for resource: ResourceInfo, namespace: String? = nil, as type: Object.Type,
        make: () -> Informer<Object>
    ) -> Informer<Object> {
        let key = "\(resource.group)/\(resource.version)/\(resource.plural)/\(namespace ?? "")/\(Object.self)"
        return informers.withLock { all in
            if let existing = all[key] as? Informer<Object> { return existing }
            let created = make()
            all[key] = created
            return created
        }
    }

    /// The shared JSON informer of a resource.
    public func informer(for resource: ResourceInfo, namespace: String? = nil) -> Informer<JSONValue> {
        informer(for: resource, namespace: namespace, as: JSONValue.self) {
            Informer(client: client, resource: resource, namespace: namespace, resyncPeriod: defaultResync)
        }
    }

    public var all: [any SharedInformer] { informers.withLock { Array($0.values) } }

    /// Runs every informer created so far (and those created while running
    /// are picked up on the next poll) until cancelled.
    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var started = Set<ObjectIdentifier>()
            while !Task.isCancelled {
                for informer in all where !started.contains(ObjectIdentifier(informer)) {
                    started.insert(ObjectIdentifier(informer))
                    group.addTask { try await informer.run() }
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            group.cancelAll()
        }
    }

    /// Waits until every informer created so far has listed once.
    public func waitForSync() async {
        for informer in all { await informer.waitForSync() }
    }
}

/// What the factory needs of an informer, whatever its object type.
public protocol SharedInformer: AnyObject, Sendable {
    func run() async throws
    func waitForSync() async
    var hasSynced: Bool { get }
}

extension Informer: SharedInformer {}
