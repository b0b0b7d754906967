import SwiftletAPI
import SwiftletStorage

/// Turns stored bytes into API objects and back. The resourceVersion is not
/// stored: it is the key's modRevision, filled in on every read, exactly as
/// upstream's etcd store does.
enum ObjectCodec {
    static func decode(_ kv: KeyValue) throws -> JSONValue {
        var object = try JSONParser.parse(kv.value)
        object.setMeta("resourceVersion", .string(String(kv.modRevision.value)))
        return object
    }

    static func encode(_ object: JSONValue) -> [UInt8] {
        var copy = object
        copy.setMeta("resourceVersion", nil)
        return copy.serialized()
    }
}
