/// A set of field paths of one object, as a tree: what one field manager
/// owns, or what one write changed. It is the `FieldsV1` document of
/// `metadata.managedFields` in memory.
///
/// Children are keyed by their path element exactly as FieldsV1 spells it
/// (`f:name` a field, `k:{"name":"web"}` an item of an associative list,
/// `v:"x"` an item of a set, `i:3` a position), so reading and writing the
/// document is a copy, and keys compare as the canonical strings they are.
public struct FieldSet: Sendable, Equatable {
    public var children: [String: FieldSet]
    /// Whether the path leading to this node is itself in the set (`.` in
    /// FieldsV1, or an empty object for a leaf).
    public var isMember: Bool

    public init(children: [String: FieldSet] = [:], isMember: Bool = false) {
        self.children = children
        self.isMember = isMember
    }

    public var isEmpty: Bool { !isMember && children.isEmpty }

    /// Adds one path.
    public mutating func insert(_ path: ArraySlice<String>) {
        guard let first = path.first else {
            isMember = true
            return
        }
        children[first, default: FieldSet()].insert(path.dropFirst())
    }

    public mutating func insert(_ path: [String]) { insert(path[...]) }

    public func contains(_ path: [String]) -> Bool {
        var node = self
        for element in path {
            guard let next = node.children[element] else { return false }
            node = next
        }
        return node.isMember
    }

    /// Whether the path, or anything under it, is in the set.
    public func containsAny(atOrBelow path: [String]) -> Bool {
        var node = self
        for element in path {
            guard let next = node.children[element] else { return false }
            node = next
        }
        return !node.isEmpty
    }

    public func union(_ other: FieldSet) -> FieldSet {
        var result = self
        result.isMember = isMember || other.isMember
        for (key, child) in other.children {
            result.children[key] = result.children[key].map { $0.union(child) } ?? child
        }
        return result
    }

    /// The paths of this set that are not in `other`.
    public func subtracting(_ other: FieldSet) -> FieldSet {
        var result = FieldSet(isMember: isMember && !other.isMember)
        for (key, child) in children {
            let rest = other.children[key].map { child.subtracting($0) } ?? child
            if !rest.isEmpty { result.children[key] = rest }
        }
        return result
    }

    /// The paths of this set that are not in `other` nor under a path of it.
    public func subtractingSubtrees(_ other: FieldSet) -> FieldSet {
        if other.isMember { return FieldSet() }
        var result = FieldSet(isMember: isMember)
        for (key, child) in children {
            let rest = other.children[key].map { child.subtractingSubtrees($0) } ?? child
            if !rest.isEmpty { result.children[key] = rest }
        }
        return result
    }

    public func intersection(_ other: FieldSet) -> FieldSet {
        var result = FieldSet(isMember: isMember && other.isMember)
        for (key, child) in children {
            guard let theirs = other.children[key] else { continue }
            let both = child.intersection(theirs)
            if !both.isEmpty { result.children[key] = both }
        }
        return result
    }

    /// Every path in the set, in FieldsV1 order.
    public var paths: [[String]] {
        var out: [[String]] = []
        func walk(_ node: FieldSet, _ prefix: [String]) {
            if node.isMember, !prefix.isEmpty { out.append(prefix) }
            for key in node.children.keys.sorted(by: FieldPathElement.precedes) {
                walk(node.children[key]!, prefix + [key])
            }
        }
        walk(self, [])
        return out
    }

    // MARK: FieldsV1

    /// Reads a FieldsV1 document; nil if it is not one.
    public init?(fieldsV1 document: JSONValue) {
        guard let object = document.objectValue else { return nil }
        self.init()
        for (key, value) in object {
            if key == "." {
                isMember = true
                continue
            }
            guard FieldPathElement.isElement(key), let child = FieldSet(fieldsV1: value) else { return nil }
            // A leaf is written as an empty object: the path is a member.
            children[key] = child.isEmpty ? FieldSet(isMember: true) : child
        }
    }

    /// The FieldsV1 document of the set's children (the root itself is never
    /// a member).
    public var fieldsV1: JSONValue {
        var object = JSONObject()
        for key in children.keys.sorted(by: FieldPathElement.precedes) {
            object[key] = children[key]!.nodeDocument
        }
        return .object(object)
    }

    private var nodeDocument: JSONValue {
        var object = JSONObject()
        if isMember, !children.isEmpty { object["."] = .object(JSONObject()) }
        for key in children.keys.sorted(by: FieldPathElement.precedes) {
            object[key] = children[key]!.nodeDocument
        }
        return .object(object)
    }
}

/// Path elements as FieldsV1 writes them, and paths as conflict messages
/// show them.
public enum FieldPathElement {
    public static func field(_ name: String) -> String { "f:" + name }

    /// An item of an associative list, by its key fields (sorted by name, as
    /// upstream writes them).
    public static func key(_ fields: [(String, JSONValue)]) -> String {
        let object = JSONObject(fields.sorted { $0.0 < $1.0 }.map { (key: $0.0, value: $0.1) })
        return "k:" + JSONValue.object(object).serializedString()
    }

    public static func value(_ value: JSONValue) -> String { "v:" + value.serializedString() }

    public static func index(_ i: Int) -> String { "i:\(i)" }

    static func isElement(_ key: String) -> Bool {
        key.hasPrefix("f:") || key.hasPrefix("k:") || key.hasPrefix("v:") || key.hasPrefix("i:")
    }

    /// FieldsV1 order: fields, then keys, then values, then indexes; within
    /// one kind by the element's text.
    static func precedes(_ a: String, _ b: String) -> Bool {
        func rank(_ s: String) -> Int {
            switch s.prefix(2) {
            case "f:": return 0
            case "k:": return 1
            case "v:": return 2
            default: return 3
            }
        }
        let (ra, rb) = (rank(a), rank(b))
        if ra != rb { return ra < rb }
        if ra == 3, let ia = Int(a.dropFirst(2)), let ib = Int(b.dropFirst(2)) { return ia < ib }
        return a < b
    }

    /// A path as upstream prints it in conflicts: `.spec.containers[name="web"].image`.
    public static func describe(_ path: [String]) -> String {
        var out = ""
        for element in path {
            let rest = String(element.dropFirst(2))
            switch element.prefix(2) {
            case "f:":
                out += "." + rest
            case "k:":
                let fields = (try? JSONParser.parse(Array(rest.utf8)))?.objectValue ?? JSONObject()
                out += "[" + fields.map { "\($0.key)=\($0.value.serializedString())" }.joined(separator: ",") + "]"
            case "v:":
                out += "[=" + rest + "]"
            default:
                out += "[" + rest + "]"
            }
        }
        return out
    }
}
