import Foundation
import Hummingbird
import SwiftletAPI
import SwiftletStorage

extension ResourceHandler {
    /// The revision a list is served at, from resourceVersion,
    /// resourceVersionMatch and continue, following upstream's rules.
    func listRevision(_ request: ResourceRequest, token: ContinueToken?) async throws -> Revision? {
        let rv = request.query["resourceVersion"] ?? ""
        let match = request.query["resourceVersionMatch"] ?? ""
        if let token {
            if !rv.isEmpty && rv != "0" {
                throw APIError.badRequest("specifying resource version is not allowed when using continue")
            }
            return token.revision
        }
        var requested: Revision? = nil
        if !rv.isEmpty {
            guard let v = Int64(rv), v >= 0 else {
                throw APIError.badRequest("invalid resource version \"\(rv)\"")
            }
            requested = Revision(v)
        }
        switch match {
        case "":
            break
        case "Exact", "NotOlderThan":
            guard let requested, requested.value > 0 || match == "NotOlderThan" else {
                throw APIError.badRequest(
                    "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided"
                )
            }
            if match == "Exact" { return requested }
        default:
            throw APIError.badRequest(
                "resourceVersionMatch: Unsupported value: \"\(match)\": supported values: \"Exact\", \"NotOlderThan\", \"\""
            )
        }
        // NotOlderThan (or a plain resourceVersion): the latest state, which
        // must have reached the requested revision.
        if let requested, requested.value > 0 {
            let current = try await api.storage.currentRevision()
            if requested > current {
                throw apiError(.futureRevision(requested: requested, currentRevision: current), request)
            }
        }
        return nil
    }

    func list(_ request: ResourceRequest) async throws -> Response {
        let filter = try ObjectFilter(
            labelSelector: request.query["labelSelector"], fieldSelector: request.query["fieldSelector"],
            resource: request.resource)
        let token = try request.query["continue"].flatMap { $0.isEmpty ? nil : try ContinueToken(decoding: $0) }
        let limit = Int(try request.int("limit") ?? 0)
        var page = try await collect(request, filter: filter, token: token, limit: limit)
        if let custom = request.custom { page.items = page.items.map(custom.present) }
        let warnings = request.custom?.deprecationWarning.map { [$0] } ?? []
        var listMeta = JSONObject()
        listMeta["resourceVersion"] = .string(String(page.revision.value))
        if let next = page.continueToken {
            listMeta["continue"] = .string(next.encoded())
            if filter.isEverything, page.remaining > 0 { listMeta["remainingItemCount"] = .int(Int64(page.remaining)) }
        }
        switch try MediaTypes.responseForm(accept: request.accept) {
        case .table(let v):
            return Responses.json(
                TableConverter.table(
                    for: page.items, resource: request.resource, version: v,
                    includeObject: request.query["includeObject"], listMetadata: listMeta, custom: request.custom),
                warnings: warnings)
        case .partialObjectMetadataList(let v), .partialObjectMetadata(let v):
            let list: JSONValue = [
                "kind": "PartialObjectMetadataList", "apiVersion": .string("meta.k8s.io/\(v)"),
                "metadata": .object(listMeta),
                "items": .array(page.items.map { TableConverter.partialObjectMetadata($0, version: v) }),
            ]
            return Responses.json(list, warnings: warnings)
        case .object:
            let list: JSONValue = [
                "kind": .string(request.resource.listKind),
                "apiVersion": .string(request.resource.groupVersion.apiVersion),
                "metadata": .object(listMeta), "items": .array(page.items),
            ]
            return Responses.json(list, warnings: warnings)
        }
    }

    struct ListPage {
        var items: [JSONValue]
        var revision: Revision
        var continueToken: ContinueToken?
        var remaining: Int
    }

    /// Reads matching objects page by page from storage until `limit` match
    /// (0: all), so selectors never shorten a page that could be fuller.
    func collect(_ request: ResourceRequest, filter: ObjectFilter, token: ContinueToken?, limit: Int) async throws
        -> ListPage
    {
        let prefix = StorageKeys.prefix(request.resource, namespace: request.namespace)
        var revision = try await listRevision(request, token: token)
        var startKey = token.map { prefix + $0.start } ?? ""
        var items: [JSONValue] = []
        let batch = limit > 0 ? max(limit, 50) : 0
        while true {
            let result: ListResult
            do {
                result = try await api.storage.list(
                    ListRequest(prefix: prefix, startKey: startKey, limit: batch, revision: revision))
            } catch let error as StorageError {
                if case .compacted = error, token != nil {
                    throw APIError.expired(
                        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter."
                    )
                }
                throw apiError(error, request)
            }
            revision = result.revision
            for (i, kv) in result.items.enumerated() {
                let object = try ObjectCodec.decode(kv)
                guard filter.matches(object) else { continue }
                items.append(object)
                if limit > 0, items.count == limit {
                    let more = i < result.items.count - 1 || result.hasMore
                    guard more else { break }
                    let next = ContinueToken(
                        revision: result.revision, start: String(kv.key.dropFirst(prefix.count)) + "\u{0}")
                    let remaining = (result.items.count - i - 1) + result.remaining
                    return ListPage(items: items, revision: result.revision, continueToken: next, remaining: remaining)
                }
            }
            guard result.hasMore, let last = result.items.last else {
                return ListPage(items: items, revision: result.revision, continueToken: nil, remaining: 0)
            }
            startKey = last.key + "\u{0}"
        }
    }
}
