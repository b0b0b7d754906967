import Foundation
import SwiftletAPI
import SwiftletStorage
import Synchronization

/// Everything request handling shares: the store, the served resources and
/// their schemas, the published documents and the metrics.
public final class APIService: Sendable {
    let storage: any StorageBackend
    let schemas: SchemaRegistry
    let options: APIServerOptions
    let metrics: APIMetrics
    /// What is served now: built-in kinds and established custom resources.
    private let currentSurface = Mutex(APISurface())
    /// Names, establishes and finalizes CustomResourceDefinitions.
    let customResourceDefinitions = CustomResourceDefinitionController()
    /// Caps concurrent non-watch requests.
    let inFlight: InFlightLimiter
    /// Ends watches when the server begins a graceful shutdown.
    let shutdown = ShutdownSignal()
    /// The client certificate the server presents to node agents when it
    /// proxies `pods/log` to them; nil serves no logs.
    let nodeClientCertificate: NodeClientCertificate?
    /// Issues and checks service-account tokens.
    let tokens: ServiceAccountTokens

    public init(
        storage: any StorageBackend, options: APIServerOptions, metrics: APIMetrics = APIMetrics(),
        nodeClientCertificate: NodeClientCertificate? = nil, serviceAccountKeyPEM: String? = nil
    ) {
        self.nodeClientCertificate = nodeClientCertificate
        self.tokens = ServiceAccountTokens(keyPEM: serviceAccountKeyPEM)
        self.storage = InstrumentedStorage(base: storage, metrics: metrics)
        self.schemas = SchemaRegistry.builtin
        self.options = options
        self.metrics = metrics
        self.inFlight = InFlightLimiter(readOnly: options.maxReadOnlyInFlight, mutating: options.maxMutatingInFlight)
    }

    var surface: APISurface { currentSurface.withLock { $0 } }
    var resources: ResourceTable { surface.table }
    var discovery: DiscoveryDocuments { surface.discovery }
    var openAPI: OpenAPIDocuments { surface.openAPI }

    /// Serves a new set of custom resources from now on.
    func install(_ surface: APISurface) {
        currentSurface.withLock { $0 = surface }
    }

    /// The namespaces every cluster has from its first start.
    static let initialNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"]

    /// Creates the initial namespaces that do not exist yet.
    public func bootstrap() async throws {
        try await bootstrapPriorityClasses()
        await customResourceDefinitions.sync(self)
        guard let namespaces = resources.lookup(group: "", version: "v1", plural: "namespaces") else { return }
        for name in Self.initialNamespaces {
            let key = StorageKeys.key(namespaces, namespace: "", name: name)
            if try await storage.get(key) != nil { continue }
            var object: JSONValue = [
                "kind": "Namespace", "apiVersion": "v1",
                "metadata": ["name": .string(name)],
            ]
            ObjectLifecycle.prepareForCreate(&object, resource: namespaces, now: Date())
            Defaulting.apply(to: &object, resource: namespaces)
            Defaulter.prepareForCreate(&object, gvk: namespaces.gvk)
            _ = try? await storage.create(key, value: ObjectCodec.encode(object))
        }
    }

    /// Upstream's two system priority classes, for pods the cluster cannot
    /// do without.
    static let systemPriorityClasses: [(name: String, value: Int64, description: String)] = [
        ("system-node-critical", 2_000_001_000, "For pods that must not leave the node they run on."),
        ("system-cluster-critical", 2_000_000_000, "For pods the cluster needs, which may move between nodes."),
    ]

    private func bootstrapPriorityClasses() async throws {
        guard let classes = resources.lookup(group: "scheduling.k8s.io", version: "v1", plural: "priorityclasses")
        else { return }
        for system in Self.systemPriorityClasses {
            let key = StorageKeys.key(classes, namespace: "", name: system.name)
            if try await storage.get(key) != nil { continue }
            var object: JSONValue = [
                "kind": "PriorityClass", "apiVersion": "scheduling.k8s.io/v1",
                "metadata": ["name": .string(system.name)], "value": .int(system.value),
                "description": .string(system.description),
            ]
            ObjectLifecycle.prepareForCreate(&object, resource: classes, now: Date())
            Defaulting.apply(to: &object, resource: classes)
            Defaulter.prepareForCreate(&object, gvk: classes.gvk)
            _ = try? await storage.create(key, value: ObjectCodec.encode(object))
        }
    }
}
