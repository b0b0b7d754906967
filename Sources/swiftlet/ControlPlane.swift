import Foundation
import Logging
import ServiceLifecycle
import SwiftletAPIServer
import SwiftletSQLite
import SwiftletStorage

/// Builds the services of a control plane and runs them as one group with
/// graceful shutdown on SIGTERM and SIGINT.
struct ControlPlane {
    let options: APIServerOptions
    let label: String

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let logger = Logger(label: "swiftlet.\(label)")
        try FileManager.default.createDirectory(
            at: options.dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let storage = try SQLiteStorage(path: options.databasePath)
        let pki = try ClusterPKI.loadOrCreate(
            directory: options.pkiDirectory, hostNames: options.certificateHostNames,
            ipAddresses: options.certificateIPAddresses)
        let api = APIService(storage: storage, options: options)
        try await api.bootstrap()
        let kubeconfigPath = options.adminKubeconfigPath
        let server = APIServer(api: api, pki: pki, logger: logger) { port in
            let host =
                options.bindAddress == "0.0.0.0" || options.bindAddress == "::" ? "127.0.0.1" : options.bindAddress
            let hostPart = host.contains(":") ? "[\(host)]" : host
            let kubeconfig = Kubeconfig(
                userName: ClusterPKI.adminUser, server: "https://\(hostPart):\(port)", caPEM: pki.caCertificatePEM,
                clientCertificatePEM: pki.adminCertificatePEM, clientKeyPEM: pki.adminKeyPEM)
            do {
                try kubeconfig.write(to: kubeconfigPath)
                logger.info("swiftlet \(label) ready on https://\(hostPart):\(port), kubeconfig \(kubeconfigPath.path)")
            } catch {
                logger.error("cannot write \(kubeconfigPath.path): \(error)")
            }
        }
        let compactor = CompactorService(compactor: Compactor(storage: storage), logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: server), .init(service: compactor)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        do {
            try await group.run()
        } catch {
            await storage.close()
            throw error
        }
        await storage.close()
        logger.info("swiftlet \(label) stopped")
    }
}

/// Runs the compactor until shutdown.
struct CompactorService: Service {
    let compactor: Compactor
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            try? await compactor.run(clock: ContinuousClock()) { error in
                logger.warning("compaction failed, will retry: \(error)")
            }
        }
    }
}
