import Foundation

/// JSON document -> protobuf message, driven by the catalog. The input is an
/// object the server stored or built, so a member that does not fit its
/// field (or has none) is left out rather than failing the response.
struct ProtobufEncoder {
    let catalog: ProtobufCatalog

    typealias WellKnown = ProtobufCatalog.WellKnown

    /// The bytes of message `name` for `value`; nil when `value` has no
    /// protobuf form as that message.
    func encode(_ name: String, _ value: JSONValue, depth: Int = 0) -> [UInt8]? {
        guard depth < ProtobufDecoder.maxDepth else { return nil }
        var w = WireWriter()
        switch name {
        case WellKnown.time, WellKnown.microTime:
            guard let text = value.stringValue, let instant = Timestamp.parse(text) else { return nil }
            w.varintField(1, UInt64(bitPattern: instant.seconds))
            if name == WellKnown.microTime, instant.nanos != 0 {
                w.varintField(2, UInt64(bitPattern: Int64(instant.nanos)))
            }
        case WellKnown.duration:
            guard let text = value.stringValue, let nanoseconds = GoDuration.parse(text) else { return nil }
            w.varintField(1, UInt64(bitPattern: nanoseconds))
        case WellKnown.quantity:
            switch value {
            case .string(let s): w.lengthDelimited(1, Array(s.utf8))
            case .int(let i): w.lengthDelimited(1, Array(String(i).utf8))
            case .double(let d): w.lengthDelimited(1, Array(String(d).utf8))
            default: return nil
            }
        case WellKnown.intOrString:
            switch value {
            case .int(let i):
                w.varintField(1, 0)
                w.varintField(2, UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: i))))
                w.lengthDelimited(3, [])
            case .string(let s):
                w.varintField(1, 1)
                w.varintField(2, 0)
                w.lengthDelimited(3, Array(s.utf8))
            default: return nil
            }
        case WellKnown.fieldsV1, WellKnown.rawExtension:
            w.lengthDelimited(1, value.serialized())
        default:
            guard let message = catalog.messages[name] else { return nil }
            if message.isList {
                guard value.arrayValue != nil, let items = message.fields.first else { return nil }
                write(items, value, into: &w, depth: depth)
            } else {
                guard let object = value.objectValue else { return nil }
                fields(message, object, into: &w, depth: depth)
            }
        }
        return w.bytes
    }

    private func fields(_ message: ProtobufCatalog.Message, _ object: JSONObject, into w: inout WireWriter, depth: Int)
    {
        for field in message.fields {
            if field.inline {
                if case .message(let name) = field.type, let bytes = encode(name, .object(object), depth: depth + 1) {
                    w.lengthDelimited(field.number, bytes)
                }
                continue
            }
            guard !field.jsonName.isEmpty, field.jsonName != "-", let value = object[field.jsonName], !value.isNull
            else { continue }
            write(field, value, into: &w, depth: depth)
        }
    }

    private func write(_ field: ProtobufCatalog.Field, _ value: JSONValue, into w: inout WireWriter, depth: Int) {
        if let keyType = field.mapKey {
            guard let object = value.objectValue else { return }
            var element = field
            element.mapKey = nil
            element.number = 2
            for member in object.members.sorted(by: { $0.key < $1.key }) where !member.value.isNull {
                var entry = WireWriter()
                let key: JSONValue = keyType == .string ? .string(member.key) : .int(Int64(member.key) ?? 0)
                writeOne(.scalar(keyType), number: 1, key, into: &entry, depth: depth)
                writeOne(element.type, number: 2, member.value, into: &entry, depth: depth)
                w.lengthDelimited(field.number, entry.bytes)
            }
        } else if field.repeated {
            guard let array = value.arrayValue else { return }
            for element in array where !element.isNull {
                writeOne(field.type, number: field.number, element, into: &w, depth: depth)
            }
        } else {
            writeOne(field.type, number: field.number, value, into: &w, depth: depth)
        }
    }

    private func writeOne(
        _ type: ProtobufCatalog.ValueType, number: Int, _ value: JSONValue, into w: inout WireWriter, depth: Int
    ) {
        switch type {
        case .message(let name):
            if let bytes = encode(name, value, depth: depth + 1) { w.lengthDelimited(number, bytes) }
        case .scalar(let scalar):
            switch (scalar, value) {
            case (.string, .string(let s)): w.lengthDelimited(number, Array(s.utf8))
            case (.bytes, .string(let s)):
                if let data = Data(base64Encoded: s) { w.lengthDelimited(number, Array(data)) }
            case (.bool, .bool(let b)): w.varintField(number, b ? 1 : 0)
            case (.int32, _), (.int64, _):
                if let i = value.intValue { w.varintField(number, UInt64(bitPattern: i)) }
            case (.uint32, _), (.uint64, _):
                if let i = value.intValue, i >= 0 { w.varintField(number, UInt64(i)) }
            case (.double, .double(let d)): w.fixed64Field(number, d.bitPattern)
            case (.double, .int(let i)): w.fixed64Field(number, Double(i).bitPattern)
            case (.float, .double(let d)): w.fixed32Field(number, Float(d).bitPattern)
            case (.float, .int(let i)): w.fixed32Field(number, Float(i).bitPattern)
            default: break
            }
        }
    }
}
