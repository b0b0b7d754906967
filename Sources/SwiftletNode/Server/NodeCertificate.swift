import Crypto
import Foundation
import SwiftASN1
import X509

/// The node endpoint's serving certificate: self-signed at every start, as
/// upstream's kubelet does when no certificate is given. The API server does
/// not verify it (upstream's default without --kubelet-certificate-authority);
/// the node verifies the API server, by client certificate, against the
/// cluster CA.
struct NodeCertificate {
    let certificatePEM: String
    let keyPEM: String

    static func selfSigned(nodeName: String, ipAddress: String) throws -> NodeCertificate {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("\(nodeName)@\(Int(Date().timeIntervalSince1970))") }
        var alternatives: [GeneralName] = [.dnsName(nodeName)]
        if let bytes = IPv4.bytes(ipAddress) {
            alternatives.append(.ipAddress(ASN1OctetString(contentBytes: bytes[...])))
        }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(key.publicKey), notValidBefore: now.addingTimeInterval(-300),
            notValidAfter: now.addingTimeInterval(365 * 86400), issuer: name, subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(alternatives)
            },
            issuerPrivateKey: Certificate.PrivateKey(key))
        return NodeCertificate(
            certificatePEM: try certificate.serializeAsPEM().pemString, keyPEM: key.pemRepresentation)
    }
}

enum IPv4 {
    static func bytes(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".")
        guard parts.count == 4 else { return nil }
        let bytes = parts.compactMap { UInt8($0) }
        return bytes.count == 4 ? bytes : nil
    }
}
