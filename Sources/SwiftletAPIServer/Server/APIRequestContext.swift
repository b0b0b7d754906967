import Hummingbird
import Logging
import NIOCore

/// Per-request context: Hummingbird's core storage plus the channel, which
/// authentication reads the client certificate from.
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}
