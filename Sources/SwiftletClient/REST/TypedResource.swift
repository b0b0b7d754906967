import SwiftletAPI
import SwiftletModels

/// Every verb of one built-in kind, typed with its generated model. Objects
/// are JSON-backed, so fields the model does not know survive a
/// read-modify-write.
public struct TypedResource<R: KubernetesResource>: Sendable {
    public let dynamic: DynamicResource

    public init(client: KubernetesClient, namespace: String?) {
        self.dynamic = DynamicResource(client: client, resource: R.resource, namespace: namespace)
    }

    public func get(_ name: String) async throws -> R {
        R(json: try await dynamic.get(name))
    }

    public func list(_ options: ListOptions = ListOptions()) async throws -> (items: [R], resourceVersion: String) {
        let (items, rv) = try await dynamic.list(options)
        return (items.map { R(json: $0) }, rv)
    }

    public func create(_ object: R, options: WriteOptions = WriteOptions()) async throws -> R {
        R(json: try await dynamic.create(object.json, options: options))
    }

    public func update(_ object: R, options: WriteOptions = WriteOptions()) async throws -> R {
        R(json: try await dynamic.update(object.json, options: options))
    }

    /// Writes only the status (the `status` subresource).
    public func updateStatus(_ object: R, options: WriteOptions = WriteOptions()) async throws -> R {
        R(json: try await dynamic.update(object.json, subresource: "status", options: options))
    }

    public func patch(_ name: String, _ patch: Patch, options: WriteOptions = WriteOptions()) async throws -> R {
        R(json: try await dynamic.patch(name, patch, options: options))
    }

    public func patchStatus(_ name: String, _ patch: Patch, options: WriteOptions = WriteOptions()) async throws -> R {
        R(json: try await dynamic.patch(name, patch, subresource: "status", options: options))
    }

    /// Returns the object if the server still holds it (finalizers), nil when gone.
    @discardableResult
    public func delete(_ name: String, options: DeleteOptions = DeleteOptions()) async throws -> R? {
        try await dynamic.delete(name, options: options).map { R(json: $0) }
    }

    public func getScale(_ name: String) async throws -> AutoscalingV1.Scale {
        AutoscalingV1.Scale(json: try await dynamic.get(name, subresource: "scale"))
    }

    public func updateScale(_ name: String, replicas: Int32) async throws -> AutoscalingV1.Scale {
        AutoscalingV1.Scale(
            json: try await dynamic.patch(
                name, .merge(["spec": ["replicas": .int(Int64(replicas))]]), subresource: "scale"))
    }

    /// Typed watch events of one watch request.
    public func watch(_ options: ListOptions) -> AsyncThrowingStream<WatchEvent<R>, any Error> {
        let raw = dynamic.watch(options)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await event in raw {
                        let type: WatchEvent<R>.EventType
                        switch event.type {
                        case .added: type = .added
                        case .modified: type = .modified
                        case .deleted: type = .deleted
                        case .bookmark: type = .bookmark
                        case .error: continue
                        }
                        continuation.yield(WatchEvent(type: type, object: R(json: event.object)))
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// A typed watch event. Bookmarks carry only a resourceVersion.
public struct WatchEvent<R: Sendable>: Sendable {
    public enum EventType: Sendable, Equatable { case added, modified, deleted, bookmark }
    public var type: EventType
    public var object: R
}

extension KubernetesClient {
    /// Typed access to a built-in kind: `client.resource(AppsV1.Deployment.self, namespace: "default")`.
    public func resource<R: KubernetesResource>(_ type: R.Type, namespace: String? = nil) -> TypedResource<R> {
        TypedResource(client: self, namespace: namespace)
    }
}

extension Informer where Object: KubernetesResource {
    /// An informer of a built-in kind, caching typed models.
    public convenience init(
        client: KubernetesClient, type: Object.Type, namespace: String? = nil, options: ListOptions = ListOptions(),
        resyncPeriod: Duration? = nil, indexers: [String: ObjectStore<Object>.IndexFunction] = [:]
    ) {
        self.init(
            client: client, resource: Object.resource, namespace: namespace, options: options,
            resyncPeriod: resyncPeriod, indexers: indexers, decode: { Object(json: $0) },
            key: { ObjectKeys.key(of: $0.json) }, resourceVersion: { $0.resourceVersion ?? "" })
    }
}

extension SharedInformerFactory {
    /// The shared typed informer of a built-in kind.
    public func informer<R: KubernetesResource>(for type: R.Type, namespace: String? = nil) -> Informer<R> {
        informer(for: R.resource, namespace: namespace, as: R.self) {
            Informer(client: client, type: R.self, namespace: namespace, resyncPeriod: defaultResync)
        }
    }
}
