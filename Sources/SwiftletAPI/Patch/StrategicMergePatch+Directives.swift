// The `$`-directives a strategic merge patch may carry, and the clean-up of
// patch values that are stored as they are.

enum Directive {
    static let patch = "$patch"
    static let replace = "replace"
    static let delete = "delete"
    static let merge = "merge"
    static let retainKeys = "$retainKeys"
    static let retainKeysStrategy = "retainKeys"
    static let setElementOrder = "$setElementOrder"
    static let deleteFromPrimitiveList = "$deleteFromPrimitiveList"

    /// Keys that steer the merge and must never be stored in an object.
    static func isDirectiveKey(_ key: String) -> Bool {
        key == patch || key == retainKeys || key.hasPrefix(setElementOrder) || key.hasPrefix(deleteFromPrimitiveList)
    }
}

extension StrategicMergePatch {
    /// `$patch` inside an object: `replace` takes the patch object literally,
    /// `delete` leaves an empty object (upstream keeps the field, emptied).
    /// `merge` is only a schema strategy, so upstream rejects it here.
    static func mapDirective(_ directive: JSONValue, _ patch: JSONObject) throws(PatchError) -> JSONObject {
        switch directive {
        case .string(Directive.replace): return cleaned(patch)
        case .string(Directive.delete): return JSONObject()
        default: throw PatchError.badPatchType(directive, patch)
        }
    }

    /// `$retainKeys: [names]` clears every original field not listed, so a
    /// union such as Deployment's strategy can switch members. Every field the
    /// patch sets must be listed.
    static func applyRetainKeys(_ original: inout JSONObject, _ patch: inout JSONObject) throws(PatchError) {
        guard let directive = patch[Directive.retainKeys] else { return }
        patch[Directive.retainKeys] = nil
        guard case .array(let retained) = directive else { throw PatchError.badFormatForRetainKeys }
        for (key, value) in patch where !value.isNull {
            if key.hasPrefix(Directive.deleteFromPrimitiveList) || key.hasPrefix(Directive.setElementOrder) { continue }
            guard retained.contains(.string(key)) else { throw PatchError.badFormatForRetainKeys }
        }
        for key in original.keys where !retained.contains(.string(key)) {
            original[key] = nil
        }
    }

    /// `$setElementOrder/<list>: [...]` merges that list (if the patch has it)
    /// and then orders the result: listed items in the given order, server-only
    /// items keeping their place relative to the live list.
    static func applySetElementOrders(
        _ original: inout JSONObject, _ patch: inout JSONObject, _ node: SchemaNode
    ) throws(PatchError) {
        for (directiveKey, orderValue) in patch where directiveKey.hasPrefix(Directive.setElementOrder) {
            patch[directiveKey] = nil
            guard case .array(let order) = orderValue else {
                throw PatchError.badArgType(expected: .slice, actual: orderValue)
            }
            let key = try extractListKey(directiveKey, prefix: Directive.setElementOrder)
            let originalList = try listValue(original[key])
            let patchList = try listValue(patch[key])
            let (child, meta) = node.field(key)
            let strategy = try meta.listOrMapStrategy()
            try validateOrder(patchList ?? [], order, mergeKey: meta.mergeKey)

            let merged: [JSONValue]
            switch (originalList, patchList) {
            case (let o?, nil): merged = o
            case (nil, let p?): merged = materialized(.array(p))?.arrayValue ?? []
            case (let o?, let p?):
                merged = try mergeList(
                    o, p, elements: child.elements, strategy: strategy, mergeKey: meta.mergeKey, isDeleteList: false)
            case (nil, nil): continue
            }
            let (listed, serverOnly) = try partition(merged, by: order, mergeKey: meta.mergeKey)
            let kind = try elementKind(originalList ?? [], patchList ?? [])
            original[key] = .array(
                try normalizeElementOrder(
                    listed, serverOnly, patchOrder: order, serverOrder: originalList ?? [], mergeKey: meta.mergeKey,
                    kind: kind))
            patch[key] = nil
        }
    }

    private static func listValue(_ value: JSONValue?) throws(PatchError) -> [JSONValue]? {
        guard let value else { return nil }
        guard case .array(let list) = value else { throw PatchError.badArgType(expected: .slice, actual: value) }
        return list
    }

    /// The patch list must name its items in the same relative order as the
    /// `$setElementOrder` list, and only items that list names.
    static func validateOrder(_ patchList: [JSONValue], _ order: [JSONValue], mergeKey: String) throws(PatchError) {
        guard !patchList.isEmpty, !order.isEmpty else { return }
        var items = patchList
        if !mergeKey.isEmpty {
            items = []
            for item in patchList {
                guard case .object(let o) = item else { throw PatchError.badArgType(expected: .map, actual: item) }
                if o[Directive.patch] != .string(Directive.delete) { items.append(item) }
            }
        }
        var p = 0
        var s = 0
        while p < items.count, s < order.count {
            if items[p].objectValue?[Directive.patch] != nil {
                p += 1
                continue
            }
            if try sameMergeKey(items[p], order[s], mergeKey: mergeKey) { p += 1 }
            s += 1
        }
        if p < items.count {
            let patchText = GoFormat.list(patchList)
            let orderText = GoFormat.list(order)
            throw PatchError(
                .unclassified,
                "The order in patch list:\n\(patchText)\n doesn't match \(Directive.setElementOrder) list:\n\(orderText)\n"
            )
        }
    }

    private static func sameMergeKey(
        _ left: JSONValue, _ right: JSONValue, mergeKey: String
    ) throws(PatchError) -> Bool {
        guard !mergeKey.isEmpty else { return left == right }
        guard case .object(let l) = left else { throw PatchError.badArgType(expected: .map, actual: left) }
        guard case .object(let r) = right else { throw PatchError.badArgType(expected: .map, actual: right) }
        guard let lk = l[mergeKey] else { throw PatchError.noMergeKey(l, mergeKey) }
        guard let rk = r[mergeKey] else { throw PatchError.noMergeKey(r, mergeKey) }
        return lk == rk
    }

    /// The list name after `$setElementOrder/` or `$deleteFromPrimitiveList/`.
    static func extractListKey(_ key: String, prefix: String) throws(PatchError) -> String {
        let parts = key.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == prefix else {
            throw prefix == Directive.deleteFromPrimitiveList
                ? PatchError.badFormatForPrimitiveList : PatchError.badFormatForSetElementOrder
        }
        return String(parts[1])
    }

    // MARK: - Storing patch values

    /// A patch value that lands where the original has nothing to merge with.
    /// As upstream: nulls in objects are dropped, and any object carrying
    /// `$patch` is left out (nil when the value itself is such an object).
    /// The other directive keys are dropped too; upstream leaves them for
    /// typed decoding to discard, and we store JSON as it is.
    static func materialized(_ value: JSONValue) -> JSONValue? {
        switch value {
        case .object(let o):
            if o[Directive.patch] != nil { return nil }
            var out = JSONObject()
            for (key, member) in o where !member.isNull && !Directive.isDirectiveKey(key) {
                if let kept = materialized(member) { out[key] = kept }
            }
            return .object(out)
        case .array(let a):
            return .array(a.compactMap(materialized))
        default:
            return value
        }
    }

    /// A patch object taken literally (`$patch: replace`, a new list item):
    /// upstream stores it raw and typed decoding then drops nulls and unknown
    /// `$` keys; we drop them here so stored objects look the same.
    static func cleaned(_ object: JSONObject) -> JSONObject {
        var out = JSONObject()
        for (key, member) in object where !member.isNull && !Directive.isDirectiveKey(key) {
            out[key] = cleaned(member)
        }
        return out
    }

    static func cleaned(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let o): return .object(cleaned(o))
        case .array(let a): return .array(a.map(cleaned))
        default: return value
        }
    }
}
