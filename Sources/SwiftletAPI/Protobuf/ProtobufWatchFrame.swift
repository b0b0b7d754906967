/// Watch events in protobuf, as upstream streams them to clients that ask
/// for `application/vnd.kubernetes.protobuf`: each event is a meta/v1
/// `WatchEvent` message (type = 1, object = 2, a `RawExtension` whose raw
/// bytes = 1 hold the object in the usual `k8s\0` envelope), written without
/// an envelope of its own and preceded by its length as four big-endian
/// bytes.
public enum ProtobufWatchFrame {
    /// The frame for one event; nil when the object's kind has no message.
    public static func encode(type: String, object: JSONValue, catalog: ProtobufCatalog = .builtin) -> [UInt8]? {
        guard let embedded = KubernetesProtobuf.encode(object, catalog: catalog) else { return nil }
        var raw = WireWriter()
        raw.lengthDelimited(1, embedded)
        var event = WireWriter()
        event.lengthDelimited(1, Array(type.utf8))
        event.lengthDelimited(2, raw.bytes)
        let length = UInt32(event.bytes.count)
        return [UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff)]
            + event.bytes
    }

    /// Reads the frames of a stream: each event's type and object.
    public static func decode(_ stream: [UInt8], catalog: ProtobufCatalog = .builtin) throws(ProtobufError) -> [(
        type: String, object: JSONValue
    )] {
        var events: [(String, JSONValue)] = []
        var position = 0
        while position < stream.count {
            guard stream.count - position >= 4 else { throw ProtobufError("a frame length is cut short") }
            let length =
                Int(stream[position]) << 24 | Int(stream[position + 1]) << 16 | Int(stream[position + 2]) << 8
                | Int(stream[position + 3])
            position += 4
            guard length <= stream.count - position else { throw ProtobufError("a frame runs past the stream") }
            var reader = WireReader(stream, range: position..<(position + length))
            position += length
            var type = ""
            var object: JSONValue? = nil
            while !reader.isAtEnd {
                let (number, wireType) = try reader.tag()
                switch (number, wireType) {
                case (1, .lengthDelimited):
                    type = String(decoding: stream[try reader.lengthDelimited()], as: UTF8.self)
                case (2, .lengthDelimited):
                    var raw = WireReader(stream, range: try reader.lengthDelimited())
                    while !raw.isAtEnd {
                        let (n, w) = try raw.tag()
                        if n == 1, w == .lengthDelimited {
                            object = try KubernetesProtobuf.decode(
                                Array(stream[try raw.lengthDelimited()]), catalog: catalog)
                        } else {
                            try raw.skip(w)
                        }
                    }
                default:
                    try reader.skip(wireType)
                }
            }
            guard let object else { throw ProtobufError("a watch event without an object") }
            events.append((type, object))
        }
        return events
    }
}
