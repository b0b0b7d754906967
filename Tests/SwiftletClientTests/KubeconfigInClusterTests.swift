import Foundation
import Testing

@testable import SwiftletClient

@Suite struct KubeconfigInClusterTests {
    static func serviceAccount(_ dir: KubeconfigScratch, namespace: String? = "team-b") throws -> String {
        try dir.write("sa/token", "sa-token\n")
        try dir.write("sa/ca.crt", "CLUSTER CA")
        if let namespace { try dir.write("sa/namespace", namespace) }
        return dir.root + "/sa"
    }

    @Test func inClusterWithFakeRoot() throws {
        try KubeconfigScratch.with { dir in
            let root = try Self.serviceAccount(dir)
            let env = ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"]
            let config = try ClientConfig.inCluster(environment: env, fileRoot: root)
            #expect(config.server.absoluteString == "https://10.96.0.1:443")
            #expect(config.bearerToken == "sa-token")
            #expect(config.bearerTokenFile == root + "/token")
            #expect(config.caPEM == bytes("CLUSTER CA"))
            #expect(config.namespace == "team-b")
            #expect(!config.insecureSkipTLSVerify)

            var withPodNamespace = env
            withPodNamespace["POD_NAMESPACE"] = "from-env"
            #expect(try ClientConfig.inCluster(environment: withPodNamespace, fileRoot: root).namespace == "from-env")
        }
    }

    @Test func ipv6HostIsBracketed() throws {
        try KubeconfigScratch.with { dir in
            let root = try Self.serviceAccount(dir, namespace: nil)
            let env = ["KUBERNETES_SERVICE_HOST": "fd00:10:96::1", "KUBERNETES_SERVICE_PORT": "6443"]
            let config = try ClientConfig.inCluster(environment: env, fileRoot: root)
            #expect(config.server.absoluteString == "https://[fd00:10:96::1]:6443")
            #expect(config.namespace == "default")
        }
    }

    @Test func notInClusterAndMissingToken() throws {
        try KubeconfigScratch.with { dir in
            #expect(throws: ClientConfigError.notInCluster) {
                try ClientConfig.inCluster(environment: ["KUBERNETES_SERVICE_HOST": "10.0.0.1"], fileRoot: dir.root)
            }
            let env = ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"]
            #expect(
                throws: ClientConfigError.cannotReadFile(
                    path: dir.root + "/token", purpose: "service account token", reason: "no such file or directory")
            ) {
                try ClientConfig.inCluster(environment: env, fileRoot: dir.root)
            }
            // A missing ca.crt is tolerated, as in client-go.
            try dir.write("token", "t")
            #expect(try ClientConfig.inCluster(environment: env, fileRoot: dir.root).caPEM == nil)
        }
    }

    @Test func automaticFollowsControllerRuntimeOrder() throws {
        try KubeconfigScratch.with { dir in
            let root = try Self.serviceAccount(dir)
            let flagFile = try dir.write("flag", KubeconfigLoadingTests.first)
            let envFile = try dir.write("env", KubeconfigLoadingTests.second)
            try dir.write(
                "home/.kube/config",
                KubeconfigLoadingTests.third + "\n" + """
                    clusters: [{name: other, cluster: {server: "https://home:6443"}}]
                    """)
            let cluster = ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"]
            let home = ["HOME": dir.root + "/home"]
            func server(_ env: [String: String], flag: String? = nil, context: String? = nil) throws -> String {
                try ClientConfig.automatic(
                    kubeconfigPath: flag, context: context, environment: env, inClusterRoot: root
                )
                .server.absoluteString
            }
            let all = cluster.merging(home) { a, _ in a }.merging(["KUBECONFIG": envFile]) { a, _ in a }
            #expect(try server(all, flag: flagFile, context: "one") == "https://first:6443")
            #expect(try server(all) == "https://other:6443")
            #expect(try server(cluster.merging(home) { a, _ in a }) == "https://10.96.0.1:443")
            #expect(try server(home) == "https://home:6443")
            #expect(throws: ClientConfigError.noConfiguration(searched: [dir.root + "/nobody/.kube/config"])) {
                try server(["HOME": dir.root + "/nobody"])
            }
        }
    }
}
