/// One entry of `metadata.managedFields`: the fields one manager owns
/// through one kind of operation, API version and subresource.
public struct ManagedFieldsEntry: Sendable, Equatable {
    public var manager: String
    /// `Apply` or `Update`.
    public var operation: String
    public var apiVersion: String
    public var time: String?
    public var subresource: String
    public var fields: FieldSet

    public init(
        manager: String, operation: String, apiVersion: String, time: String?, subresource: String,
        fields: FieldSet
    ) {
        self.manager = manager
        self.operation = operation
        self.apiVersion = apiVersion
        self.time = time
        self.subresource = subresource
        self.fields = fields
    }

    /// Two entries are one manager when all but time and fields agree.
    func isSameManager(as other: ManagedFieldsEntry) -> Bool {
        manager == other.manager && operation == other.operation && apiVersion == other.apiVersion
            && subresource == other.subresource
    }

    /// How conflicts name this manager, as upstream prints it.
    var described: String {
        var text = "\"\(manager)\""
        if !subresource.isEmpty { text += " with subresource \"\(subresource)\"" }
        if operation == "Update" { text += " using \(apiVersion)" }
        return text
    }

    public init?(json: JSONValue) {
        guard let o = json.objectValue, let manager = o["manager"]?.stringValue,
            let operation = o["operation"]?.stringValue, operation == "Apply" || operation == "Update"
        else { return nil }
        if let type = o["fieldsType"]?.stringValue, type != "FieldsV1" { return nil }
        guard let fields = o["fieldsV1"].map({ FieldSet(fieldsV1: $0) }) ?? FieldSet() else { return nil }
        self.init(
            manager: manager, operation: operation, apiVersion: o["apiVersion"]?.stringValue ?? "",
            time: o["time"]?.stringValue, subresource: o["subresource"]?.stringValue ?? "", fields: fields)
    }

    public var json: JSONValue {
        var o = JSONObject()
        o["manager"] = .string(manager)
        o["operation"] = .string(operation)
        o["apiVersion"] = .string(apiVersion)
        if let time { o["time"] = .string(time) }
        o["fieldsType"] = "FieldsV1"
        o["fieldsV1"] = fields.fieldsV1
        if !subresource.isEmpty { o["subresource"] = .string(subresource) }
        return .object(o)
    }
}

/// Server-side apply and the field ownership every write records in
/// `metadata.managedFields`, as upstream's field manager keeps it.
public struct FieldManager: Sendable {
    /// The schema of the kind written.
    public var schema: MergeSchema
    /// `status` for writes to the status subresource, or empty.
    public var subresource: String
    /// Whether the kind has a status subresource: then writes to the main
    /// resource own nothing under `status`, and status writes own only that.
    public var hasStatusSubresource: Bool

    public init(schema: MergeSchema, subresource: String, hasStatusSubresource: Bool) {
        self.schema = schema
        self.subresource = subresource
        self.hasStatusSubresource = hasStatusSubresource
    }

    public struct Conflict: Sendable, Equatable {
        /// The other manager, as upstream names it in messages.
        public var manager: String
        /// The path, as upstream prints it (`.data.key`).
        public var field: String

        public init(manager: String, field: String) {
            self.manager = manager
            self.field = field
        }
    }

    public enum Failure: Error, Sendable, Equatable {
        case conflicts([Conflict])
        /// An applied configuration or managedFields that cannot be read.
        case invalid(String)

        public var message: String {
            switch self {
            case .invalid(let text): return text
            case .conflicts(let conflicts):
                if conflicts.count == 1 {
                    return "Apply failed with 1 conflict: conflict with \(conflicts[0].manager): \(conflicts[0].field)"
                }
                var lines: [String] = []
                let managers = Set(conflicts.map(\.manager)).sorted()
                for manager in managers {
                    lines.append("conflicts with \(manager):")
                    for c in conflicts where c.manager == manager { lines.append("- \(c.field)") }
                }
                return "Apply failed with \(conflicts.count) conflicts: " + lines.joined(separator: "\n")
            }
        }
    }

    /// Fields no manager owns: identity and server-kept metadata.
    static let unowned: Set<String> = [
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
        "deletionGracePeriodSeconds", "selfLink", "managedFields",
    ]

    /// The part of an object managers can own through this subresource.
    func ownable(_ object: JSONValue) -> JSONValue {
        guard var o = object.objectValue else { return object }
        o["apiVersion"] = nil
        o["kind"] = nil
        if var meta = o["metadata"]?.objectValue {
            for key in Self.unowned { meta[key] = nil }
            o["metadata"] = meta.isEmpty ? nil : .object(meta)
        }
        if hasStatusSubresource {
            if subresource == "status" {
                o = o["status"].map { ["status": $0] } ?? JSONObject()
            } else {
                o["status"] = nil
            }
        }
        return .object(o)
    }

    public static func entries(of object: JSONValue) -> [ManagedFieldsEntry] {
        (object[path: ["metadata", "managedFields"]]?.arrayValue ?? []).compactMap(ManagedFieldsEntry.init(json:))
    }

    static func store(_ entries: [ManagedFieldsEntry], in object: inout JSONValue) {
        let kept = entries.filter { !$0.fields.isEmpty }
        object.setManagedFields(kept.isEmpty ? nil : .array(kept.map(\.json)))
    }

    /// Records a create, update or patch by `manager`: it owns what it added
    /// or changed, others lose what it changed, and removed fields leave
    /// every manager. managedFields the writer set itself replace the old
    /// ones; `[{}]` clears them (and `[]` leaves them as they were).
    public func recordUpdate(
        old: JSONValue?, new: inout JSONValue, manager: String, apiVersion: String, now: String
    ) throws(Failure) {
        var entries = old.map(Self.entries(of:)) ?? []
        let oldDocument = old?[path: ["metadata", "managedFields"]]
        if let sent = new[path: ["metadata", "managedFields"]], sent != oldDocument,
            let list = sent.arrayValue, !list.isEmpty
        {
            if list.count == 1, list[0].objectValue?.isEmpty == true {
                new.setManagedFields(nil)
                return
            }
            let read = list.compactMap(ManagedFieldsEntry.init(json:))
            guard read.count == list.count else {
                throw .invalid(
                    "metadata.managedFields: Invalid value: \"\": each entry needs a manager, an operation of Apply or Update and FieldsV1 fields"
                )
            }
            entries = read
        }
        let (changed, removed) = ObjectFields.changes(
            from: old.map(ownable), to: ownable(new), schema: schema)
        for i in entries.indices {
            entries[i].fields = entries[i].fields.subtracting(changed).subtractingSubtrees(removed)
        }
        let me = ManagedFieldsEntry(
            manager: manager, operation: "Update", apiVersion: apiVersion, time: now, subresource: subresource,
            fields: FieldSet())
        if let i = entries.firstIndex(where: { $0.isSameManager(as: me) }) {
            if !changed.isEmpty {
                entries[i].fields = entries[i].fields.union(changed)
                entries[i].time = now
            }
        } else if !changed.isEmpty {
            var added = me
            added.fields = changed
            entries.append(added)
        }
        Self.store(entries, in: &new)
    }

    /// Server-side apply of `applied` by `manager` to `live` (nil when the
    /// object does not exist yet): returns the merged object with its
    /// managedFields. Fields another manager owns and the apply would change
    /// are conflicts unless `force`, which takes them over; fields this
    /// manager applied before and no longer applies are removed unless
    /// someone else owns them too.
    public func apply(
        _ applied: JSONValue, to live: JSONValue?, manager: String, apiVersion: String, force: Bool, now: String
    ) throws(Failure) -> JSONValue {
        let appliedSet: FieldSet
        do {
            appliedSet = try ObjectFields.applied(ownable(applied), schema: schema)
        } catch {
            throw .invalid(error.message)
        }
        var entries = live.map(Self.entries(of:)) ?? []
        if let live, entries.isEmpty {
            // An object written before fields were tracked: whatever it holds
            // belongs to a manager of its own, so the first apply neither
            // silently overrides nor removes it.
            entries.append(
                ManagedFieldsEntry(
                    manager: "before-first-apply", operation: "Update", apiVersion: apiVersion, time: now,
                    subresource: subresource, fields: ObjectFields.all(ownable(live), schema: schema)))
        }
        let me = ManagedFieldsEntry(
            manager: manager, operation: "Apply", apiVersion: apiVersion, time: now, subresource: subresource,
            fields: appliedSet)
        var merged = ObjectFields.merge(live, applied, schema: schema)
        let (changed, _) = ObjectFields.changes(from: live.map(ownable), to: ownable(merged), schema: schema)

        var conflicts: [Conflict] = []
        for i in entries.indices where !entries[i].isSameManager(as: me) {
            let contested = entries[i].fields.intersection(changed)
            if contested.isEmpty { continue }
            if force {
                entries[i].fields = entries[i].fields.subtracting(contested)
            } else {
                conflicts += contested.paths.map {
                    Conflict(manager: entries[i].described, field: FieldPathElement.describe($0))
                }
            }
        }
        if !conflicts.isEmpty { throw .conflicts(conflicts) }

        let previous = entries.first { $0.isSameManager(as: me) }?.fields ?? FieldSet()
        let others = entries.filter { !$0.isSameManager(as: me) }
        var dropped = FieldSet()
        // A path goes only when nothing under it is still applied (a map
        // whose fields are applied stays, though the map itself is no
        // longer named) and no other manager owns anything there.
        for path in previous.subtracting(appliedSet).paths
        where !appliedSet.containsAny(atOrBelow: path)
            && !others.contains(where: { $0.fields.containsAny(atOrBelow: path) })
        {
            dropped.insert(path)
        }
        if !dropped.isEmpty { merged = ObjectFields.removing(dropped, from: merged, schema: schema) }

        entries.removeAll { $0.isSameManager(as: me) }
        entries.append(me)
        Self.store(entries, in: &merged)
        return merged
    }
}

extension JSONValue {
    fileprivate mutating func setManagedFields(_ value: JSONValue?) {
        guard case .object(var o) = self else { return }
        var meta = o["metadata"]?.objectValue ?? JSONObject()
        meta["managedFields"] = value
        o["metadata"] = .object(meta)
        self = .object(o)
    }
}
