import HTTPTypes
import Hummingbird
import NIOCore
import SwiftletAPI

/// Building HTTP responses from JSON documents and API errors.
enum Responses {
    /// A JSON body with the trailing newline upstream's encoder writes.
    static func json(
        _ value: JSONValue, status: HTTPResponse.Status = .ok, contentType: String = MediaTypes.json,
        warnings: [String] = []
    ) -> Response {
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
