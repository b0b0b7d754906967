import Foundation
import Testing

@testable import SwiftletClient

@Suite struct KubeconfigLoadingTests {
    static let first = """
        clusters:
        - name: shared
          cluster: {server: "https://first:6443", insecure-skip-tls-verify: true}
        users:
        - name: shared
          user: {token: first-token}
        contexts:
        - name: one
          context: {cluster: shared, user: shared, namespace: ns-one}
        """
    static let second = """
        clusters:
        - name: shared
          cluster: {server: "https://second:6443"}
        - name: other
          cluster: {server: "https://other:6443", insecure-skip-tls-verify: true}
        users:
        - name: shared
          user: {username: ignored, password: ignored}
        contexts:
        - name: two
          context: {cluster: other, user: shared}
        current-context: two
        """
    static let third = """
        contexts:
        - name: three
          context: {cluster: other}
        current-context: three
        """

    @Test func kubeconfigListMergesFirstWins() throws {
        try KubeconfigScratch.with { dir in
            let a = try dir.write("a/config", Self.first)
            let b = try dir.write("b/config", Self.second)
            let c = try dir.write("c/config", Self.third)
            let env = ["KUBECONFIG": "\(a):\(dir.root)/missing::\(b):\(c):\(a)", "HOME": dir.root]
            let merged = try KubeconfigFile.load(KubeconfigFile.SearchList(environment: env))
            #expect(merged.clusters.map(\.name) == ["shared", "other"])
            #expect(merged.cluster(named: "shared")?.server == "https://first:6443")
            #expect(merged.user(named: "shared") == KubeconfigFile.AuthInfo(token: "first-token"))
            #expect(merged.contexts.map(\.name) == ["one", "two", "three"])
            // The first file does not set current-context; the second is the first that does.
            #expect(merged.currentContext == "two")

            let config = try ClientConfig.load(environment: env)
            #expect(config.server.absoluteString == "https://other:6443")
            #expect(config.bearerToken == "first-token" && config.username == nil)
        }
    }

    @Test func missingFilesAndDefaults() throws {
        try KubeconfigScratch.with { dir in
            let env = ["KUBECONFIG": "\(dir.root)/nope:\(dir.root)/nada", "HOME": dir.root]
            #expect(throws: ClientConfigError.noConfiguration(searched: ["\(dir.root)/nope", "\(dir.root)/nada"])) {
                try ClientConfig.load(environment: env)
            }
            #expect(
                throws: ClientConfigError.cannotReadFile(
                    path: "\(dir.root)/nope", purpose: "kubeconfig", reason: "no such file or directory")
            ) {
                try ClientConfig.load(kubeconfigPaths: ["\(dir.root)/nope"], environment: env)
            }
            // Without KUBECONFIG, ~/.kube/config is used.
            try dir.write(".kube/config", Self.second)
            let config = try ClientConfig.load(environment: ["HOME": dir.root])
            #expect(config.server.absoluteString == "https://other:6443")
            // Explicit paths beat KUBECONFIG.
            let a = try dir.write("a", Self.first)
            let explicit = try ClientConfig.load(kubeconfigPaths: [a], context: "one", environment: env)
            #expect(explicit.server.absoluteString == "https://first:6443")
        }
    }

    @Test func relativePathsResolveAgainstTheDefiningFile() throws {
        try KubeconfigScratch.with { dir in
            try dir.write("conf/pki/ca.crt", "CA")
            try dir.write("conf/pki/client.crt", "CERT")
            try dir.write("keys/client.key", "KEY")
            try dir.write("tokens/t", "  from-file\n")
            let main = try dir.write(
                "conf/kubeconfig",
                """
                clusters: [{name: k, cluster: {server: "https://k", certificate-authority: pki/ca.crt}}]
                users:
                - name: u
                  user: {client-certificate: ./pki/client.crt, client-key: ../keys/client.key}
                contexts: [{name: c, context: {cluster: k, user: u}}]
                current-context: c
                """)
            let extra = try dir.write(
                "other/kubeconfig",
                """
                users: [{name: t, user: {tokenFile: ../tokens/t, exec: {command: bin/helper}}}]
                contexts: [{name: tc, context: {cluster: k, user: t}}]
                """)
            let file = try KubeconfigFile.load(
                KubeconfigFile.SearchList(explicitPaths: [main, extra], environment: [:]))
            #expect(file.cluster(named: "k")?.certificateAuthority == "\(dir.root)/conf/pki/ca.crt")
            #expect(file.user(named: "u")?.clientKey == "\(dir.root)/keys/client.key")
            #expect(file.user(named: "t")?.tokenFile == "\(dir.root)/tokens/t")
            #expect(file.user(named: "t")?.exec?.command == "\(dir.root)/other/bin/helper")

            let config = try ClientConfig(kubeconfig: file)
            #expect(config.caPEM == bytes("CA"))
            #expect(config.clientCertificatePEM == bytes("CERT"))
            #expect(config.clientKeyPEM == bytes("KEY"))
            let tokenConfig = try ClientConfig(kubeconfig: file, context: "tc")
            #expect(tokenConfig.bearerToken == "from-file")
            #expect(tokenConfig.bearerTokenFile == "\(dir.root)/tokens/t")
        }
    }

    @Test func tokenAndTokenFile() throws {
        try KubeconfigScratch.with { dir in
            try dir.write("tok", "rotated\n")
            let path = try dir.write(
                "config",
                """
                clusters: [{name: k, cluster: {server: "https://k"}}]
                users:
                - {name: both, user: {token: inline, tokenFile: tok}}
                - {name: file, user: {tokenFile: tok}}
                - {name: gone, user: {tokenFile: missing}}
                contexts:
                - {name: both, context: {cluster: k, user: both}}
                - {name: file, context: {cluster: k, user: file}}
                - {name: gone, context: {cluster: k, user: gone}}
                """)
            let both = try ClientConfig.load(kubeconfigPaths: [path], context: "both", environment: [:])
            #expect(both.bearerToken == "inline" && both.bearerTokenFile == "\(dir.root)/tok")
            let file = try ClientConfig.load(kubeconfigPaths: [path], context: "file", environment: [:])
            #expect(file.bearerToken == "rotated" && file.bearerTokenFile == "\(dir.root)/tok")
            #expect(throws: ClientConfigError.self) {
                try ClientConfig.load(kubeconfigPaths: [path], context: "gone", environment: [:])
            }
        }
    }

    @Test func insecureFlag() throws {
        func load(_ cluster: String) throws -> ClientConfig {
            try ClientConfig(
                kubeconfig: KubeconfigFile(
                    bytes: bytes(
                        """
                        clusters: [{name: k, cluster: \(cluster)}]
                        contexts: [{name: c, context: {cluster: k}}]
                        current-context: c
                        """)))
        }
        let insecure = try load("{server: 'https://k', insecure-skip-tls-verify: true}")
        #expect(insecure.insecureSkipTLSVerify && insecure.caPEM == nil)
        #expect(try !load("{server: 'https://k'}").insecureSkipTLSVerify)
        #expect(throws: ClientConfigError.self) {
            try load(
                "{server: 'https://k', insecure-skip-tls-verify: true, certificate-authority-data: \(base64("CA"))}")
        }
    }

    @Test func contextOverrideAndNamespace() throws {
        let file = try KubeconfigFile(bytes: bytes(Self.first)).merging(KubeconfigFile(bytes: bytes(Self.second)))
        #expect(try ClientConfig(kubeconfig: file).namespace == "default")
        let one = try ClientConfig(kubeconfig: file, context: "one")
        #expect(one.namespace == "ns-one")
        #expect(one.server.absoluteString == "https://first:6443")
    }

    @Test func contextErrors() throws {
        let file = try KubeconfigFile(bytes: bytes(Self.first))
        #expect(throws: ClientConfigError.noCurrentContext) { try ClientConfig(kubeconfig: file) }
        #expect(throws: ClientConfigError.contextNotFound("nope")) {
            try ClientConfig(kubeconfig: file, context: "nope")
        }
        var dangling = file
        dangling.currentContext = "missing"
        #expect(throws: ClientConfigError.contextNotFound("missing")) { try ClientConfig(kubeconfig: dangling) }
        var noCluster = file
        noCluster.contexts[0].context.cluster = "ghost"
        #expect(throws: ClientConfigError.clusterNotFound(cluster: "ghost", context: "one")) {
            try ClientConfig(kubeconfig: noCluster, context: "one")
        }
        var badNamespace = file
        badNamespace.contexts[0].context.namespace = "Not_A_Label"
        #expect(throws: ClientConfigError.invalidNamespace(namespace: "Not_A_Label", context: "one")) {
            try ClientConfig(kubeconfig: badNamespace, context: "one")
        }
        let message = ClientConfigError.contextNotFound("nope").description
        #expect(message == "context \"nope\" was not found in the kubeconfig")
    }

    @Test func conflictingCredentialsAreRejected() throws {
        func load(_ user: String) throws -> ClientConfig {
            try ClientConfig(
                kubeconfig: KubeconfigFile(
                    bytes: bytes(
                        """
                        clusters: [{name: k, cluster: {server: "https://k"}}]
                        users: [{name: u, user: \(user)}]
                        contexts: [{name: c, context: {cluster: k, user: u}}]
                        current-context: c
                        """)))
        }
        #expect(throws: ClientConfigError.self) { try load("{token: t, username: a, password: b}") }
        #expect(throws: ClientConfigError.self) { try load("{client-certificate-data: \(base64("C"))}") }
        let basic = try load("{username: a, password: b}")
        #expect(basic.username == "a" && basic.password == "b")
        // A token next to an exec plugin is used; the plugin is not run.
        #expect(try load("{token: t, exec: {command: x}}").bearerToken == "t")
        #expect(throws: ClientConfigError.unsupportedAuthentication(user: "u", method: "the \"oidc\" auth-provider")) {
            try load("{auth-provider: {name: oidc, config: {idp-issuer-url: 'https://i'}}}")
        }
    }
}
