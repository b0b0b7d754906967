/// In-place editing helpers for defaulting. A member counts as unset when
/// it is missing or null, as a nil Go pointer would be; string and number
/// variants also treat Go's zero value ("" or 0) as unset, as upstream's
/// defaulters do for non-pointer fields.
extension JSONValue {
    /// Sets `key` when it is missing or null.
    mutating func applyDefault(_ key: String, _ value: @autoclosure () -> JSONValue) {
        guard case .object = self else { return }
        if self[key] == nil || self[key]!.isNull { self[key] = value() }
    }

    /// Sets `key` when it is missing, null or the empty string.
    mutating func applyDefaultString(_ key: String, _ value: String) {
        guard case .object = self else { return }
        switch self[key] {
        case nil, .null?, .string("")?: self[key] = .string(value)
        default: break
        }
    }

    /// Sets `key` when it is missing, null or zero.
    mutating func applyDefaultNonZero(_ key: String, _ value: Int64) {
        guard case .object = self else { return }
        switch self[key] {
        case nil, .null?, .int(0)?: self[key] = .int(value)
        case .double(let d)? where d == 0: self[key] = .int(value)
        default: break
        }
    }

    /// Edits the object at `key` in place when it is an object; with
    /// `create`, a missing or null member becomes `{}` first. Members keep
    /// their order and the edit does not copy the subtree.
    mutating func editMember(_ key: String, create: Bool = false, _ body: (inout JSONValue) -> Void) {
        guard case .object(var object) = self else { return }
        var child: JSONValue
        switch object[key] {
        case .object?: child = object[key]!
        case nil, .null?:
            guard create else { return }
            child = .object(JSONObject())
        default: return
        }
        self = .null
        object[key] = .null
        body(&child)
        object[key] = child
        self = .object(object)
    }

    /// Edits every element of the array at `key` in place.
    mutating func editEachMember(_ key: String, _ body: (inout JSONValue) -> Void) {
        guard case .object(var object) = self, case .array(var items)? = object[key] else { return }
        self = .null
        object[key] = .null
        for i in items.indices { body(&items[i]) }
        object[key] = .array(items)
        self = .object(object)
    }

    /// Follows a path of object members, editing the last one if all exist.
    mutating func editMember(path: [String], _ body: (inout JSONValue) -> Void) {
        guard let first = path.first else { return body(&self) }
        editMember(first) { $0.editMember(path: Array(path.dropFirst()), body) }
    }
}
