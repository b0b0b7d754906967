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

    /// etcd's default request limit, which upstream's objects live under:
    /// a bigger object is refused with etcd's words, and the same holds for
    /// SQLite so that data moves between the two backends.
    static let maxStoredBytes = 1_572_864

    /// The stored form of an object written by a client, refused with 413
    /// when it is over the limit.
    static func encodeForStorage(_ object: JSONValue) throws(APIError) -> [UInt8] {
        let bytes = encode(object)
        if bytes.count > maxStoredBytes {
            throw APIError(code: 413, reason: "RequestEntityTooLarge", message: "etcdserver: request is too large")
        }
        return bytes
    }
}
