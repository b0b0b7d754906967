import Foundation
import Hummingbird
import Logging
import NIOCore
import SwiftletAPI

/// The whole HTTP surface: authenticates, routes to the non-resource
/// endpoints or to the resource handler, turns every failure into a
/// `Status`, and records metrics.
struct APIResponder: HTTPResponder {
    typealias Context = APIRequestContext
    let api: APIService

    /// Paths anyone may read, as upstream's system:public-info-viewer role allows.
    static let publicPaths: Set<String> = ["/healthz", "/livez", "/readyz", "/version", "/version/"]

    func respond(to request: Request, context: Context) async throws -> Response {
        let start = ContinuousClock.now
        let path = request.uri.path
        var verb = request.method.rawValue
        var group = ""
        var resource = ""
        // Resource requests (and their errors) answer in protobuf when the
        // client prefers it, as typed Go clients such as kubectl's do.
        let protobuf =
            MediaTypes.prefersProtobuf(accept: request.headers[.accept])
            && (path.hasPrefix("/api/") || path.hasPrefix("/apis/"))
        let response: Response = await Responses.$protobufPreferred.withValue(protobuf) {
            await serve(request, context: context, path: path, verb: &verb, group: &group, resource: &resource)
        }
        let elapsed = ContinuousClock.now - start
        api.metrics.request(
            verb: verb, group: group, resource: resource, code: response.status.code,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        return response
    }

    private func serve(
        _ request: Request, context: Context, path: String, verb: inout String, group: inout String,
        resource: inout String
    ) async -> Response {
        let response: Response
        do {
            let isPublic =
                Self.publicPaths.contains(path) || path.hasPrefix("/healthz/") || path.hasPrefix("/livez/")
                || path.hasPrefix("/readyz/")
            var user = await ClientCertificateAuthenticator.user(on: context.channel)
            if user == nil, let token = BearerToken.from(request.headers[.authorization]) {
                user = try await api.authenticate(token: token)
            }
            if user == nil, !isPublic { throw APIError.unauthorized }
            var query: [String: String] = [:]
            for (k, v) in request.uri.queryParameters { query[String(k)] = String(v) }
            if let info = RequestInfo(
                method: request.method.rawValue, path: path,
                isWatchQuery: QueryBool.isTrue(query["watch"])),
                info.isResourceRequest
            {
                verb = info.verb.uppercased()
                group = info.group
                resource = info.resource
                response = try await resourceRequest(info, request: request, query: query, user: user!)
            } else {
                response = try await nonResource(path: path, request: request, query: query)
            }
        } catch let error as APIError {
            response = Responses.error(error)
        } catch {
            context.logger.error("request failed", metadata: ["path": "\(path)", "error": "\(error)"])
            response = Responses.error(.internalError("\(error)"))
        }
        return response
    }

    private func resourceRequest(_ info: RequestInfo, request: Request, query: [String: String], user: UserInfo)
        async throws -> Response
    {
        let surface = api.surface
        guard let resource = surface.table.lookup(group: info.group, version: info.version, plural: info.resource)
        else {
            throw APIError.pathNotFound()
        }
        let custom = surface.custom[resource.gvr]
        if request.method == .get { try QueryBool.validate(query) }
        // dryRun=All is the one dry run; anything else must not fall back to a real write.
        if let dryRun = query["dryRun"], !dryRun.isEmpty, dryRun != "All", request.method != .get {
            let options =
                ["POST": "CreateOptions", "PUT": "UpdateOptions", "PATCH": "PatchOptions"][
                    request.method.rawValue] ?? "DeleteOptions"
            throw APIError.invalid(
                kind: options, group: "meta.k8s.io", name: "",
                causes: [
                    .init(
                        reason: "FieldValueNotSupported",
                        message: "Unsupported value: \"\(dryRun)\": supported values: \"All\"", field: "dryRun")
                ])
        }
        var body: [UInt8] = []
        if ["POST", "PUT", "PATCH", "DELETE"].contains(request.method.rawValue) {
            body = try await readBody(request)
        }
        var headers = request.headers
        if MediaTypes.baseType(headers[.contentType]) == MediaTypes.protobuf {
            // Protobuf bodies become the JSON document they stand for; the
            // rest of the pipeline (field validation, admission) reads JSON.
            do {
                body = try KubernetesProtobuf.decode(body).serialized()
            } catch {
                throw APIError.badRequest("the body of the request could not be decoded as protobuf: \(error)")
            }
            headers[.contentType] = MediaTypes.json
        }
        let rr = ResourceRequest(
            info: info, resource: resource, query: query, headers: headers, body: body, user: user, custom: custom)
        let handler = ResourceHandler(api: api)
        if info.verb == "watch" {
            return try await handler.handle(rr)
        }
        let kind: InFlightLimiter.Kind = ["get", "list"].contains(info.verb) ? .readOnly : .mutating
        guard api.inFlight.acquire(kind) else { throw APIError.tooManyRequests }
        defer { api.inFlight.release(kind) }
        // Non-watch requests are bounded in time, as upstream's 60 s default.
        return try await withThrowingTaskGroup(of: Response?.self) { group in
            group.addTask { try await handler.handle(rr) }
            group.addTask {
                try await Task.sleep(for: api.options.requestTimeout)
                return nil
            }
            let first = try await group.next()!
            group.cancelAll()
            guard let response = first else {
                throw APIError.timeout("request did not complete within requested timeout - context deadline exceeded")
            }
            return response
        }
    }

    private func readBody(_ request: Request) async throws -> [UInt8] {
        let limit = api.options.maxRequestBodyBytes
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch {
            throw APIError.requestTooLarge(limit: limit)
        }
    }

    private func nonResource(path: String, request: Request, query: [String: String]) async throws -> Response {
        switch path {
        case "/version", "/version/":
            // The Python client asks for `/version/`.
            return Responses.json(VersionInfo.json)
        case "/healthz", "/livez", "/readyz", "/healthz/ping", "/livez/ping", "/readyz/ping":
            _ = try await api.storage.currentRevision()
            return Responses.text("ok")
        case "/metrics":
            return Responses.raw(
                Array(api.metrics.prometheusText.utf8), contentType: "text/plain; version=0.0.4; charset=utf-8")
        case "/api", "/api/":
            if let version = aggregatedVersion(request) {
                return Responses.json(
                    api.discovery.aggregated(core: true, version: version), contentType: aggregatedContentType(version))
            }
            return Responses.json(
                api.discovery.apiVersions(serverAddress: "\(api.options.bindAddress):\(api.options.port)"))
        case "/apis", "/apis/":
            if let version = aggregatedVersion(request) {
                return Responses.json(
                    api.discovery.aggregated(core: false, version: version), contentType: aggregatedContentType(version)
                )
            }
            return Responses.json(api.discovery.apiGroupList)
        case "/openapi/v3", "/openapi/v3/":
            return Responses.raw(api.openAPI.index(), contentType: MediaTypes.json)
        default:
            break
        }
        if path.hasPrefix("/openapi/v3/") {
            let gvPath = String(path.dropFirst("/openapi/v3/".count))
            guard let gv = api.openAPI.groupVersion(forPath: gvPath) else { throw APIError.pathNotFound() }
            var response = Responses.raw(api.openAPI.document(gv).bytes, contentType: MediaTypes.json)
            if query["hash"] != nil {
                // Hashed URLs never change content: let clients cache them.
                response.headers[.cacheControl] = "public, immutable"
            }
            response.headers[.eTag] = "\"\(api.openAPI.document(gv).hash)\""
            return response
        }
        let segments = path.split(separator: "/").map(String.init)
        if segments.count == 3, segments[0] == "apis" {
            let gv = GroupVersion(group: segments[1], version: segments[2])
            if let list = api.discovery.resourceLists[gv] { return Responses.json(list) }
        }
        if segments.count == 2, segments[0] == "api",
            let list = api.discovery.resourceLists[GroupVersion(group: "", version: segments[1])]
        {
            return Responses.json(list)
        }
        if segments.count == 2, segments[0] == "apis", let group = api.resources.group(named: segments[1]) {
            return Responses.json(DiscoveryDocuments.apiGroup(group).withKind("APIGroup"))
        }
        throw APIError.pathNotFound()
    }

    /// v2 or v2beta1 when the client asked for aggregated discovery.
    private func aggregatedVersion(_ request: Request) -> String? {
        for entry in MediaTypes.parseAccept(request.headers[.accept]) {
            guard entry.parameters["g"] == "apidiscovery.k8s.io", entry.parameters["as"] == "APIGroupDiscoveryList"
            else { continue }
            if let v = entry.parameters["v"], v == "v2" || v == "v2beta1" { return v }
        }
        return nil
    }

    private func aggregatedContentType(_ version: String) -> String {
        version == "v2" ? MediaTypes.aggregatedDiscoveryV2 : MediaTypes.aggregatedDiscoveryV2Beta1
    }
}

extension JSONValue {
    /// The same object with `kind` and `apiVersion: v1` first.
    func withKind(_ kind: String) -> JSONValue {
        var o: JSONObject = ["kind": .string(kind), "apiVersion": "v1"]
        for (k, v) in objectValue ?? JSONObject() { o[k] = v }
        return .object(o)
    }
}

/// What /version reports: kubectl picks its own version from `minor`.
enum VersionInfo {
    static let json: JSONValue = [
        "major": "1", "minor": "32", "gitVersion": "v1.32.0", "gitCommit": "swiftlet", "gitTreeState": "clean",
        "buildDate": "2026-11-25T00:00:00Z", "goVersion": "swift6.3", "compiler": "swiftc", "platform": "linux/amd64",
    ]
}
