import NIOCore
import NIOSSL
import Synchronization
import X509

/// Who made a request: from the client certificate, the user is the
/// certificate's common name and the groups its organizations, as upstream.
public struct UserInfo: Sendable, Equatable {
    public var name: String
    public var groups: [String]

    public init(name: String, groups: [String]) {
        self.name = name
        self.groups = groups
    }
}

/// Authenticates requests by the TLS client certificate. The TLS layer has
/// already verified any presented certificate against the cluster CA
/// (optional verification), so a certificate here is a trusted one.
enum ClientCertificateAuthenticator {
    static func user(on channel: any Channel) async -> UserInfo? {
        // TLS lives on the connection: the channel itself for HTTP/1.1, the
        // parent of an HTTP/2 stream. (An HTTP/1.1 connection's parent is
        // the listening socket, which has no TLS handler.)
        let peer: NIOSSLCertificate?
        if let own = try? await channel.nioSSL_peerCertificate().get() {
            peer = own
        } else if let parent = channel.parent {
            peer = try? await parent.nioSSL_peerCertificate().get()
        } else {
            peer = nil
        }
        guard let peer, let der = try? peer.toDERBytes() else { return nil }
        // The same few certificates come back on every request: parse each once.
        if let known = recentUsers.withLock({ $0[der] }) { return known }
        let user = Self.user(fromCertificateDER: der)
        recentUsers.withLock { users in
            if users.count >= 1024 { users.removeAll() }
            users[der] = user
        }
        return user
    }

    /// Users of recently seen client certificates, by the certificate's DER bytes.
    private static let recentUsers = Mutex<[[UInt8]: UserInfo?]>([:])

    private static func user(fromCertificateDER der: [UInt8]) -> UserInfo? {
        guard let cert = try? Certificate(derEncoded: der) else { return nil }
        var name: String?
        var groups: [String] = []
        for rdn in cert.subject {
            for attribute in rdn {
                if attribute.type == .RDNAttributeType.commonName {
                    name = attribute.value.description
                } else if attribute.type == .RDNAttributeType.organizationName {
                    groups.append(attribute.value.description)
                }
            }
        }
        guard let name, !name.isEmpty else { return nil }
        return UserInfo(name: name, groups: groups + ["system:authenticated"])
    }
}
