import Foundation
import Logging
import SwiftletAPI

/// Leader election on a coordination.k8s.io/v1 Lease, with upstream's
/// timing: a leader renews every `retryPeriod`; if it cannot renew within
/// `renewDeadline` it stops leading; others take over once the lease is
/// `leaseDuration` old. Only the holder runs its work.
public struct LeaderElector: Sendable {
    public struct Configuration: Sendable {
        public var leaseName: String
        public var leaseNamespace: String
        public var identity: String
        public var leaseDuration: Duration = .seconds(15)
        public var renewDeadline: Duration = .seconds(10)
        public var retryPeriod: Duration = .seconds(2)

        public init(leaseName: String, leaseNamespace: String = "kube-system", identity: String) {
            self.leaseName = leaseName
            self.leaseNamespace = leaseNamespace
            self.identity = identity
        }
    }

    public let client: KubernetesClient
    public let configuration: Configuration
    let leases: DynamicResource

    public init(client: KubernetesClient, configuration: Configuration) throws {
        self.client = client
        self.configuration = configuration
        self.leases = try client.resource(
            group: "coordination.k8s.io", version: "v1", plural: "leases", namespace: configuration.leaseNamespace)
    }

    /// A default identity: host name plus a random suffix, as upstream does.
    public static func defaultIdentity() -> String {
        "\(ProcessInfo.processInfo.hostName)_\(UUID().uuidString.lowercased())"
    }

    /// Waits to become leader, runs `lead` while leading, and returns when
    /// leadership is lost or the task is cancelled (releasing the lease then).
    public func run(lead: @escaping @Sendable () async throws -> Void) async throws {
        while !Task.isCancelled {
            if try await tryAcquireOrRenew() { break }
            try await Task.sleep(for: configuration.retryPeriod)
        }
        try Task.checkCancellation()
        client.logger.info(
            "\(configuration.identity) became leader of \(configuration.leaseNamespace)/\(configuration.leaseName)")
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await lead() }
                group.addTask { try await self.keepRenewing() }
                // Either the work ended or renewal failed: stop the other.
                defer { group.cancelAll() }
                try await group.next()
            }
        } catch {
            await releaseOutsideCancellation()
            throw error
        }
        await releaseOutsideCancellation()
    }

    /// Releases even when the caller was cancelled (the usual way to stop),
    /// so the next candidate need not wait for the lease to expire.
    /// Bounded to two seconds: a server that is itself going away must not
    /// hold up a shutdown.
    private func releaseOutsideCancellation() async {
        let release = Task { await self.release() }
        let deadline = Task {
            try? await Task.sleep(for: .seconds(2))
            release.cancel()
        }
        await release.value
        deadline.cancel()
    }

    private func keepRenewing() async throws {
        var lastRenew = ContinuousClock.now
        while true {
            try await Task.sleep(for: configuration.retryPeriod)
            if (try? await tryAcquireOrRenew()) == true {
                lastRenew = ContinuousClock.now
            } else if ContinuousClock.now - lastRenew > configuration.renewDeadline {
                client.logger.warning("\(configuration.identity) lost the lease \(configuration.leaseName)")
                throw LeaderElectionError.lostLease
            }
        }
    }

    /// MicroTime: RFC 3339 with microseconds.
    static func now() -> String { Timestamp.rfc3339Micro(Date()) }

    static func parse(_ time: String?) -> Date? {
        guard let time else { return nil }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: time) { return d }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: time)
    }

    /// One attempt: create the lease, renew our own, or take over an expired one.
    func tryAcquireOrRenew() async throws -> Bool {
        let seconds = Int64(configuration.leaseDuration.components.seconds)
        let existing: JSONValue
        do {
            existing = try await leases.get(configuration.leaseName)
        } catch let error as KubernetesError where error.isNotFound {
            let lease: JSONValue = [
                "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                "metadata": [
                    "name": .string(configuration.leaseName), "namespace": .string(configuration.leaseNamespace),
                ],
                "spec": [
                    "holderIdentity": .string(configuration.identity), "leaseDurationSeconds": .int(seconds),
                    "acquireTime": .string(Self.now()), "renewTime": .string(Self.now()), "leaseTransitions": 0,
                ],
            ]
            do {
                _ = try await leases.create(lease)
                return true
            } catch let error as KubernetesError where error.isAlreadyExists {
                return false
            }
        }
        let holder = existing[path: ["spec", "holderIdentity"]]?.stringValue ?? ""
        let renewed = Self.parse(existing[path: ["spec", "renewTime"]]?.stringValue) ?? .distantPast
        let duration = Double(existing[path: ["spec", "leaseDurationSeconds"]]?.intValue ?? seconds)
        let expired = renewed.addingTimeInterval(duration) < Date()
        if !holder.isEmpty, holder != configuration.identity, !expired { return false }
        var lease = existing
        lease[path: ["spec", "renewTime"]] = .string(Self.now())
        lease[path: ["spec", "leaseDurationSeconds"]] = .int(seconds)
        if holder != configuration.identity {
            lease[path: ["spec", "holderIdentity"]] = .string(configuration.identity)
            lease[path: ["spec", "acquireTime"]] = .string(Self.now())
            let transitions = existing[path: ["spec", "leaseTransitions"]]?.intValue ?? 0
            lease[path: ["spec", "leaseTransitions"]] = .int(transitions + 1)
        }
        do {
            _ = try await leases.update(lease)  // compare-and-swap on resourceVersion
            return true
        } catch let error as KubernetesError where error.isConflict {
            return false
        }
    }

    /// Gives the lease up so another candidate need not wait for it to expire.
    func release() async {
        guard let existing = try? await leases.get(configuration.leaseName),
            existing[path: ["spec", "holderIdentity"]]?.stringValue == configuration.identity
        else { return }
        var lease = existing
        lease[path: ["spec", "holderIdentity"]] = nil
        lease[path: ["spec", "leaseDurationSeconds"]] = 1
        lease[path: ["spec", "renewTime"]] = .string(Self.now())
        _ = try? await leases.update(lease)
    }
}

public enum LeaderElectionError: Error, Sendable {
    case lostLease
}
