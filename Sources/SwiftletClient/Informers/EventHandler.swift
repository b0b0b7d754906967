/// What an informer tells its consumers. Handlers run on the informer's
/// task, one event at a time, so they must be quick (typically: enqueue a key).
public struct EventHandler<Object: Sendable>: Sendable {
    public var onAdd: @Sendable (Object) -> Void
    public var onUpdate: @Sendable (_ old: Object, _ new: Object) -> Void
    public var onDelete: @Sendable (Object) -> Void

    public init(
        onAdd: @escaping @Sendable (Object) -> Void = { _ in },
        onUpdate: @escaping @Sendable (Object, Object) -> Void = { _, _ in },
        onDelete: @escaping @Sendable (Object) -> Void = { _ in }
    ) {
        self.onAdd = onAdd
        self.onUpdate = onUpdate
        self.onDelete = onDelete
    }
}
