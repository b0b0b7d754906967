import Foundation
import Hummingbird
import NIOCore
import SwiftletAPI
import SwiftletStorage

extension ResourceHandler {
    /// Streams watch events as newline-separated JSON objects, upstream's
    /// `{"type":"ADDED","object":{...}}` framing, or as length-prefixed
    /// protobuf `WatchEvent`s for clients that prefer protobuf, over a
    /// chunked response.
    func watch(_ request: ResourceRequest) async throws -> Response {
        let filter = try ObjectFilter(
            labelSelector: request.query["labelSelector"], fieldSelector: request.query["fieldSelector"],
            resource: request.resource)
        let form = try MediaTypes.responseForm(accept: request.accept)
        let rv = request.query["resourceVersion"] ?? ""
        let timeout: Duration
        if let seconds = try request.int("timeoutSeconds"), seconds > 0 {
            timeout = .seconds(seconds)
        } else {
            // Upstream spreads watch lifetimes over 30 to 60 minutes.
            timeout = .seconds(Int.random(in: 1800...3600))
        }
        let bookmarks = request.flag("allowWatchBookmarks")
        let sendInitialEvents = request.flag("sendInitialEvents")
        let prefix = StorageKeys.prefix(request.resource, namespace: request.namespace)

        // Where the watch starts: after an explicit revision, or after a
        // snapshot of the current state that is sent first as ADDED events.
        var initial: [JSONValue] = []
        let after: Revision
        if rv.isEmpty || rv == "0" || sendInitialEvents {
            let page = try await collect(request, filter: filter, token: nil, limit: 0)
            initial = page.items
            after = page.revision
        } else {
            guard let v = Int64(rv), v > 0 else { throw APIError.badRequest("invalid resource version \"\(rv)\"") }
            after = Revision(v)
        }
        let stream: WatchStream?
        var startError: APIError? = nil
        do {
            stream = try await api.storage.watch(prefix: prefix, after: after)
        } catch let error as StorageError {
            stream = nil
            startError = apiError(error, request)
        }
        let initialEvents = initial
        let failure = startError
        // Typed Go clients ask for protobuf; custom kinds have no messages,
        // so their watchers get JSON as upstream answers them.
        let protobuf = form == .object && request.custom == nil && MediaTypes.prefersProtobuf(accept: request.accept)
        let encoder = WatchEventEncoder(
            resource: request.resource, form: form, includeObject: request.query["includeObject"],
            custom: request.custom, protobuf: protobuf)
        let metrics = api.metrics
        let resourceLabel = request.resource.plural
        let bookmarkInterval = api.options.bookmarkInterval
        let shutdown = api.shutdown.listen()
        var headers = HTTPFields()
        headers[.contentType] = protobuf ? MediaTypes.protobuf + ";stream=watch" : MediaTypes.json
        headers[.cacheControl] = "no-cache, private"
        let body = ResponseBody { writer in
            metrics.watchStarted(resourceLabel)
            defer { metrics.watchEnded(resourceLabel) }
            if let startError = failure {
                // Upstream reports a too-old start as an ERROR event, not an HTTP error.
                try await writer.write(encoder.frame(type: "ERROR", object: startError.status))
                try await writer.finish(nil)
                return
            }
            for object in initialEvents {
                try await writer.write(encoder.frame(type: "ADDED", object: object))
            }
            var lastRevision = after
            if sendInitialEvents {
                try await writer.write(encoder.bookmark(revision: lastRevision, initialEventsEnd: true))
            }
            guard let stream else { return }
            let events = WatchSession.merge(
                stream, bookmarkEvery: bookmarks ? bookmarkInterval : nil, endAfter: timeout, shutdown: shutdown)
            do {
                for try await item in events {
                    switch item {
                    case .event(let event):
                        lastRevision = event.revision
                        guard let (type, object) = try encoder.classify(event, filter: filter) else { continue }
                        try await writer.write(encoder.frame(type: type, object: object))
                    case .bookmark:
                        try await writer.write(encoder.bookmark(revision: lastRevision, initialEventsEnd: false))
                    case .timeout:
                        break
                    }
                    if case .timeout = item { break }
                }
            } catch let error as StorageError {
                let status: APIError
                switch error {
                case .compacted(let requested, let oldest):
                    status = .tooOld(requested: requested.value, oldest: oldest.value)
                default: status = .internalError("watch ended: \(error)")
                }
                try? await writer.write(encoder.frame(type: "ERROR", object: status.status))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}

/// Turns storage events into upstream watch frames for one watcher.
struct WatchEventEncoder: Sendable {
    let resource: ResourceInfo
    let form: ResponseForm
    let includeObject: String?
    let custom: ServedCustomResource?
    /// Length-prefixed protobuf `WatchEvent` frames instead of JSON lines.
    var protobuf = false

    /// The event type this watcher sees, considering its selectors: an
    /// object that starts matching is ADDED, one that stops is DELETED.
    func classify(_ event: WatchEvent, filter: ObjectFilter) throws -> (String, JSONValue)? {
        let object = try ObjectCodec.decode(event.current)
        switch event.kind {
        case .created:
            return filter.matches(object) ? ("ADDED", object) : nil
        case .deleted:
            let last = event.previous.flatMap { try? ObjectCodec.decode($0) } ?? object
            return filter.matches(last) ? ("DELETED", object) : nil
        case .updated:
            let now = filter.matches(object)
            if filter.isEverything { return ("MODIFIED", object) }
            let before = event.previous.flatMap { try? ObjectCodec.decode($0) }.map(filter.matches) ?? false
            switch (before, now) {
            case (true, true): return ("MODIFIED", object)
            case (false, true): return ("ADDED", object)
            case (true, false): return ("DELETED", object)
            case (false, false): return nil
            }
        }
    }

    func frame(type: String, object: JSONValue) -> ByteBuffer {
        let rendered: JSONValue
        let object = type == "ERROR" || type == "BOOKMARK" ? object : (custom?.present(object) ?? object)
        switch form {
        case .table(let v) where type != "ERROR" && type != "BOOKMARK":
            rendered = TableConverter.table(
                for: [object], resource: resource, version: v, includeObject: includeObject, listMetadata: JSONObject(),
                custom: custom)
        case .partialObjectMetadata(let v) where type != "ERROR",
            .partialObjectMetadataList(let v) where type != "ERROR":
            rendered = TableConverter.partialObjectMetadata(object, version: v)
        default:
            rendered = object
        }
        if protobuf, let frame = ProtobufWatchFrame.encode(type: type, object: rendered) {
            return ByteBuffer(bytes: frame)
        }
        var bytes: [UInt8] = Array(#"{"type":""#.utf8)
        bytes.append(contentsOf: type.utf8)
        bytes.append(contentsOf: #"","object":"#.utf8)
        bytes.append(contentsOf: rendered.serialized())
        bytes.append(contentsOf: "}\n".utf8)
        return ByteBuffer(bytes: bytes)
    }

    func bookmark(revision: Revision, initialEventsEnd: Bool) -> ByteBuffer {
        var metadata: JSONObject = ["resourceVersion": .string(String(revision.value))]
        if initialEventsEnd { metadata["annotations"] = ["k8s.io/initial-events-end": "true"] }
        let object: JSONValue = [
            "kind": .string(resource.kind), "apiVersion": .string(resource.groupVersion.apiVersion),
            "metadata": .object(metadata),
        ]
        return frame(type: "BOOKMARK", object: object)
    }
}
