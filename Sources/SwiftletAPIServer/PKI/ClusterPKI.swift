import Crypto
import Foundation
import SwiftASN1
import X509

/// The cluster's certificates: a CA, the API server's serving certificate and
/// the admin's client certificate. Created on first start under the data
/// directory and reused afterwards, so kubeconfigs stay valid across restarts.
public struct ClusterPKI: Sendable {
    public var caCertificatePEM: String
    public var caKeyPEM: String
    public var servingCertificatePEM: String
    public var servingKeyPEM: String
    public var adminCertificatePEM: String
    public var adminKeyPEM: String
    /// Signs service-account tokens (ES256).
    public var serviceAccountKeyPEM: String

    /// The admin's identity: upstream's convention for an all-powerful user.
    public static let adminUser = "swiftlet-admin"
    public static let adminGroup = "system:masters"

    /// Loads the files in `directory`, creating any that are missing. The
    /// serving certificate is issued again when the names it must cover change.
    public static func loadOrCreate(directory: URL, hostNames: [String], ipAddresses: [String]) throws -> ClusterPKI {
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        func path(_ name: String) -> URL { directory.appendingPathComponent(name) }
        func read(_ name: String) -> String? { try? String(contentsOf: path(name), encoding: .utf8) }
        func write(_ name: String, _ text: String, secret: Bool) throws {
            try text.write(to: path(name), atomically: true, encoding: .utf8)
            try fm.setAttributes([.posixPermissions: secret ? 0o600 : 0o644], ofItemAtPath: path(name).path)
        }

        let caKey: P256.Signing.PrivateKey
        let caCert: Certificate
        if let keyPEM = read("ca.key"), let certPEM = read("ca.crt") {
            caKey = try P256.Signing.PrivateKey(pemRepresentation: keyPEM)
            caCert = try Certificate(pemEncoded: certPEM)
        } else {
            caKey = P256.Signing.PrivateKey()
            caCert = try issueCA(key: caKey)
            try write("ca.key", caKey.pemRepresentation, secret: true)
            try write("ca.crt", try caCert.serializeAsPEM().pemString, secret: false)
        }

        let sans = Set(hostNames + ipAddresses)
        let servingKeyPEM: String
        let servingCertPEM: String
        if let keyPEM = read("apiserver.key"), let certPEM = read("apiserver.crt"),
            let existing = try? Certificate(pemEncoded: certPEM), coveredNames(existing) == sans
        {
            servingKeyPEM = keyPEM
            servingCertPEM = certPEM
        } else {
            let key = P256.Signing.PrivateKey()
            let cert = try issueServing(
                key: key, hostNames: hostNames, ipAddresses: ipAddresses, caKey: caKey, ca: caCert)
            servingKeyPEM = key.pemRepresentation
            servingCertPEM = try cert.serializeAsPEM().pemString
            try write("apiserver.key", servingKeyPEM, secret: true)
            try write("apiserver.crt", servingCertPEM, secret: false)
        }

        let adminKeyPEM: String
        let adminCertPEM: String
        if let keyPEM = read("admin.key"), let certPEM = read("admin.crt") {
            adminKeyPEM = keyPEM
            adminCertPEM = certPEM
        } else {
            let key = P256.Signing.PrivateKey()
            let cert = try issueClient(
                key: key, user: adminUser, groups: [adminGroup], caKey: caKey, ca: caCert)
            adminKeyPEM = key.pemRepresentation
            adminCertPEM = try cert.serializeAsPEM().pemString
            try write("admin.key", adminKeyPEM, secret: true)
            try write("admin.crt", adminCertPEM, secret: false)
        }
        let serviceAccountKeyPEM: String
        if let keyPEM = read("service-account.key") {
            serviceAccountKeyPEM = keyPEM
        } else {
            serviceAccountKeyPEM = P256.Signing.PrivateKey().pemRepresentation
            try write("service-account.key", serviceAccountKeyPEM, secret: true)
        }
        return ClusterPKI(
            caCertificatePEM: try caCert.serializeAsPEM().pemString, caKeyPEM: caKey.pemRepresentation,
            servingCertificatePEM: servingCertPEM, servingKeyPEM: servingKeyPEM,
            adminCertificatePEM: adminCertPEM, adminKeyPEM: adminKeyPEM, serviceAccountKeyPEM: serviceAccountKeyPEM)
    }

    /// Issues a client certificate for `user` in `groups`, signed by the CA
    /// (for tests and tools that need another identity).
    public func issueClientCertificate(user: String, groups: [String]) throws -> (
        certificatePEM: String, keyPEM: String
    ) {
        let caKey = try P256.Signing.PrivateKey(pemRepresentation: caKeyPEM)
        let ca = try Certificate(pemEncoded: caCertificatePEM)
        let key = P256.Signing.PrivateKey()
        let cert = try Self.issueClient(key: key, user: user, groups: groups, caKey: caKey, ca: ca)
        return (try cert.serializeAsPEM().pemString, key.pemRepresentation)
    }

    private static func validity() -> (Date, Date) {
        let now = Date()
        // Back-dated an hour so clients with a slightly slow clock accept it.
        return (now.addingTimeInterval(-3600), now.addingTimeInterval(10 * 365 * 24 * 3600))
    }

    private static func issueCA(key: P256.Signing.PrivateKey) throws -> Certificate {
        let name = try DistinguishedName { CommonName("swiftlet-ca") }
        let (from, until) = validity()
        return try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(key.publicKey), notValidBefore: from, notValidAfter: until,
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: Certificate.PublicKey(key.publicKey))
            },
            issuerPrivateKey: Certificate.PrivateKey(key))
    }

    private static func issueServing(
        key: P256.Signing.PrivateKey, hostNames: [String], ipAddresses: [String], caKey: P256.Signing.PrivateKey,
        ca: Certificate
    ) throws -> Certificate {
        let (from, until) = validity()
        var names: [GeneralName] = hostNames.map { .dnsName($0) }
        for ip in ipAddresses {
            if let bytes = ipBytes(ip) { names.append(.ipAddress(ASN1OctetString(contentBytes: ArraySlice(bytes)))) }
        }
        return try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(key.publicKey), notValidBefore: from, notValidAfter: until,
            issuer: ca.subject, subject: try DistinguishedName { CommonName("swiftlet-apiserver") },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names)
            },
            issuerPrivateKey: Certificate.PrivateKey(caKey))
    }

    static func issueClient(
        key: P256.Signing.PrivateKey, user: String, groups: [String], caKey: P256.Signing.PrivateKey, ca: Certificate
    ) throws -> Certificate {
        let (from, until) = validity()
        let subject = try DistinguishedName {
            for group in groups { OrganizationName(group) }
            CommonName(user)
        }
        return try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(key.publicKey), notValidBefore: from, notValidAfter: until,
            issuer: ca.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.clientAuth])
            },
            issuerPrivateKey: Certificate.PrivateKey(caKey))
    }

    /// The DNS names and IP addresses a certificate covers, as text.
    private static func coveredNames(_ cert: Certificate) -> Set<String> {
        guard let sans = try? cert.extensions.subjectAlternativeNames else { return [] }
        var out = Set<String>()
        for name in sans {
            switch name {
            case .dnsName(let d): out.insert(d)
            case .ipAddress(let bytes): out.insert(ipText(Array(bytes.bytes)))
            default: break
            }
        }
        return out
    }

    static func ipBytes(_ text: String) -> [UInt8]? {
        let v4 = text.split(separator: ".")
        if v4.count == 4, let b = Optional(v4.compactMap { UInt8($0) }), b.count == 4 { return b }
        var addr = in6_addr()
        if text.contains(":"), inet_pton(AF_INET6, text, &addr) == 1 {
            return withUnsafeBytes(of: &addr) { Array($0) }
        }
        return nil
    }

    static func ipText(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        var addr = in6_addr()
        withUnsafeMutableBytes(of: &addr) { raw in
            for (i, b) in bytes.prefix(16).enumerated() { raw[i] = b }
        }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        inet_ntop(AF_INET6, &addr, &buffer, socklen_t(buffer.count))
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
