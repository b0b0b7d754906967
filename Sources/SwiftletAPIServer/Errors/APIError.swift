import SwiftletAPI

/// An error answered to the client as a Kubernetes `Status` object, with
/// upstream's reasons, codes and message wording.
public struct APIError: Error, Sendable, Equatable {
    public struct Cause: Sendable, Equatable {
        public var reason: String
        public var message: String
        public var field: String
        public init(reason: String, message: String, field: String) {
            self.reason = reason
            self.message = message
            self.field = field
        }
    }

    public var code: Int
    public var reason: String
    public var message: String
    public var detailName: String? = nil
    public var detailGroup: String? = nil
    public var detailKind: String? = nil
    public var detailUID: String? = nil
    public var causes: [Cause] = []
    public var retryAfterSeconds: Int? = nil

    public init(code: Int, reason: String, message: String) {
        self.code = code
        self.reason = reason
        self.message = message
    }

    /// The Status object, with upstream's key order.
    public var status: JSONValue {
        var o = JSONObject()
        o["kind"] = "Status"
        o["apiVersion"] = "v1"
        o["metadata"] = .object(JSONObject())
        o["status"] = "Failure"
        o["message"] = .string(message)
        if !reason.isEmpty { o["reason"] = .string(reason) }
        var details = JSONObject()
        if let detailName { details["name"] = .string(detailName) }
        if let detailGroup, !detailGroup.isEmpty { details["group"] = .string(detailGroup) }
        if let detailKind { details["kind"] = .string(detailKind) }
        if let detailUID { details["uid"] = .string(detailUID) }
        if !causes.isEmpty {
            details["causes"] = .array(
                causes.map { c in
                    var co = JSONObject()
                    co["reason"] = .string(c.reason)
                    co["message"] = .string(c.message)
                    if !c.field.isEmpty { co["field"] = .string(c.field) }
                    return .object(co)
                })
        }
        if let retryAfterSeconds { details["retryAfterSeconds"] = .int(Int64(retryAfterSeconds)) }
        if !details.isEmpty { o["details"] = .object(details) }
        o["code"] = .int(Int64(code))
        return .object(o)
    }
}

extension APIError {
    private static func withDetails(
        _ e: APIError, name: String?, resource: GroupVersionResource?, kind: String? = nil
    ) -> APIError {
        var e = e
        e.detailName = name
        e.detailGroup = resource?.group
        e.detailKind = kind ?? resource?.resource
        return e
    }

    public static func notFound(_ resource: GroupVersionResource, name: String) -> APIError {
        withDetails(
            APIError(code: 404, reason: "NotFound", message: "\(resource.qualifiedResource) \"\(name)\" not found"),
            name: name, resource: resource)
    }

    public static func alreadyExists(_ resource: GroupVersionResource, name: String) -> APIError {
        withDetails(
            APIError(
                code: 409, reason: "AlreadyExists", message: "\(resource.qualifiedResource) \"\(name)\" already exists"),
            name: name, resource: resource)
    }

    public static func conflict(_ resource: GroupVersionResource, name: String, detail: String) -> APIError {
        withDetails(
            APIError(
                code: 409, reason: "Conflict",
                message: "Operation cannot be fulfilled on \(resource.qualifiedResource) \"\(name)\": \(detail)"),
            name: name, resource: resource)
    }

    public static func modified(_ resource: GroupVersionResource, name: String) -> APIError {
        conflict(
            resource, name: name,
            detail: "the object has been modified; please apply your changes to the latest version and try again")
    }

    /// 422: the object failed validation.
    public static func invalid(kind: String, group: String, name: String, causes: [Cause]) -> APIError {
        let qualifiedKind = group.isEmpty ? kind : "\(kind).\(group)"
        let messages = causes.map { c in c.field.isEmpty ? c.message : "\(c.field): \(c.message)" }
        let summary = messages.count == 1 ? messages[0] : "[\(messages.joined(separator: ", "))]"
        var e = APIError(code: 422, reason: "Invalid", message: "\(qualifiedKind) \"\(name)\" is invalid: \(summary)")
        e.detailName = name
        e.detailGroup = group
        e.detailKind = kind
        e.causes = causes
        return e
    }

    public static func badRequest(_ message: String) -> APIError {
        APIError(code: 400, reason: "BadRequest", message: message)
    }

    public static func methodNotSupported(_ resource: GroupVersionResource, verb: String) -> APIError {
        var e = APIError(
            code: 405, reason: "MethodNotAllowed",
            message: "\(verb) is not supported on resources of kind \"\(resource.qualifiedResource)\"")
        e.detailGroup = resource.group
        e.detailKind = resource.resource
        return e
    }

    public static func unsupportedMediaType(_ contentType: String) -> APIError {
        APIError(
            code: 415, reason: "UnsupportedMediaType",
            message: "the body of the request was in an unknown format - accepted media types include: "
                + "application/json, application/yaml")
    }

    /// 415 for a patch type the resource does not take, listing the ones it
    /// does (sorted, as upstream lists them).
    public static func unsupportedPatchType(accepted: [String]) -> APIError {
        APIError(
            code: 415, reason: "UnsupportedMediaType",
            message: "the body of the request was in an unknown format - accepted media types include: "
                + accepted.sorted().joined(separator: ", "))
    }

    public static func notAcceptable(_ accept: String) -> APIError {
        APIError(
            code: 406, reason: "NotAcceptable",
            message: "only the following media types are accepted: application/json, application/yaml")
    }

    public static func expired(_ message: String) -> APIError {
        APIError(code: 410, reason: "Expired", message: message)
    }

    public static func tooOld(requested: Int64, oldest: Int64) -> APIError {
        expired("too old resource version: \(requested) (\(oldest))")
    }

    public static let unauthorized = APIError(code: 401, reason: "Unauthorized", message: "Unauthorized")

    public static func forbidden(_ resource: GroupVersionResource, name: String, detail: String) -> APIError {
        let target = name.isEmpty ? resource.qualifiedResource : "\(resource.qualifiedResource) \"\(name)\""
        return withDetails(
            APIError(code: 403, reason: "Forbidden", message: "\(target) is forbidden: \(detail)"),
            name: name.isEmpty ? nil : name, resource: resource)
    }

    public static func requestTooLarge(limit: Int) -> APIError {
        APIError(code: 413, reason: "RequestEntityTooLarge", message: "Request entity too large: limit is \(limit)")
    }

    public static func internalError(_ detail: String) -> APIError {
        var e = APIError(code: 500, reason: "InternalError", message: "Internal error occurred: \(detail)")
        e.causes = [Cause(reason: "UnexpectedServerError", message: detail, field: "")]
        return e
    }

    public static func pathNotFound() -> APIError {
        APIError(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
    }

    public static func timeout(_ message: String) -> APIError {
        APIError(code: 504, reason: "Timeout", message: message)
    }

    public static func serviceUnavailable(_ message: String) -> APIError {
        APIError(code: 503, reason: "ServiceUnavailable", message: message)
    }
}
