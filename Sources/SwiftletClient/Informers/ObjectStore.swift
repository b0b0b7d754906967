import Synchronization

/// A thread-safe cache of objects by `namespace/name` key, with a built-in
/// namespace index and any number of custom indexes. Informers fill it;
/// listers read it without touching the API server.
public final class ObjectStore<Object: Sendable>: Sendable {
    public typealias IndexFunction = @Sendable (Object) -> [String]

    private struct State {
        var items: [String: Object] = [:]
        /// index name -> index value -> keys
        var indices: [String: [String: Set<String>]] = [:]
    }

    private let state = Mutex(State())
    private let indexers: [String: IndexFunction]
    private let keyOf: @Sendable (Object) -> String

    /// The namespace index every store has.
    public static var namespaceIndex: String { "namespace" }

    public init(key: @escaping @Sendable (Object) -> String, indexers: [String: IndexFunction] = [:]) {
        self.keyOf = key
        var all = indexers
        all[Self.namespaceIndex] = { object in
            let k = key(object)
            guard let slash = k.firstIndex(of: "/") else { return [""] }
            return [String(k[..<slash])]
        }
        self.indexers = all
    }

    public func key(of object: Object) -> String { keyOf(object) }

    public var count: Int { state.withLock { $0.items.count } }
    public var keys: [String] { state.withLock { Array($0.items.keys) } }

    public func get(key: String) -> Object? { state.withLock { $0.items[key] } }

    public func get(namespace: String, name: String) -> Object? {
        get(key: namespace.isEmpty ? name : "\(namespace)/\(name)")
    }

    public func list() -> [Object] { state.withLock { Array($0.items.values) } }

    public func list(namespace: String) -> [Object] { byIndex(Self.namespaceIndex, namespace) }

    /// Objects whose index function produced `value` for the index `name`.
    public func byIndex(_ name: String, _ value: String) -> [Object] {
        state.withLock { s in
            (s.indices[name]?[value] ?? []).compactMap { s.items[$0] }
        }
    }

    /// Inserts or replaces; returns the previous object.
    @discardableResult
    public func upsert(_ object: Object) -> Object? {
        let key = keyOf(object)
        let values = indexers.mapValues { $0(object) }
        return state.withLock { s in
            let old = s.items[key]
            if let old { unindex(key, old, &s) }
            s.items[key] = object
            for (index, vs) in values {
                for v in vs { s.indices[index, default: [:]][v, default: []].insert(key) }
            }
            return old
        }
    }

    @discardableResult
    public func remove(key: String) -> Object? {
        state.withLock { s in
            guard let old = s.items.removeValue(forKey: key) else { return nil }
            unindex(key, old, &s)
            return old
        }
    }

    private func unindex(_ key: String, _ object: Object, _ s: inout State) {
        for (index, fn) in indexers {
            for v in fn(object) {
                s.indices[index]?[v]?.remove(key)
                if s.indices[index]?[v]?.isEmpty == true { s.indices[index]?[v] = nil }
            }
        }
    }
}
