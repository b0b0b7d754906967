import Foundation

/// A kubeconfig file for one user of one cluster, with every credential
/// embedded so the file works wherever it is copied.
public struct Kubeconfig: Sendable {
    public var clusterName = "swiftlet"
    public var userName: String
    public var server: String
    public var caPEM: String
    public var clientCertificatePEM: String
    public var clientKeyPEM: String

    public init(userName: String, server: String, caPEM: String, clientCertificatePEM: String, clientKeyPEM: String) {
        self.userName = userName
        self.server = server
        self.caPEM = caPEM
        self.clientCertificatePEM = clientCertificatePEM
        self.clientKeyPEM = clientKeyPEM
    }

    public var yaml: String {
        func b64(_ s: String) -> String { Data(s.utf8).base64EncodedString() }
        let context = "\(userName)@\(clusterName)"
        return """
            apiVersion: v1
            kind: Config
            clusters:
            - name: \(clusterName)
              cluster:
                server: \(server)
                certificate-authority-data: \(b64(caPEM))
            users:
            - name: \(userName)
              user:
                client-certificate-data: \(b64(clientCertificatePEM))
                client-key-data: \(b64(clientKeyPEM))
            contexts:
            - name: \(context)
              context:
                cluster: \(clusterName)
                user: \(userName)
                namespace: default
            current-context: \(context)
            preferences: {}

            """
    }

    public func write(to url: URL) throws {
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
    }
}
