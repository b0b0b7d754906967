/// `application/vnd.kubernetes.protobuf`: the magic `k8s\0` followed by a
/// `runtime.Unknown` whose `typeMeta` names the kind and whose `raw` holds
/// the object's message (which carries no apiVersion or kind of its own).
public enum KubernetesProtobuf {
    public static let mediaType = "application/vnd.kubernetes.protobuf"
    public static let magic: [UInt8] = [0x6b, 0x38, 0x73, 0x00]

    /// The JSON object a protobuf body holds, `kind` and `apiVersion` first.
    public static func decode(_ body: [UInt8], catalog: ProtobufCatalog = .builtin) throws(ProtobufError) -> JSONValue {
        try decode(body, catalog: catalog, depth: 0)
    }

    static func decode(_ body: [UInt8], catalog: ProtobufCatalog, depth: Int) throws(ProtobufError) -> JSONValue {
        guard body.starts(with: magic) else {
            throw ProtobufError("the data does not start with the protobuf prefix k8s\\x00")
        }
        var reader = WireReader(body, range: magic.count..<body.count)
        var apiVersion = ""
        var kind = ""
        var raw: Range<Int> = 0..<0
        var contentEncoding = ""
        let decoder = ProtobufDecoder(catalog: catalog, bytes: body)
        func text(_ range: Range<Int>) throws(ProtobufError) -> String {
            guard let s = String(validating: body[range], as: UTF8.self) else {
                throw ProtobufError("the envelope holds invalid UTF-8")
            }
            return s
        }
        while !reader.isAtEnd {
            let (number, wireType) = try reader.tag()
            switch (number, wireType) {
            case (1, .lengthDelimited):
                var typeMeta = WireReader(body, range: try reader.lengthDelimited())
                while !typeMeta.isAtEnd {
                    let (n, wt) = try typeMeta.tag()
                    switch (n, wt) {
                    case (1, .lengthDelimited): apiVersion = try text(try typeMeta.lengthDelimited())
                    case (2, .lengthDelimited): kind = try text(try typeMeta.lengthDelimited())
                    default: try typeMeta.skip(wt)
                    }
                }
            case (2, .lengthDelimited): raw = try reader.lengthDelimited()
            case (3, .lengthDelimited): contentEncoding = try text(try reader.lengthDelimited())
            default: try reader.skip(wireType)
            }
        }
        guard contentEncoding.isEmpty else {
            throw ProtobufError("content encoding \"\(contentEncoding)\" is not supported")
        }
        guard !kind.isEmpty else { throw ProtobufError("Object 'Kind' is missing") }
        guard let name = catalog.messageName(apiVersion: apiVersion, kind: kind) else {
            throw ProtobufError("no kind \"\(kind)\" is registered for version \"\(apiVersion)\"")
        }
        var object: JSONObject = ["kind": .string(kind), "apiVersion": .string(apiVersion)]
        let fields = try decoder.value(of: name, in: raw, depth: depth)
        for member in fields?.objectValue ?? JSONObject() where member.key != "kind" && member.key != "apiVersion" {
            object[member.key] = member.value
        }
        return .object(object)
    }

    /// The protobuf body for a JSON object; nil when its kind has no message.
    public static func encode(_ object: JSONValue, catalog: ProtobufCatalog = .builtin) -> [UInt8]? {
        guard let kind = object["kind"]?.stringValue, let apiVersion = object["apiVersion"]?.stringValue,
            let name = catalog.messageName(apiVersion: apiVersion, kind: kind),
            let raw = ProtobufEncoder(catalog: catalog).encode(name, object)
        else { return nil }
        var typeMeta = WireWriter()
        typeMeta.lengthDelimited(1, Array(apiVersion.utf8))
        typeMeta.lengthDelimited(2, Array(kind.utf8))
        var unknown = WireWriter()
        unknown.bytes = magic
        unknown.lengthDelimited(1, typeMeta.bytes)
        unknown.lengthDelimited(2, raw)
        unknown.lengthDelimited(3, [])
        unknown.lengthDelimited(4, [])
        return unknown.bytes
    }
}
