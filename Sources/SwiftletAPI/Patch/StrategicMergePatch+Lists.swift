// Merging lists: by merge key for lists of objects, as ordered sets for lists
// of primitives, or wholesale replacement when the schema says nothing.

extension StrategicMergePatch {
    /// A list field. Only `merge` strategy lists merge; deletion lists
    /// (`$deleteFromPrimitiveList/...`) always apply.
    static func mergeList(
        _ original: [JSONValue], _ patch: [JSONValue], elements: SchemaNode, strategy: String, mergeKey: String,
        isDeleteList: Bool
    ) throws(PatchError) -> [JSONValue] {
        guard strategy == Directive.merge || isDeleteList else { return patch.map(cleaned) }
        if original.isEmpty && patch.isEmpty { return original }

        let kind = try elementKind(original, patch)
        var serverOrder = original
        var patchItems = patch
        let merged: [JSONValue]
        if kind != .map {
            if isDeleteList { return original.filter { !patch.contains($0) } }
            merged = uniqued(original + patch)
        } else {
            // Upstream names the Go kind of the element type here.
            guard !mergeKey.isEmpty else {
                throw PatchError(.unclassified, "cannot merge lists without merge key for struct")
            }
            (serverOrder, patchItems) = try applyListDirectives(original, patch, mergeKey: mergeKey)
            merged = try mergeByKey(serverOrder, patchItems, mergeKey: mergeKey, elements: elements)
        }
        let (inPatch, serverOnly) = try partition(merged, by: patchItems, mergeKey: mergeKey)
        return try normalizeElementOrder(
            inPatch, serverOnly, patchOrder: patchItems, serverOrder: serverOrder, mergeKey: mergeKey, kind: kind)
    }

    /// Handles `$patch` items of a list of objects: `delete` removes every
    /// original item with that key, `replace` makes the other patch items the
    /// whole list. Returns the new original and the plain patch items.
    static func applyListDirectives(
        _ original: [JSONValue], _ patch: [JSONValue], mergeKey: String
    ) throws(PatchError) -> (original: [JSONValue], patch: [JSONValue]) {
        var original = original
        var plain: [JSONValue] = []
        var replace = false
        for item in patch {
            guard case .object(let o) = item, let directive = o[Directive.patch] else {
                plain.append(item)
                continue
            }
            switch directive {
            case .string(Directive.delete):
                guard let value = o[mergeKey] else { throw PatchError.noMergeKey(o, mergeKey) }
                original.removeAll { $0.objectValue?[mergeKey] == value }
            case .string(Directive.replace):
                replace = true
            case .string(Directive.merge):
                throw PatchError(.unclassified, "merging lists cannot yet be specified in the patch")
            default:
                throw PatchError.badPatchType(directive, o)
            }
        }
        return replace ? (plain.map(cleaned), []) : (original, plain)
    }

    /// Patch items merge into the original item with the same key value, or
    /// join the list.
    static func mergeByKey(
        _ original: [JSONValue], _ patch: [JSONValue], mergeKey: String, elements: SchemaNode
    ) throws(PatchError) -> [JSONValue] {
        var merged = original
        for item in patch {
            guard case .object(let p) = item else { throw PatchError.badArgType(expected: .map, actual: item) }
            guard let value = p[mergeKey] else { throw PatchError.noMergeKey(p, mergeKey) }
            if let index = try firstIndex(in: merged, mergeKey: mergeKey, value: value),
                case .object(let o) = merged[index]
            {
                merged[index] = .object(try mergeMap(o, p, elements))
            } else {
                merged.append(.object(cleaned(p)))
            }
        }
        return merged
    }

    /// Upstream's lookup: every item must be an object.
    static func firstIndex(in list: [JSONValue], mergeKey: String, value: JSONValue) throws(PatchError) -> Int? {
        for (i, item) in list.enumerated() {
            guard case .object(let o) = item else { throw PatchError(.unclassified, "value for key \(i) is not a map") }
            if o[mergeKey] == value { return i }
        }
        return nil
    }

    /// Splits merged items into those named in `list` and the rest.
    static func partition(
        _ merged: [JSONValue], by list: [JSONValue], mergeKey: String
    ) throws(PatchError) -> (named: [JSONValue], others: [JSONValue]) {
        var named: [JSONValue] = []
        var others: [JSONValue] = []
        for item in merged {
            let isNamed: Bool
            if mergeKey.isEmpty {
                isNamed = list.contains(item)
            } else {
                guard case .object(let o) = item else { throw PatchError.badArgType(expected: .map, actual: item) }
                guard let value = o[mergeKey] else { throw PatchError.noMergeKey(o, mergeKey) }
                isNamed = try firstIndex(in: list, mergeKey: mergeKey, value: value) != nil
            }
            if isNamed { named.append(item) } else { others.append(item) }
        }
        return (named, others)
    }

    /// Orders the patch's items by the patch (or `$setElementOrder`) and the
    /// server-only items by the live list, then interleaves them: a
    /// server-only item goes first only when the live list puts it before the
    /// next patch item; otherwise (including for items new to the list) the
    /// patch item goes first.
    static func normalizeElementOrder(
        _ patchItems: [JSONValue], _ serverOnly: [JSONValue], patchOrder: [JSONValue], serverOrder: [JSONValue],
        mergeKey: String, kind: GoType
    ) throws(PatchError) -> [JSONValue] {
        let right = try sortedByOrder(patchItems, patchOrder, mergeKey: mergeKey, kind: kind)
        let left = try sortedByOrder(serverOnly, serverOrder, mergeKey: mergeKey, kind: kind)
        var result: [JSONValue] = []
        result.reserveCapacity(left.count + right.count)
        var i = 0
        var j = 0
        while i < left.count || j < right.count {
            if j >= right.count {
                result.append(left[i]); i += 1
            } else if i >= left.count {
                result.append(right[j]); j += 1
            } else if let li = position(of: left[i], in: serverOrder, mergeKey: mergeKey, kind: kind),
                let ri = position(of: right[j], in: serverOrder, mergeKey: mergeKey, kind: kind), li < ri
            {
                result.append(left[i]); i += 1
            } else {
                result.append(right[j]); j += 1
            }
        }
        return result
    }

    /// Stable sort by position in `order`; items with `$patch: delete` go last.
    private static func sortedByOrder(
        _ items: [JSONValue], _ order: [JSONValue], mergeKey: String, kind: GoType
    ) throws(PatchError) -> [JSONValue] {
        var items = items
        var deletions: [JSONValue] = []
        if kind == .map {
            try requireMergeKey(mergeKey, in: items)
            try requireMergeKey(mergeKey, in: order)
            deletions = items.filter { $0.objectValue?[Directive.patch] == .string(Directive.delete) }
            items.removeAll { $0.objectValue?[Directive.patch] == .string(Directive.delete) }
        }
        let ranked = items.enumerated().map { entry in
            let rank = position(of: entry.element, in: order, mergeKey: mergeKey, kind: kind) ?? Int.max
            return (rank: rank, seq: entry.offset, item: entry.element)
        }
        return ranked.sorted { ($0.rank, $0.seq) < ($1.rank, $1.seq) }.map(\.item) + deletions
    }

    private static func requireMergeKey(_ mergeKey: String, in list: [JSONValue]) throws(PatchError) {
        for item in list {
            guard case .object(let o) = item else { throw PatchError.badArgType(expected: .map, actual: item) }
            guard o[mergeKey] != nil else { throw PatchError.noMergeKey(o, mergeKey) }
        }
    }

    /// Index in `list` of the first item equal to `item`: by merge key value
    /// for objects, by value for primitives.
    private static func position(of item: JSONValue, in list: [JSONValue], mergeKey: String, kind: GoType) -> Int? {
        guard kind == .map else { return list.firstIndex(of: item) }
        let key = item.objectValue?[mergeKey]
        return list.firstIndex { $0.objectValue?[mergeKey] == key }
    }

    /// The one element type of the given lists; upstream refuses lists of
    /// lists and lists mixing types.
    static func elementKind(_ lists: [JSONValue]...) throws(PatchError) -> GoType {
        var kind: GoType? = nil
        for list in lists {
            for item in list {
                let current = GoType.of(item)
                if kind == nil, let current {
                    if current == .slice { throw PatchError.noListOfLists }
                    kind = current
                } else if current == nil || current != kind {
                    throw PatchError(
                        .unclassified,
                        "list element types are not identical: \(GoFormat.value(.array(lists.map(JSONValue.array))))")
                }
            }
        }
        guard let kind else { throw PatchError(.unclassified, "no elements in any of the given slices") }
        return kind
    }

    /// Drops repeated primitives, keeping first occurrences.
    private static func uniqued(_ items: [JSONValue]) -> [JSONValue] {
        var out: [JSONValue] = []
        for item in items where !out.contains(item) { out.append(item) }
        return out
    }
}
