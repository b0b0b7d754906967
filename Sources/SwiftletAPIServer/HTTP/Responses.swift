import HTTPTypes
import Hummingbird
import NIOCore
import SwiftletAPI

/// Building HTTP responses from JSON documents and API errors.
enum Responses {
    /// Set while a resource request whose client prefers protobuf is served.
    /// The encoding is a property of the request, and every document a
    /// resource request answers with (objects, lists, Status errors) is
    /// built here, so the choice is made once rather than in every verb.
    @TaskLocal static var protobufPreferred = false

    /// A JSON body with the trailing newline upstream's encoder writes, or
    /// its protobuf form when the client prefers that and the kind has one.
    static func json(
        _ value: JSONValue, status: HTTPResponse.Status = .ok, contentType: String = MediaTypes.json,
        warnings: [String] = []
    ) -> Response {
        if protobufPreferred, contentType == MediaTypes.json, let bytes = KubernetesProtobuf.encode(value) {
            return raw(bytes, status: status, contentType: MediaTypes.protobuf, warnings: warnings)
        }
        var bytes = value.serialized()
        bytes.append(UInt8(ascii: "\n"))
        return raw(bytes, status: status, contentType: contentType, warnings: warnings)
    }

    static func raw(_ bytes: [UInt8], status: HTTPResponse.Status = .ok, contentType: String, warnings: [String] = [])
        -> Response
    {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-cache, private"
        for w in warnings {
            headers.append(
                HTTPField(
                    name: HTTPField.Name("Warning")!,
                    value: "299 - \"\(w.replacingOccurrences(of: "\"", with: "\\\""))\""))
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func error(_ error: APIError) -> Response {
        var response = json(error.status, status: HTTPResponse.Status(code: error.code))
        if let retry = error.retryAfterSeconds { response.headers[.retryAfter] = String(retry) }
        return response
    }

    static func text(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        raw(Array(text.utf8), status: status, contentType: "text/plain; charset=utf-8")
    }
}
