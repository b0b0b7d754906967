import Foundation

/// Read-only access to an object's JSON with Go's zero values for missing
/// fields, so printers read like upstream's (which see typed structs): an
/// absent string is "", an absent count is 0, an absent list is empty.
struct PrintedObject: Sendable {
    let value: JSONValue

    init(_ value: JSONValue) { self.value = value }

    /// A nested member; missing steps yield a null object.
    subscript(_ path: String...) -> PrintedObject {
        PrintedObject(value[path: path] ?? .null)
    }

    /// Set and not null (a Go pointer that is non-nil).
    var exists: Bool { !value.isNull }
    var string: String { value.stringValue ?? "" }
    var int: Int64 { value.intValue ?? 0 }
    var intOrNil: Int64? { value.intValue }
    var bool: Bool { value.boolValue ?? false }
    var boolOrNil: Bool? { value.boolValue }
    var array: [PrintedObject] { (value.arrayValue ?? []).map(PrintedObject.init) }
    var count: Int {
        switch value {
        case .array(let a): return a.count
        case .object(let o): return o.count
        default: return 0
        }
    }
    var members: [(key: String, value: PrintedObject)] {
        (value.objectValue?.members ?? []).map { (key: $0.key, value: PrintedObject($0.value)) }
    }
    /// A map of strings (labels, annotations, selectors).
    var stringMap: [String: String] {
        var out: [String: String] = [:]
        for m in value.objectValue?.members ?? [] { out[m.key] = m.value.stringValue ?? "" }
        return out
    }
    /// The instant of an RFC 3339 timestamp; nil when unset, unparseable or
    /// Go's zero time (what `metav1.Time.IsZero` reports).
    var time: Date? {
        guard let s = value.stringValue, let d = RFC3339.parse(s), d != RFC3339.zero else { return nil }
        return d
    }
    /// A resource quantity as its string (`1Gi`); Go's zero quantity prints
    /// `0`.
    var quantity: String {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        default: return "0"
        }
    }
    /// The object when set, else an empty object (a required struct field
    /// that Go reads as its zero value).
    var orEmptyObject: PrintedObject { exists ? self : PrintedObject(.object(JSONObject())) }
    /// An int-or-string (`intstr.IntOrString.String()`).
    var intOrString: String {
        switch value {
        case .int(let i): return String(i)
        case .double: return value.intValue.map { String($0) } ?? ""
        case .string(let s): return s
        default: return "0"
        }
    }
}

/// Formatting helpers shared by the printers, each matching the upstream
/// helper named in its comment.
enum TableFormat {
    /// `translateTimestampSince`: the age of a timestamp, `<unknown>` when unset.
    static func since(_ date: Date?, now: Date) -> String {
        guard let date else { return "<unknown>" }
        return HumanDuration.string(now.timeIntervalSince(date))
    }

    /// The AGE cell of an object.
    static func age(_ obj: PrintedObject, now: Date) -> JSONValue {
        .string(since(obj["metadata", "creationTimestamp"].time, now: now))
    }

    /// Sorted byte-wise, as Go's `sort.Strings` orders.
    static func sorted(_ strings: some Sequence<String>) -> [String] {
        strings.sorted(by: byteOrderLess)
    }

    /// `labels.FormatLabels`: `k=v` pairs sorted and joined, `<none>` if empty.
    static func labels(_ map: [String: String]) -> String {
        let s = sorted(map.map { "\($0.key)=\($0.value)" }).joined(separator: ",")
        return s.isEmpty ? "<none>" : s
    }

    /// `metav1.LabelSelectorAsSelector(...).String()`: nil when the selector
    /// is invalid; "" for a missing or empty selector.
    static func selector(_ sel: PrintedObject) -> String? {
        guard let selector = try? LabelSelector(json: sel.value) else { return nil }
        return selector.description
    }

    /// `metav1.FormatLabelSelector`: `<error>` when invalid, `<none>` when empty.
    static func labelSelector(_ sel: PrintedObject) -> String {
        guard let s = selector(sel) else { return "<error>" }
        return s.isEmpty ? "<none>" : s
    }

    /// `layoutContainerCells`: container names and images, comma-joined.
    static func containers(_ podSpec: PrintedObject) -> (names: JSONValue, images: JSONValue) {
        let containers = podSpec["containers"].array
        return (
            .string(containers.map { $0["name"].string }.joined(separator: ",")),
            .string(containers.map { $0["image"].string }.joined(separator: ","))
        )
    }

    /// `listWithMoreString`: up to `max` items, then ` + N more...`;
    /// `<unset>` when there is nothing.
    static func listWithMore(_ items: [String], max: Int = 3) -> String {
        let shown = items.prefix(max).joined(separator: ",")
        if items.count > max { return "\(shown) + \(items.count - max) more..." }
        return shown.isEmpty ? "<unset>" : shown
    }

    /// `printBoolPtr`: `True`, `False` or `<unset>`.
    static func boolPointer(_ value: PrintedObject) -> String {
        guard let b = value.boolOrNil else { return "<unset>" }
        return b ? "True" : "False"
    }

    /// `net.JoinHostPort`: brackets around IPv6 hosts.
    static func joinHostPort(_ host: String, _ port: Int64) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
