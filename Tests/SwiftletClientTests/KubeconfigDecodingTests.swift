import Foundation
import Testing

@testable import SwiftletClient

@Suite struct KubeconfigDecodingTests {
    static let embedded = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: prod
          cluster:
            server: https://prod.example:6443
            certificate-authority-data: \(base64("CA PEM"))
            tls-server-name: api.prod
            proxy-url: socks5://127.0.0.1:1080
        users:
        - name: admin
          user:
            client-certificate-data: \(base64("CERT PEM"))
            client-key-data: \(base64("KEY PEM"))
        contexts:
        - name: prod-admin
          context: {cluster: prod, user: admin, namespace: team-a}
        current-context: prod-admin
        preferences: {}
        """

    @Test func singleFileWithEmbeddedData() throws {
        let config = try ClientConfig(kubeconfig: KubeconfigFile(bytes: bytes(Self.embedded)))
        #expect(config.server.absoluteString == "https://prod.example:6443")
        #expect(config.caPEM == bytes("CA PEM"))
        #expect(config.clientCertificatePEM == bytes("CERT PEM"))
        #expect(config.clientKeyPEM == bytes("KEY PEM"))
        #expect(config.tlsServerName == "api.prod")
        #expect(config.proxyURL?.absoluteString == "socks5://127.0.0.1:1080")
        #expect(config.namespace == "team-a")
        #expect(config.bearerToken == nil && !config.insecureSkipTLSVerify)
        #expect(config.qps == 5 && config.burst == 10 && config.timeout == nil)
    }

    @Test func jsonKubeconfig() throws {
        let json = """
            {"apiVersion": "v1", "kind": "Config", "current-context": "c",
             "clusters": [{"name": "k", "cluster": {"server": "https://10.0.0.1", "insecure-skip-tls-verify": true}}],
             "users": [{"name": "u", "user": {"token": "abc"}}],
             "contexts": [{"name": "c", "context": {"cluster": "k", "user": "u"}}]}
            """
        let config = try ClientConfig(kubeconfig: KubeconfigFile(bytes: bytes(json)))
        #expect(config.server.absoluteString == "https://10.0.0.1")
        #expect(config.insecureSkipTLSVerify)
        #expect(config.bearerToken == "abc")
        #expect(config.namespace == "default")
    }

    @Test func emptyAndCommentOnlyFilesAreEmpty() throws {
        #expect(try KubeconfigFile(bytes: bytes("")).isEmpty)
        #expect(try KubeconfigFile(bytes: bytes("# nothing here\n")).isEmpty)
        #expect(try KubeconfigFile(bytes: bytes("clusters:\nusers: null\n")).isEmpty)
    }

    @Test func badInputIsReported() {
        let duplicate =
            "clusters:\n- name: a\n  cluster: {server: https://a}\n- name: a\n  cluster: {server: https://b}\n"
        #expect(throws: ClientConfigError.self) { try KubeconfigFile(bytes: bytes(duplicate), path: "x") }
        let badBase64 = "clusters:\n- name: a\n  cluster: {certificate-authority-data: '%%%'}\n"
        do {
            _ = try KubeconfigFile(bytes: bytes(badBase64), path: "/tmp/kc")
            Issue.record("expected an error")
        } catch let error as ClientConfigError {
            guard case .invalidKubeconfig(let path, let reason) = error else { Issue.record("\(error)"); return }
            #expect(path == "/tmp/kc")
            #expect(reason.contains("certificate-authority-data"))
        } catch { Issue.record("\(error)") }
        #expect(throws: ClientConfigError.self) { try KubeconfigFile(bytes: bytes("clusters: [a: {")) }
    }

    @Test func execIsDecodedAndReportedUnsupported() throws {
        let yaml = """
            clusters: [{name: k, cluster: {server: "https://k"}}]
            users:
            - name: eks
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: aws
                  args: [eks, get-token]
                  env: [{name: AWS_PROFILE, value: dev}]
                  interactiveMode: Never
            contexts: [{name: c, context: {cluster: k, user: eks}}]
            current-context: c
            """
        let file = try KubeconfigFile(bytes: bytes(yaml))
        let exec = try #require(file.user(named: "eks")?.exec)
        #expect(exec.command == "aws" && exec.args == ["eks", "get-token"])
        #expect(exec.env == [.init(name: "AWS_PROFILE", value: "dev")])
        #expect(exec.apiVersion == "client.authentication.k8s.io/v1" && exec.interactiveMode == "Never")
        #expect(throws: ClientConfigError.unsupportedAuthentication(user: "eks", method: "an exec credential plugin")) {
            try ClientConfig(kubeconfig: file)
        }
    }

    @Test func yamlRoundTrip() throws {
        let file = try KubeconfigFile(bytes: bytes(Self.embedded))
        let again = try KubeconfigFile(bytes: bytes(try file.yamlString()))
        #expect(again == file)
        #expect(try file.yamlString().contains("certificate-authority-data: \(base64("CA PEM"))"))
    }

    @Test func bareServerGetsAScheme() throws {
        func server(_ cluster: String) throws -> String {
            let yaml = """
                clusters: [{name: k, cluster: \(cluster)}]
                contexts: [{name: c, context: {cluster: k}}]
                current-context: c
                """
            return try ClientConfig(kubeconfig: KubeconfigFile(bytes: bytes(yaml))).server.absoluteString
        }
        #expect(try server("{server: 'localhost:6443', insecure-skip-tls-verify: true}") == "https://localhost:6443")
        #expect(try server("{server: 'localhost:8080'}") == "http://localhost:8080")
        #expect(try server("{server: 'https://k:6443/prefix?x=1#f'}") == "https://k:6443/prefix")
        #expect(throws: ClientConfigError.invalidServer(cluster: "k", server: "ftp://k")) {
            try server("{server: 'ftp://k'}")
        }
    }
}
