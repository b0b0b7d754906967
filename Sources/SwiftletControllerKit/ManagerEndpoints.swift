import Hummingbird
import Logging

/// The manager's plain-HTTP endpoints: `/healthz` (the process is up),
/// `/readyz` (caches are filled) and `/metrics` (Prometheus text).
struct ManagerEndpoints: Sendable {
    let host: String
    let port: Int
    let manager: Manager

    func run(onReady: @escaping @Sendable (Int) async -> Void) async throws {
        let router = Router()
        router.get("healthz") { _, _ in "ok" }
        router.get("readyz") { _, _ -> Response in
            manager.isSynced
                ? Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "ok")))
                : Response(
                    status: .serviceUnavailable, body: ResponseBody(byteBuffer: ByteBuffer(string: "caches not synced"))
                )
        }
        router.get("metrics") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(
                status: .ok, headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(string: manager.metrics.prometheusText)))
        }
        var logger = manager.logger
        logger.logLevel = .warning
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port)),
            onServerRunning: { channel in await onReady(channel.localAddress?.port ?? port) }, logger: logger)
        try await app.run()
    }
}
