import Foundation
import SwiftletAPIServer
import SwiftletTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Connections that say nothing cannot be held open forever: the server
/// closes them after its idle timeout, whether TLS was never started or a
/// TLS session sits without requests.
@Suite("API server connection limits")
struct ConnectionLimitTests {
    /// Opens a TCP connection, optionally sends `greeting`, then waits for
    /// the server to close it; the seconds it took, or nil if it stayed open.
    static func secondsUntilClosed(port: Int, greeting: [UInt8] = [], wait: Int) -> Double? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return nil }
        if !greeting.isEmpty { _ = greeting.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) } }
        var timeout = timeval(tv_sec: wait, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let start = ContinuousClock.now
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n == 0 { break }
            if n < 0 { return nil }
        }
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    @Test func idleConnectionsAreClosed() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlet-idle-\(UUID().uuidString)")
        var options = APIServerOptions(dataDirectory: dir)
        options.idleTimeout = .seconds(1)
        options.handshakeTimeout = .seconds(1)
        let server = try await TestAPIServer.start(options: options)
        let port = server.port
        // A TCP connection that never starts TLS.
        let silent = await Task.detached { Self.secondsUntilClosed(port: port, wait: 10) }.value
        #expect(silent != nil, "a connection that sent nothing was still open after 10 s")
        // A request that never ends: half a TLS ClientHello.
        let partial = await Task.detached {
            Self.secondsUntilClosed(port: port, greeting: [0x16, 0x03, 0x01, 0x02, 0x00, 0x01], wait: 10)
        }.value
        #expect(partial != nil, "a half-sent handshake was still open after 10 s")
        await server.stop()
    }
}
