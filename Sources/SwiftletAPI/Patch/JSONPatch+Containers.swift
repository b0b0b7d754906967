// Locating and editing the container (object or array) that a JSON patch
// path ends in. Values are edited in place: each level is moved out of its
// parent while it is changed, so copy-on-write never copies a whole document.

extension JSONPatch {
    /// Runs `body` on the container reached through `parents`, or returns nil
    /// when a step is missing, null, out of range or not a container; that is
    /// upstream's "doc is missing path".
    static func withContainer<R>(
        _ value: inout JSONValue, _ parents: ArraySlice<String>,
        _ body: (inout JSONValue) throws(PatchError) -> R
    ) throws(PatchError) -> R? {
        guard let step = parents.first else {
            guard value.isContainer else { return nil }
            return try body(&value)
        }
        switch value {
        case .object(var object):
            guard var child = object[step], child.isContainer else { return nil }
            value = .null
            object[step] = .null
            defer {
                object[step] = child
                value = .object(object)
            }
            return try withContainer(&child, parents.dropFirst(), body)
        case .array(var array):
            guard case .success(var index) = JSONPointer.arrayIndex(step) else { return nil }
            if index < 0 { index += array.count }
            guard array.indices.contains(index), array[index].isContainer else { return nil }
            var child = array[index]
            value = .null
            array[index] = .null
            defer {
                array[index] = child
                value = .array(array)
            }
            return try withContainer(&child, parents.dropFirst(), body)
        default:
            return nil
        }
    }
}

extension JSONValue {
    var isContainer: Bool {
        switch self {
        case .object, .array: return true
        default: return false
        }
    }

    /// An object member (nil when absent, never an error) or an array element.
    func patchGet(_ key: String) throws(PatchError) -> JSONValue? {
        switch self {
        case .object(let o):
            return o[key]
        case .array(let a):
            let index = try Self.existingIndex(key, count: a.count)
            return a[index]
        default:
            return nil
        }
    }

    /// Sets an object member or inserts into an array (`-` appends).
    mutating func patchAdd(_ key: String, _ element: JSONValue) throws(PatchError) {
        switch self {
        case .object(var o):
            self = .null
            o[key] = element
            self = .object(o)
        case .array(var a):
            var index: Int
            if key == "-" {
                index = a.count
            } else {
                switch JSONPointer.arrayIndex(key) {
                case .success(let i): index = i
                case .failure(let e): throw e.wrapped("value was not a proper array index: '\(key)'")
                }
                // Inserting may target one past the end; negatives count from there.
                let size = a.count + 1
                guard index < size, index >= -size else { throw Self.invalidIndex(index) }
                if index < 0 { index += size }
            }
            self = .null
            a.insert(element, at: index)
            self = .array(a)
        default:
            break
        }
    }

    /// Overwrites an object member (adding it if absent) or an array element.
    mutating func patchSet(_ key: String, _ element: JSONValue) throws(PatchError) {
        switch self {
        case .object(var o):
            self = .null
            o[key] = element
            self = .object(o)
        case .array(var a):
            let index = try Self.existingIndex(key, count: a.count)
            self = .null
            a[index] = element
            self = .array(a)
        default:
            break
        }
    }

    mutating func patchRemove(_ key: String) throws(PatchError) {
        switch self {
        case .object(var o):
            guard o[key] != nil else {
                throw PatchError(.pathNotFound, "Unable to remove nonexistent key: \(key): missing value")
            }
            self = .null
            o[key] = nil
            self = .object(o)
        case .array(var a):
            let index = try Self.existingIndex(key, count: a.count)
            self = .null
            a.remove(at: index)
            self = .array(a)
        default:
            break
        }
    }

    /// An index of an existing element; negatives count from the end.
    private static func existingIndex(_ key: String, count: Int) throws(PatchError) -> Int {
        var index: Int
        switch JSONPointer.arrayIndex(key) {
        case .success(let i): index = i
        case .failure(let e): throw e
        }
        if index < 0 {
            guard index >= -count else { throw invalidIndex(index) }
            index += count
        }
        guard index < count else { throw invalidIndex(index) }
        return index
    }

    private static func invalidIndex(_ index: Int) -> PatchError {
        PatchError(.pathNotFound, "Unable to access invalid index: \(index): invalid index referenced")
    }
}
