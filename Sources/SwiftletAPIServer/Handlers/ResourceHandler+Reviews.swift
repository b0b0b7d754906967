import Foundation
import Hummingbird
import SwiftletAPI

/// Objects that are created only to be answered and are never stored:
/// the authentication and authorization reviews (`kubectl auth whoami`,
/// `kubectl auth can-i`) and `serviceaccounts/token` (`kubectl create token`).
///
/// Swiftlet does not authorize requests yet (RBAC objects are stored, not
/// enforced): every authenticated user may do everything. The access reviews
/// say so, as upstream's AlwaysAllow authorizer answers them.
extension ResourceHandler {
    static let reviewGroups: Set<String> = ["authentication.k8s.io", "authorization.k8s.io"]

    func review(_ request: ResourceRequest) async throws -> Response {
        var object = try reviewBody(
            request, kind: request.resource.kind, apiVersion: request.gvr.groupVersion.apiVersion)
        let spec = object["spec"] ?? .object(JSONObject())
        let status: JSONValue
        switch request.resource.plural {
        case "selfsubjectreviews":
            status = ["userInfo": userInfo(request.user)]
        case "tokenreviews":
            status = try await tokenReview(spec)
        case "selfsubjectrulesreviews":
            guard let namespace = spec["namespace"]?.stringValue, !namespace.isEmpty else {
                throw APIError.badRequest("no namespace on request")
            }
            status = [
                "resourceRules": [["verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]]],
                "nonResourceRules": [["verbs": ["*"], "nonResourceURLs": ["*"]]],
                "incomplete": false,
            ]
        default:
            try validateAccessReview(spec, request: request)
            status = ["allowed": true]
        }
        object["status"] = status
        if object["metadata"] == nil { object["metadata"] = ["creationTimestamp": .null] }
        return Responses.json(object, status: .created)
    }

    /// `serviceaccounts/NAME/token`: a TokenRequest answered with a signed token.
    func tokenRequest(_ request: ResourceRequest) async throws -> Response {
        var object = try reviewBody(request, kind: "TokenRequest", apiVersion: "authentication.k8s.io/v1")
        let (account, _) = try await current(request)
        var spec = object["spec"]?.objectValue ?? JSONObject()
        let expiration = spec["expirationSeconds"]?.intValue ?? 3600
        var causes: [APIError.Cause] = []
        if expiration < 600 {
            causes.append(
                .init(
                    reason: "FieldValueInvalid", message: "may not specify a duration less than 10 minutes",
                    field: "spec.expirationSeconds"))
        } else if expiration > 1 << 32 {
            causes.append(
                .init(
                    reason: "FieldValueInvalid", message: "may not specify a duration larger than 2^32 seconds",
                    field: "spec.expirationSeconds"))
        }
        var pod: ServiceAccountTokens.BoundPod?
        if let bound = spec["boundObjectRef"], !bound.isNull {
            let kind = bound["kind"]?.stringValue ?? ""
            let name = bound["name"]?.stringValue ?? ""
            if kind != "Pod" {
                causes.append(
                    .init(
                        reason: "FieldValueNotSupported",
                        message: "Unsupported value: \"\(kind)\": supported values: \"Pod\"",
                        field: "spec.boundObjectRef.kind"))
            } else if let pods = api.resources.lookup(group: "", version: "v1", plural: "pods") {
                guard
                    let kv = try await api.storage.get(
                        StorageKeys.key(pods, namespace: request.namespace, name: name)),
                    let found = try? ObjectCodec.decode(kv)
                else {
                    throw APIError.notFound(pods.gvr, name: name)
                }
                if let uid = bound["uid"]?.stringValue, !uid.isEmpty, uid != found.uid {
                    throw APIError.conflict(
                        pods.gvr, name: name,
                        detail: "the UID in the bound object reference (\(uid)) does not match the UID in record")
                }
                pod = .init(name: name, uid: found.uid)
                var ref = bound.objectValue ?? JSONObject()
                ref["uid"] = .string(found.uid)
                spec["boundObjectRef"] = .object(ref)
            }
        }
        if !causes.isEmpty {
            throw APIError.invalid(
                kind: "TokenRequest", group: "authentication.k8s.io", name: request.name, causes: causes)
        }
        let audiences = spec["audiences"]?.arrayValue?.compactMap(\.stringValue) ?? []
        spec["audiences"] = .array((audiences.isEmpty ? [ServiceAccountTokens.issuer] : audiences).map { .string($0) })
        spec["expirationSeconds"] = .int(expiration)
        let now = Date()
        let expires = Int64(now.timeIntervalSince1970) + expiration
        let claims = ServiceAccountTokens.Claims(
            namespace: request.namespace, serviceAccount: request.name, serviceAccountUID: account.uid,
            audiences: audiences.isEmpty ? [ServiceAccountTokens.issuer] : audiences, expires: expires, pod: pod)
        object["metadata"] = [
            "name": .string(request.name), "namespace": .string(request.namespace), "creationTimestamp": .null,
        ]
        object["spec"] = .object(spec)
        object["status"] = [
            "token": .string(request.isDryRun ? "" : api.tokens.issue(claims, now: now)),
            "expirationTimestamp": .string(
                Timestamp.rfc3339(seconds: expires, nanos: 0, micro: false)),
        ]
        return Responses.json(object, status: .created)
    }

    // MARK: Pieces

    private func reviewBody(_ request: ResourceRequest, kind: String, apiVersion: String) throws(APIError) -> JSONValue
    {
        var body = try Admission.parseJSON(request.body)
        guard body.objectValue != nil else {
            throw APIError.badRequest("the body of the request must be a JSON object, not \(body.typeName)")
        }
        if body["kind"] == nil { body["kind"] = .string(kind) }
        if body["apiVersion"] == nil { body["apiVersion"] = .string(apiVersion) }
        let sentKind = body["kind"]?.stringValue ?? ""
        let sentVersion = body["apiVersion"]?.stringValue ?? ""
        guard sentKind == kind, sentVersion == apiVersion else {
            throw APIError.badRequest(
                "the body of the request must be a \(kind) of \(apiVersion), not \"\(sentKind)\" of \"\(sentVersion)\"")
        }
        return body
    }

    private func userInfo(_ user: UserInfo) -> JSONValue {
        var groups = user.groups
        if !groups.contains("system:authenticated") { groups.append("system:authenticated") }
        return ["username": .string(user.name), "groups": .array(groups.map { .string($0) })]
    }

    private func tokenReview(_ spec: JSONValue) async throws -> JSONValue {
        guard let token = spec["token"]?.stringValue, !token.isEmpty else {
            throw APIError.invalid(
                kind: "TokenReview", group: "authentication.k8s.io", name: "",
                causes: [.init(reason: "FieldValueRequired", message: "Required value", field: "spec.token")])
        }
        let wanted = spec["audiences"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let audiences = wanted.isEmpty ? [ServiceAccountTokens.issuer] : wanted
        guard let claims = api.tokens.verify(token), try await api.stillValid(claims) else {
            return ["authenticated": false, "error": "invalid bearer token"]
        }
        let matching = audiences.filter(claims.audiences.contains)
        guard !matching.isEmpty else {
            let error = "token audiences \(claims.audiences) is invalid for the target audiences \(audiences)"
            return ["authenticated": false, "error": .string(error)]
        }
        var user: JSONObject = [
            "username": .string(claims.username), "uid": .string(claims.serviceAccountUID),
            "groups": .array(claims.groups.map { .string($0) }),
        ]
        if let pod = claims.pod {
            user["extra"] = [
                "authentication.kubernetes.io/pod-name": [.string(pod.name)],
                "authentication.kubernetes.io/pod-uid": [.string(pod.uid)],
            ]
        }
        return ["authenticated": true, "user": .object(user), "audiences": .array(matching.map { .string($0) })]
    }

    /// Upstream's checks on SubjectAccessReview specs.
    private func validateAccessReview(_ spec: JSONValue, request: ResourceRequest) throws(APIError) {
        var causes: [APIError.Cause] = []
        let resource = spec["resourceAttributes"].flatMap { $0.isNull ? nil : $0 }
        let nonResource = spec["nonResourceAttributes"].flatMap { $0.isNull ? nil : $0 }
        if (resource == nil) == (nonResource == nil) {
            causes.append(
                .init(
                    reason: "FieldValueInvalid",
                    message: resource == nil
                        ? "Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified"
                        : "Invalid value: cannot be specified in combination with resourceAttributes",
                    field: resource == nil ? "spec.resourceAttributes" : "spec.nonResourceAttributes"))
        }
        switch request.resource.plural {
        case "subjectaccessreviews", "localsubjectaccessreviews":
            let user = spec["user"]?.stringValue ?? ""
            let groups = spec["groups"]?.arrayValue ?? []
            if user.isEmpty, groups.isEmpty {
                causes.append(
                    .init(
                        reason: "FieldValueRequired",
                        message: "Required value: at least one of user or group must be specified", field: "spec.user"))
            }
            if request.resource.plural == "localsubjectaccessreviews",
                let namespace = resource?["namespace"]?.stringValue, namespace != request.namespace
            {
                causes.append(
                    .init(
                        reason: "FieldValueInvalid",
                        message: "Invalid value: \"\(namespace)\": must match metadata.namespace",
                        field: "spec.resourceAttributes.namespace"))
            }
        default: break
        }
        guard !causes.isEmpty else { return }
        throw APIError.invalid(
            kind: request.resource.kind, group: request.resource.group, name: "", causes: causes)
    }
}
