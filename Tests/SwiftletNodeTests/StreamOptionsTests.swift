import NIOCore
import SwiftletStreaming
import Testing

/// The exec and attach options as kubectl sends them, and the subprotocol
/// choice, which decide what runs in the container.
@Suite struct StreamOptionsTests {
    @Test func parsesRepeatedCommandsAndGoEscapes() {
        let options = StreamOptions(
            query: "command=sh&command=-c&command=echo+hello%20world%21&container=app&stdin=true&stdout=1&tty=false")
        #expect(options.command == ["sh", "-c", "echo hello world!"])
        #expect(options.container == "app")
        #expect(options.stdin && options.stdout && !options.stderr && !options.tty)
        // Carried on to the node with the same meaning.
        #expect(StreamOptions(query: Substring(options.query)).command == options.command)
        #expect(options.query.contains("stdin=true") && !options.query.contains("tty"))
    }

    @Test func refusesWhatCannotRun() {
        #expect(
            StreamOptions(query: "stdout=true").problem(exec: true)
                == "you must specify at least one command for the container")
        #expect(
            StreamOptions(query: "command=ls").problem(exec: true)
                == "you must specify at least 1 of stdin, stdout, stderr")
        #expect(StreamOptions(query: "stdout=true").problem(exec: false) == nil)
    }

    @Test func negotiatesTheFirstKnownSubprotocol() {
        #expect(StreamProtocol.negotiate(["v5.channel.k8s.io"]) == .v5)
        #expect(StreamProtocol.negotiate(["base64.channel.k8s.io, v4.channel.k8s.io", "v5.channel.k8s.io"]) == .v4)
        #expect(StreamProtocol.negotiate(["SPDY/3.1"]) == nil)
        let failure = StreamProtocol.failure("no \"such\" container")
        #expect(failure.readableBytesView.first == 3)
        #expect(String(buffer: failure).contains(#""message":"no \"such\" container""#))
        #expect(String(buffer: failure).contains(#""status":"Failure""#))
    }
}
