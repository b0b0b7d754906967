import SwiftletAPI
import Yams

/// The body of an `application/apply-patch+yaml` request: a YAML or JSON
/// document, read into the JSON it stands for within bounds, so aliases
/// that expand without end (the "billion laughs") or deep nesting are a 400
/// and not a server out of memory.
enum ApplyPatchBody {
    /// Values a YAML document may expand to, aliases counted each time: at
    /// most 20 per byte of the document (plain YAML needs two bytes or more
    /// a value, so only aliases reach it), and never more than a million.
    /// A small "billion laughs" thus fails within milliseconds.
    static func maxNodes(forBytes count: Int) -> Int { min(1_000_000, max(10_000, count * 20)) }
    static let maxDepth = 100
    static let nonStringStarts = Set("0123456789+-.~nNtTfFyYoO".utf8)

    static func decode(_ body: [UInt8]) throws(APIError) -> JSONValue {
        let first = body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        let value: JSONValue
        if first == UInt8(ascii: "{") {
            value = try Admission.parseJSON(body)
        } else {
            guard let text = String(validating: body, as: UTF8.self) else {
                throw APIError.badRequest("error decoding YAML: invalid UTF-8 in the body")
            }
            let node: Node?
            do {
                node = try Yams.compose(yaml: text)
            } catch {
                throw APIError.badRequest("error decoding YAML: \(error)")
            }
            guard let node else { throw APIError.badRequest("the body of the request is empty") }
            let limit = maxNodes(forBytes: body.count)
            var budget = limit
            value = try json(node, depth: 0, budget: &budget, limit: limit)
        }
        guard value.objectValue != nil else {
            throw APIError.badRequest("the body of the request must be an object, not \(value.typeName)")
        }
        return value
    }

    private static func json(_ node: Node, depth: Int, budget: inout Int, limit: Int) throws(APIError) -> JSONValue {
        budget -= 1
        if budget < 0 {
            throw APIError.badRequest(
                "error decoding YAML: the document expands to more than \(limit) values (excessive aliasing)")
        }
        if depth > maxDepth {
            throw APIError.badRequest("error decoding YAML: the document nests deeper than \(maxDepth) levels")
        }
        switch node {
        case .scalar(let scalar):
            // Quoted and block scalars are strings; plain ones resolve as YAML does.
            if scalar.style != .plain && scalar.style != .any { return .string(scalar.string) }
            // Only these can start a null, boolean or number; the rest are
            // strings without asking the (slower) YAML resolvers.
            if let first = scalar.string.utf8.first, !Self.nonStringStarts.contains(first) {
                return .string(scalar.string)
            }
            if node.null != nil { return .null }
            if let b = node.bool { return .bool(b) }
            if let i = node.int { return .int(Int64(i)) }
            if let d = node.float {
                guard d.isFinite else {
                    throw APIError.badRequest("error decoding YAML: \(scalar.string) is not a finite number")
                }
                return .double(d)
            }
            return .string(scalar.string)
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, value) in mapping {
                guard case .scalar(let k) = key else {
                    throw APIError.badRequest("error decoding YAML: a mapping key must be a string")
                }
                if object[k.string] != nil {
                    throw APIError.badRequest("error decoding YAML: duplicate key \"\(k.string)\"")
                }
                object[k.string] = try json(value, depth: depth + 1, budget: &budget, limit: limit)
            }
            return .object(object)
        case .sequence(let sequence):
            var items: [JSONValue] = []
            for item in sequence { items.append(try json(item, depth: depth + 1, budget: &budget, limit: limit)) }
            return .array(items)
        }
    }
}
