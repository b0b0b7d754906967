import Foundation

/// Protobuf message -> the JSON document Go's JSON encoder would write for
/// the same object, driven by the catalog.
///
/// Zero values follow Go's structs: a non-pointer field holding its zero value
/// is left out when its JSON tag says `omitempty` (upstream's defaulting sees
/// such a field as unset too); a pointer field is kept whenever it was sent,
/// so `replicas: 0` stays 0. Unknown field numbers are skipped, as upstream's
/// generated decoders do; everything else that does not fit is an error.
struct ProtobufDecoder {
    static let maxDepth = 64

    let catalog: ProtobufCatalog
    let bytes: [UInt8]

    typealias WellKnown = ProtobufCatalog.WellKnown

    /// The JSON form of message `name` held in `range`; nil for a value Go
    /// writes as absent (a zero `Time`, an empty raw extension).
    func value(of name: String, in range: Range<Int>, depth: Int) throws(ProtobufError) -> JSONValue? {
        guard depth < Self.maxDepth else {
            throw ProtobufError("messages nest deeper than \(Self.maxDepth) levels")
        }
        var reader = WireReader(bytes, range: range)
        switch name {
        case WellKnown.time, WellKnown.microTime:
            var seconds: Int64 = 0
            var nanos: Int32 = 0
            var seen = false
            while !reader.isAtEnd {
                let (number, wireType) = try reader.tag()
                switch (number, wireType) {
                case (1, .varint): seconds = Int64(bitPattern: try reader.varint())
                case (2, .varint): nanos = Int32(truncatingIfNeeded: try reader.varint())
                default: try reader.skip(wireType)
                }
                seen = true
            }
            guard seen else { return nil }
            return .string(Timestamp.rfc3339(seconds: seconds, nanos: nanos, micro: name == WellKnown.microTime))
        case WellKnown.duration:
            var nanoseconds: Int64 = 0
            while !reader.isAtEnd {
                let (number, wireType) = try reader.tag()
                if number == 1, wireType == .varint {
                    nanoseconds = Int64(bitPattern: try reader.varint())
                } else {
                    try reader.skip(wireType)
                }
            }
            return .string(GoDuration.format(nanoseconds))
        case WellKnown.quantity:
            var text = ""
            while !reader.isAtEnd {
                let (number, wireType) = try reader.tag()
                if number == 1, wireType == .lengthDelimited {
                    text = try string(try reader.lengthDelimited(), field: "string")
                } else {
                    try reader.skip(wireType)
                }
            }
            return .string(text.isEmpty ? "0" : text)
        case WellKnown.intOrString:
            var isString = false
            var int: Int32 = 0
            var text = ""
            while !reader.isAtEnd {
                let (number, wireType) = try reader.tag()
                switch (number, wireType) {
                case (1, .varint): isString = try reader.varint() == 1
                case (2, .varint): int = Int32(truncatingIfNeeded: try reader.varint())
                case (3, .lengthDelimited): text = try string(try reader.lengthDelimited(), field: "strVal")
                default: try reader.skip(wireType)
                }
            }
            return isString ? .string(text) : .int(Int64(int))
        case WellKnown.fieldsV1, WellKnown.rawExtension:
            var raw: Range<Int>?
            while !reader.isAtEnd {
                let (number, wireType) = try reader.tag()
                if number == 1, wireType == .lengthDelimited {
                    raw = try reader.lengthDelimited()
                } else {
                    try reader.skip(wireType)
                }
            }
            guard let raw, !raw.isEmpty else { return nil }
            return try embedded(raw, depth: depth)
        default:
            guard let message = catalog.messages[name] else {
                throw ProtobufError("no protobuf message \(name) is known")
            }
            if message.isList {
                let items = try object(message, in: range, depth: depth)
                return items["items"] ?? .array([])
            }
            return .object(try object(message, in: range, depth: depth))
        }
    }

    /// A raw extension's bytes: an embedded protobuf object or JSON.
    private func embedded(_ range: Range<Int>, depth: Int) throws(ProtobufError) -> JSONValue {
        let raw = Array(bytes[range])
        if raw.starts(with: KubernetesProtobuf.magic) {
            return try KubernetesProtobuf.decode(raw, catalog: catalog, depth: depth + 1)
        }
        do {
            return try JSONParser.parse(raw, limits: JSONParseLimits(maxDepth: Self.maxDepth))
        } catch {
            throw ProtobufError("an embedded object is neither protobuf nor JSON: \(error)")
        }
    }

    private func string(_ range: Range<Int>, field: String) throws(ProtobufError) -> String {
        guard let text = String(validating: bytes[range], as: UTF8.self) else {
            throw ProtobufError("field \(field) holds invalid UTF-8")
        }
        return text
    }

    /// The fields of one message as a JSON object, in field-number order.
    private func object(
        _ message: ProtobufCatalog.Message, in range: Range<Int>, depth: Int
    ) throws(ProtobufError) -> JSONObject {
        var values: [Int: JSONValue] = [:]
        var lists: [Int: [JSONValue]] = [:]
        var maps: [Int: JSONObject] = [:]
        var reader = WireReader(bytes, range: range)
        while !reader.isAtEnd {
            let (number, wireType) = try reader.tag()
            guard let field = message.field(number: number) else {
                try reader.skip(wireType)
                continue
            }
            if let keyType = field.mapKey {
                guard wireType == .lengthDelimited else { throw wrongWireType(field, wireType) }
                let (key, value) = try mapEntry(
                    try reader.lengthDelimited(), field: field, keyType: keyType, depth: depth)
                maps[number, default: JSONObject()][key] = value
            } else if field.repeated {
                lists[number, default: []] += try repeatedValues(field, wireType, &reader, depth: depth)
            } else {
                // The last occurrence wins; one Go writes as absent (a zero Time) clears it.
                values[number] = try singleValue(field, wireType, &reader, depth: depth)
            }
        }
        var out = JSONObject()
        for field in message.fields {
            if let map = maps[field.number] {
                if !map.isEmpty { out[field.jsonName] = .object(map) }
            } else if let list = lists[field.number] {
                if !list.isEmpty { out[field.jsonName] = .array(list) }
            } else if let value = values[field.number] {
                if field.inline {
                    for member in value.objectValue ?? JSONObject() { out[member.key] = member.value }
                } else if field.jsonName == "-" || field.jsonName.isEmpty {
                    continue
                } else if case .scalar = field.type, !field.pointer, field.omitEmpty, Self.isZero(value) {
                    continue
                } else {
                    out[field.jsonName] = value
                }
            }
        }
        return out
    }

    static func isZero(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let s): return s.isEmpty
        case .int(let i): return i == 0
        case .double(let d): return d == 0
        case .bool(let b): return !b
        default: return false
        }
    }

    private func wrongWireType(_ field: ProtobufCatalog.Field, _ wireType: WireType) -> ProtobufError {
        ProtobufError("field \(field.jsonName.isEmpty ? "#\(field.number)" : field.jsonName) has wire type \(wireType)")
    }

    private func singleValue(
        _ field: ProtobufCatalog.Field, _ wireType: WireType, _ reader: inout WireReader, depth: Int
    ) throws(ProtobufError) -> JSONValue? {
        switch field.type {
        case .message(let name):
            guard wireType == .lengthDelimited else { throw wrongWireType(field, wireType) }
            return try value(of: name, in: try reader.lengthDelimited(), depth: depth + 1)
        case .scalar(let scalar):
            return try scalarValue(scalar, field: field, wireType, &reader)
        }
    }

    private func repeatedValues(
        _ field: ProtobufCatalog.Field, _ wireType: WireType, _ reader: inout WireReader, depth: Int
    ) throws(ProtobufError) -> [JSONValue] {
        if case .scalar(let scalar) = field.type, wireType == .lengthDelimited, scalar != .string, scalar != .bytes {
            // A packed run of numbers.
            var packed = WireReader(bytes, range: try reader.lengthDelimited())
            var out: [JSONValue] = []
            let element: WireType = scalar == .double ? .fixed64 : scalar == .float ? .fixed32 : .varint
            while !packed.isAtEnd { out.append(try scalarValue(scalar, field: field, element, &packed)) }
            return out
        }
        if let value = try singleValue(field, wireType, &reader, depth: depth) { return [value] }
        return []
    }

    private func scalarValue(
        _ scalar: ProtobufCatalog.Scalar, field: ProtobufCatalog.Field, _ wireType: WireType,
        _ reader: inout WireReader
    ) throws(ProtobufError) -> JSONValue {
        switch (scalar, wireType) {
        case (.string, .lengthDelimited):
            return .string(try string(try reader.lengthDelimited(), field: field.jsonName))
        case (.bytes, .lengthDelimited):
            return .string(Data(bytes[try reader.lengthDelimited()]).base64EncodedString())
        case (.bool, .varint): return .bool(try reader.varint() != 0)
        case (.int32, .varint): return .int(Int64(Int32(truncatingIfNeeded: try reader.varint())))
        case (.int64, .varint): return .int(Int64(bitPattern: try reader.varint()))
        case (.uint32, .varint): return .int(Int64(UInt32(truncatingIfNeeded: try reader.varint())))
        case (.uint64, .varint):
            let v = try reader.varint()
            guard v <= UInt64(Int64.max) else { throw ProtobufError("field \(field.jsonName) overflows int64") }
            return .int(Int64(v))
        case (.double, .fixed64):
            let d = Double(bitPattern: try reader.fixed64())
            guard d.isFinite else { throw ProtobufError("field \(field.jsonName) is not a finite number") }
            return .double(d)
        case (.float, .fixed32):
            let f = Float(bitPattern: try reader.fixed32())
            guard f.isFinite else { throw ProtobufError("field \(field.jsonName) is not a finite number") }
            return .double(Double(f))
        default:
            throw wrongWireType(field, wireType)
        }
    }

    private func mapEntry(
        _ range: Range<Int>, field: ProtobufCatalog.Field, keyType: ProtobufCatalog.Scalar, depth: Int
    ) throws(ProtobufError) -> (String, JSONValue) {
        var reader = WireReader(bytes, range: range)
        var key = ""
        var value: JSONValue?
        let keyField = ProtobufCatalog.Field(
            number: 1, jsonName: "\(field.jsonName) key", type: .scalar(keyType), mapKey: nil, repeated: false,
            inline: false, omitEmpty: false, pointer: false)
        var valueField = field
        valueField.mapKey = nil
        while !reader.isAtEnd {
            let (number, wireType) = try reader.tag()
            switch number {
            case 1:
                switch try scalarValue(keyType, field: keyField, wireType, &reader) {
                case .string(let s): key = s
                case .int(let i): key = String(i)
                case .bool(let b): key = String(b)
                default: break
                }
            case 2: value = try singleValue(valueField, wireType, &reader, depth: depth)
            default: try reader.skip(wireType)
            }
        }
        if let value { return (key, value) }
        switch field.type {
        case .scalar(.string), .scalar(.bytes): return (key, .string(""))
        case .scalar(.bool): return (key, .bool(false))
        case .scalar: return (key, .int(0))
        case .message(let name): return (key, try self.value(of: name, in: 0..<0, depth: depth + 1) ?? .object([:]))
        }
    }
}

/// Go's `time.Duration` text, as `metav1.Duration` writes it in JSON.
enum GoDuration {
    static func format(_ nanoseconds: Int64) -> String {
        if nanoseconds == 0 { return "0s" }
        var u = nanoseconds.magnitude
        var text: String
        if u < 1_000_000_000 {
            let (unit, divisor): (String, UInt64) =
                u < 1000 ? ("ns", 1) : u < 1_000_000 ? ("µs", 1000) : ("ms", 1_000_000)
            text = fraction(u, divisor) + unit
        } else {
            let hours = u / 3_600_000_000_000
            u -= hours * 3_600_000_000_000
            let minutes = u / 60_000_000_000
            u -= minutes * 60_000_000_000
            text = (hours > 0 ? "\(hours)h" : "") + (hours > 0 || minutes > 0 ? "\(minutes)m" : "")
            text += fraction(u, 1_000_000_000) + "s"
        }
        return nanoseconds < 0 ? "-" + text : text
    }

    private static func fraction(_ value: UInt64, _ divisor: UInt64) -> String {
        let whole = value / divisor
        let rest = value % divisor
        guard rest > 0 else { return "\(whole)" }
        var digits = String(rest)
        let width = String(divisor).count - 1
        digits = String(repeating: "0", count: width - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }

    /// `1h2m3.5s`, `300ms`, `-1.5h`; nil when it is not a Go duration.
    static func parse(_ text: String) -> Int64? {
        var s = Substring(text)
        var negative = false
        if s.first == "-" || s.first == "+" {
            negative = s.first == "-"
            s = s.dropFirst()
        }
        if s == "0" { return 0 }
        guard !s.isEmpty else { return nil }
        let units: [(String, Double)] = [
            ("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 6e10), ("h", 3.6e12),
        ]
        var total = 0.0
        while !s.isEmpty {
            let number = s.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let n = Double(number) else { return nil }
            s = s.dropFirst(number.count)
            let unitText = s.prefix { !$0.isNumber && $0 != "." }
            guard let unit = units.first(where: { $0.0 == unitText }) else { return nil }
            s = s.dropFirst(unitText.count)
            total += n * unit.1
        }
        guard total < 9.2e18 else { return nil }
        return Int64(negative ? -total : total)
    }
}
