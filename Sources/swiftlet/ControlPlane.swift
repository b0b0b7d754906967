import Foundation
import Logging
import ServiceLifecycle
import SwiftletAPIServer
import SwiftletClient
import SwiftletControllers
import SwiftletNode
import SwiftletSQLite
import SwiftletScheduler
import SwiftletStorage

/// Builds the services of a control plane and runs them as one group with
/// graceful shutdown on SIGTERM and SIGINT.
struct ControlPlane {
    let options: APIServerOptions
    let label: String
    /// Also run the built-in controllers and the scheduler (what `server`
    /// does; `apiserver` does not).
    var runControllers = false
    var schedulerConfiguration = SchedulerConfiguration()
    /// Also run a node agent with these options (`server` without `--no-node`).
    var node: NodeOptions? = nil

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let logger = Logger(label: "swiftlet.\(label)")
        try FileManager.default.createDirectory(
            at: options.dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let storage = try SQLiteStorage(path: options.databasePath)
        let pki = try ClusterPKI.loadOrCreate(
            directory: options.pkiDirectory, hostNames: options.certificateHostNames,
            ipAddresses: options.certificateIPAddresses)
        let nodeClient = try pki.issueClientCertificate(user: NodeClientCertificate.user, groups: [])
        let api = APIService(
            storage: storage, options: options,
            nodeClientCertificate: NodeClientCertificate(
                certificatePEM: nodeClient.certificatePEM, keyPEM: nodeClient.keyPEM),
            serviceAccountKeyPEM: pki.serviceAccountKeyPEM)
        try await api.bootstrap()
        let kubeconfigPath = options.adminKubeconfigPath
        // Each component that waits for the API server gets its own signal.
        let (ready, readySink) = AsyncStream.makeStream(of: Void.self)
        let (schedulerReady, schedulerReadySink) = AsyncStream.makeStream(of: Void.self)
        let (nodeReady, nodeReadySink) = AsyncStream.makeStream(of: Void.self)
        let server = APIServer(api: api, pki: pki, logger: logger) { port in
            defer {
                readySink.yield()
                schedulerReadySink.yield()
                nodeReadySink.yield()
            }
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
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: server), .init(service: compactor),
        ]
        if runControllers {
            // Components talk to the API server only through the API, over TLS,
            // as the admin for now (RBAC comes later).
            // One identity per machine and data directory: a restarted server
            // takes its own lease back at once instead of waiting it out.
            let identity = "\(ProcessInfo.processInfo.hostName)-\(options.dataDirectory.path.hashValueStable)"
            services.append(
                .init(
                    service: ControllerManagerService(
                        kubeconfig: kubeconfigPath.path, identity: identity, waitFor: ready, logger: logger)))
            services.append(
                .init(
                    service: SchedulerRunner(
                        kubeconfig: kubeconfigPath.path, configuration: schedulerConfiguration, identity: identity,
                        waitFor: schedulerReady, logger: logger)))
        }
        if let node {
            // Last in the group, so first to stop: pods are left running for
            // the next start to adopt, and containerd stops before the API server.
            services.append(
                .init(
                    service: node.service(
                        kubeconfig: kubeconfigPath.path, dataDirectory: options.dataDirectory, waitFor: nodeReady,
                        // A server on one address keeps its node there too.
                        defaultNodeIP: ["0.0.0.0", "::"].contains(options.bindAddress) ? nil : options.bindAddress,
                        logger: logger)))
        }
        let group = ServiceGroup(
            configuration: .init(
                services: services,
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

/// Runs the built-in controllers once the API server answers.
struct ControllerManagerService: Service {
    let kubeconfig: String
    var identity = LeaderElector.defaultIdentity()
    var waitFor: AsyncStream<Void>? = nil
    var healthPort: Int? = nil
    var controllers: Set<String>? = nil
    let logger: Logger

    func run() async throws {
        if let waitFor {
            for await _ in waitFor { break }
        }
        let client = try KubernetesClient(config: try ClientConfig.load(kubeconfigPaths: [kubeconfig]).raisedLimits())
        let manager = ControllerManager.make(
            client: client, identity: identity, endpoints: healthPort.map { (host: "127.0.0.1", port: $0) },
            logger: logger, controllers: controllers)
        logger.info("controller manager starting")
        await cancelWhenGracefulShutdown {
            try? await manager.run()
        }
        try? await client.shutdown()
    }
}

extension ClientConfig {
    /// Built-in components make many requests; upstream raises their limits too.
    func raisedLimits() -> ClientConfig {
        var copy = self
        copy.qps = 100
        copy.burst = 200
        return copy
    }
}

extension String {
    /// A hash that is the same in every process (Swift's `hashValue` is seeded per run).
    var hashValueStable: String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in utf8 {
            h ^= UInt64(b)
            h &*= 0x100_0000_01b3
        }
        return String(h, radix: 16)
    }
}
