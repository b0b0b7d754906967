/// The field paths of objects, by their merge schema: what an applied
/// configuration sets, what a write changed, and merging and removing by
/// those paths.
public enum ObjectFields {
    public struct InvalidList: Error, Sendable, Equatable {
        public var message: String
    }

    /// The paths an applied configuration sets: its leaves (scalars, atomic
    /// lists and maps, empty objects) and the items of associative lists and
    /// sets. Objects that only hold other fields are not members themselves.
    public static func applied(_ value: JSONValue, schema: MergeSchema) throws(InvalidList) -> FieldSet {
        var set = FieldSet()
        try walk(value, schema: schema, prefix: [], into: &set, everyNode: false)
        return set
    }

    /// Every path of an object, objects included: what a manager that made
    /// the object owns.
    public static func all(_ value: JSONValue, schema: MergeSchema) -> FieldSet {
        var set = FieldSet()
        try? walk(value, schema: schema, prefix: [], into: &set, everyNode: true)
        return set
    }

    private static func walk(
        _ value: JSONValue, schema: MergeSchema, prefix: [String], into set: inout FieldSet, everyNode: Bool
    ) throws(InvalidList) {
        switch value {
        case .object(let object) where !schema.isAtomicMap:
            if !prefix.isEmpty, (everyNode && !schema.isStructure) || object.isEmpty { set.insert(prefix) }
            for (name, child) in object {
                try walk(
                    child, schema: schema.field(name), prefix: prefix + [FieldPathElement.field(name)], into: &set,
                    everyNode: everyNode)
            }
        case .array(let items):
            switch schema.listKind {
            case .atomic:
                set.insert(prefix)
            case .set:
                for item in items { set.insert(prefix + [FieldPathElement.value(item)]) }
            case .map(let keys):
                let itemSchema = schema.element
                var seen: Set<String> = []
                for item in items {
                    let element = try key(of: item, keys: keys, at: prefix)
                    guard seen.insert(element).inserted else {
                        throw InvalidList(
                            message:
                                "\(FieldPathElement.describe(prefix)): duplicate entries for key \(element.dropFirst(2))"
                        )
                    }
                    set.insert(prefix + [element])
                    if case .object(let fields) = item {
                        for (name, child) in fields {
                            try walk(
                                child, schema: itemSchema.field(name),
                                prefix: prefix + [element, FieldPathElement.field(name)], into: &set,
                                everyNode: everyNode)
                        }
                    }
                }
            }
        default:
            if !prefix.isEmpty { set.insert(prefix) }
        }
    }

    /// The path element of an associative list's item: its key fields.
    static func key(of item: JSONValue, keys: [String], at prefix: [String]) throws(InvalidList) -> String {
        guard let object = item.objectValue else {
            throw InvalidList(
                message: "\(FieldPathElement.describe(prefix)): expected an object in an associative list")
        }
        let fields = keys.compactMap { name in object[name].map { (name, $0) } }
        if fields.isEmpty, !keys.isEmpty {
            throw InvalidList(
                message:
                    "\(FieldPathElement.describe(prefix)): associative list with keys has an element that omits all key fields (and doesn't have default values for any key fields)"
            )
        }
        return FieldPathElement.key(fields)
    }

    /// What a write changed: paths added or given a new value (added objects
    /// and items with all they hold), and paths it removed.
    public static func changes(from old: JSONValue?, to new: JSONValue, schema: MergeSchema) -> (
        changed: FieldSet, removed: FieldSet
    ) {
        var changed = FieldSet()
        var removed = FieldSet()
        compare(old, new, schema: schema, prefix: [], changed: &changed, removed: &removed)
        return (changed, removed)
    }

    private static func compare(
        _ old: JSONValue?, _ new: JSONValue?, schema: MergeSchema, prefix: [String], changed: inout FieldSet,
        removed: inout FieldSet
    ) {
        guard let new else {
            if old != nil, !prefix.isEmpty { removed.insert(prefix) }
            return
        }
        guard let old else {
            try? walk(new, schema: schema, prefix: prefix, into: &changed, everyNode: true)
            return
        }
        switch (old, new) {
        case (.object(let a), .object(let b)) where !schema.isAtomicMap:
            for (name, value) in b {
                compare(
                    a[name], value, schema: schema.field(name), prefix: prefix + [FieldPathElement.field(name)],
                    changed: &changed, removed: &removed)
            }
            for (name, _) in a where b[name] == nil { removed.insert(prefix + [FieldPathElement.field(name)]) }
        case (.array(let a), .array(let b)):
            switch schema.listKind {
            case .atomic:
                if a != b { changed.insert(prefix) }
            case .set:
                for item in b where !a.contains(item) { changed.insert(prefix + [FieldPathElement.value(item)]) }
                for item in a where !b.contains(item) { removed.insert(prefix + [FieldPathElement.value(item)]) }
            case .map(let keys):
                let itemSchema = schema.element
                let oldItems = Dictionary(
                    a.compactMap { item in (try? key(of: item, keys: keys, at: prefix)).map { ($0, item) } },
                    uniquingKeysWith: { first, _ in first })
                var newKeys: Set<String> = []
                for item in b {
                    guard let element = try? key(of: item, keys: keys, at: prefix) else {
                        if !a.contains(item) { changed.insert(prefix) }
                        continue
                    }
                    newKeys.insert(element)
                    compare(
                        oldItems[element], item, schema: itemSchema, prefix: prefix + [element], changed: &changed,
                        removed: &removed)
                }
                for element in oldItems.keys where !newKeys.contains(element) {
                    removed.insert(prefix + [element])
                }
            }
        default:
            if old != new { changed.insert(prefix) }
        }
    }

    /// The live object with an applied configuration merged in: objects
    /// merge field by field, associative lists item by item (new items after
    /// the live ones), sets by value; everything else is replaced.
    public static func merge(_ live: JSONValue?, _ applied: JSONValue, schema: MergeSchema) -> JSONValue {
        guard let live else { return applied }
        switch (live, applied) {
        case (.object(var a), .object(let b)) where !schema.isAtomicMap:
            for (name, value) in b { a[name] = merge(a[name], value, schema: schema.field(name)) }
            return .object(a)
        case (.array(var a), .array(let b)):
            switch schema.listKind {
            case .atomic:
                return applied
            case .set:
                for item in b where !a.contains(item) { a.append(item) }
                return .array(a)
            case .map(let keys):
                let itemSchema = schema.element
                for item in b {
                    guard let element = try? key(of: item, keys: keys, at: []) else { continue }
                    if let i = a.firstIndex(where: { (try? key(of: $0, keys: keys, at: [])) == element }) {
                        a[i] = merge(a[i], item, schema: itemSchema)
                    } else {
                        a.append(item)
                    }
                }
                return .array(a)
            }
        default:
            return applied
        }
    }

    /// The object without the paths of `set` (a member path goes with all
    /// it holds).
    public static func removing(_ set: FieldSet, from value: JSONValue, schema: MergeSchema) -> JSONValue {
        switch value {
        case .object(var object):
            for (element, child) in set.children where element.hasPrefix("f:") {
                let name = String(element.dropFirst(2))
                guard let current = object[name] else { continue }
                if child.isMember {
                    object[name] = nil
                } else {
                    // A map or list emptied by the removal goes too, as Go's
                    // omitempty drops it from built-in objects.
                    let rest = removing(child, from: current, schema: schema.field(name))
                    object[name] = rest.isEmptyContainer && !current.isEmptyContainer ? nil : rest
                }
            }
            return .object(object)
        case .array(var items):
            switch schema.listKind {
            case .atomic:
                return value
            case .set:
                items.removeAll { item in set.children[FieldPathElement.value(item)]?.isMember == true }
                return .array(items)
            case .map(let keys):
                let itemSchema = schema.element
                var kept: [JSONValue] = []
                for item in items {
                    guard let element = try? key(of: item, keys: keys, at: []), let child = set.children[element]
                    else {
                        kept.append(item)
                        continue
                    }
                    if !child.isMember { kept.append(removing(child, from: item, schema: itemSchema)) }
                }
                return .array(kept)
            }
        default:
            return value
        }
    }
}

extension JSONValue {
    fileprivate var isEmptyContainer: Bool {
        switch self {
        case .object(let o): return o.isEmpty
        case .array(let a): return a.isEmpty
        default: return false
        }
    }
}
