/// RFC 7386 JSON Merge Patch (`application/merge-patch+json`): objects merge
/// member by member, `null` deletes a member, anything else (arrays included)
/// replaces the target.
public enum MergePatch {
    public static func apply(_ patch: JSONValue, to document: JSONValue) -> JSONValue {
        guard case .object(let patchObject) = patch else { return patch }
        // A patch object applied to a non-object starts from an empty object,
        // which is also how nulls nested in new members get dropped.
        var target: JSONObject
        if case .object(let o) = document { target = o } else { target = JSONObject() }
        for (key, value) in patchObject {
            if value.isNull {
                target[key] = nil
            } else {
                target[key] = apply(value, to: target[key] ?? .null)
            }
        }
        return .object(target)
    }

    /// Upstream answers 400 "Invalid JSON Patch" when the merge patch body is
    /// `null` or a scalar; objects (and arrays, which replace the whole
    /// document and then fail decoding) get through. Call before `apply`.
    public static func validate(_ patch: JSONValue) throws(PatchError) {
        switch patch {
        case .object, .array: return
        default: throw PatchError(.malformedPatch, "Invalid JSON Patch")
        }
    }
}
