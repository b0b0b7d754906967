import SwiftletAPI
import SwiftletModels

extension TypedResource {
    /// A watch that does not end: it resumes from the last resourceVersion
    /// seen (bookmarks included) when the server closes a watch, and when
    /// that version has been compacted away (410) it re-lists and reports
    /// what changed meanwhile as events, so the consumer's view catches up.
    /// Bookmarks are consumed, not yielded. Ends only when cancelled.
    public func watchForever(_ options: ListOptions = ListOptions()) -> AsyncThrowingStream<WatchEvent<R>, any Error> {
        let resource = self
        return AsyncThrowingStream { continuation in
            let task = Task {
                var known: [String: R] = [:]
                var resourceVersion = options.resourceVersion
                var backoff: Duration = .milliseconds(200)
                while !Task.isCancelled {
                    do {
                        if resourceVersion == nil {
                            let (items, rv) = try await resource.list(options)
                            var fresh: [String: R] = [:]
                            for item in items {
                                let key = ObjectKeys.key(of: item.json)
                                fresh[key] = item
                                if let old = known[key] {
                                    if old.resourceVersion != item.resourceVersion {
                                        continuation.yield(WatchEvent(type: .modified, object: item))
                                    }
                                } else {
                                    continuation.yield(WatchEvent(type: .added, object: item))
                                }
                            }
                            for (key, old) in known where fresh[key] == nil {
                                continuation.yield(WatchEvent(type: .deleted, object: old))
                            }
                            known = fresh
                            resourceVersion = rv
                        }
                        var watchOptions = options
                        watchOptions.resourceVersion = resourceVersion
                        watchOptions.allowWatchBookmarks = true
                        for try await event in resource.watch(watchOptions) {
                            if let rv = event.object.resourceVersion, !rv.isEmpty { resourceVersion = rv }
                            guard event.type != .bookmark else { continue }
                            let key = ObjectKeys.key(of: event.object.json)
                            known[key] = event.type == .deleted ? nil : event.object
                            continuation.yield(event)
                        }
                        backoff = .milliseconds(200)
                    } catch let error as KubernetesError where error.isGone {
                        resourceVersion = nil
                    } catch {
                        if Task.isCancelled { break }
                        try? await Task.sleep(for: backoff)
                        backoff = min(backoff * 2, .seconds(30))
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
