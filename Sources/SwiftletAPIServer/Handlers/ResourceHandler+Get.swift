import Hummingbird
import SwiftletAPI

extension ResourceHandler {
    func get(_ request: ResourceRequest) async throws -> Response {
        let (object, _) = try await current(request)
        if request.subresource == "scale" {
            return Responses.json(try ScaleSubresource.scale(of: object, request))
        }
        return try render(object, request)
    }
}
