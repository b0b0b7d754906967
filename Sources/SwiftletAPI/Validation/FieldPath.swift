/// A path to a field inside an object, rendered the way upstream renders
/// field paths: `spec.template.spec.containers[0].image`, map keys in
/// brackets (`data[my.key]`).
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    public private(set) var string: String

    /// A path starting at a top-level field, e.g. `FieldPath("metadata")`.
    public init(_ root: String) {
        string = root
    }

    public func child(_ name: String) -> FieldPath {
        var p = self
        p.string = string.isEmpty ? name : string + "." + name
        return p
    }

    /// `a.b.c` as successive children.
    public func child(_ first: String, _ rest: String...) -> FieldPath {
        rest.reduce(child(first)) { $0.child($1) }
    }

    public func index(_ i: Int) -> FieldPath {
        var p = self
        p.string += "[\(i)]"
        return p
    }

    public func key(_ key: String) -> FieldPath {
        var p = self
        p.string += "[\(key)]"
        return p
    }

    public var description: String { string }
}
