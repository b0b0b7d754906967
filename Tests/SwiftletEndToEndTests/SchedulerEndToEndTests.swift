import Foundation
import Testing

extension EndToEnd {
    @Suite("scheduler through kubectl", .timeLimit(.minutes(3)))
    struct SchedulerEndToEndTests {
        static func nodeManifest(_ name: String, cpu: String, zone: String) -> String {
            """
            apiVersion: v1
            kind: Node
            metadata:
              name: \(name)
              labels:
                kubernetes.io/hostname: \(name)
                topology.kubernetes.io/zone: \(zone)
            status:
              capacity: {cpu: "\(cpu)", memory: 8Gi, pods: "110"}
              allocatable: {cpu: "\(cpu)", memory: 8Gi, pods: "110"}
            """
        }

        /// `swiftlet server` schedules a Deployment's pods across nodes made with
        /// kubectl; a pod that fits nowhere says why in `kubectl describe`.
        @Test func deploymentPodsLandOnNodesAndUnfitPodsSayWhy() async throws {
            let server = try await SwiftletServerProcess.start()
            defer { server.removeData() }
            let kubectl = try Kubectl.version("1.32", for: server)
            for (i, zone) in ["a", "b", "c"].enumerated() {
                try await kubectl.ok("apply", "-f", "-", stdin: Self.nodeManifest("node-\(i)", cpu: "2", zone: zone))
            }
            try await kubectl.ok(
                "apply", "-f", "-",
                stdin: """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: web
                    spec:
                      replicas: 6
                      selector:
                        matchLabels:
                          app: web
                      template:
                        metadata:
                          labels:
                            app: web
                        spec:
                          topologySpreadConstraints:
                          - maxSkew: 1
                            topologyKey: topology.kubernetes.io/zone
                            whenUnsatisfiable: DoNotSchedule
                            labelSelector:
                              matchLabels:
                                app: web
                          containers:
                          - name: web
                            image: nginx:1.27
                            resources:
                              requests:
                                cpu: 250m
                    """)
            var nodesOfPods: [String] = []
            for _ in 0..<200 {
                let out = try await kubectl.ok(
                    "get", "pods", "-l", "app=web", "-o", "jsonpath={range .items[*]}{.spec.nodeName}{\"\\n\"}{end}")
                nodesOfPods = out.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
                if nodesOfPods.count == 6 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(nodesOfPods.count == 6)
            // Spread evenly across the three zones (one node each).
            #expect(
                Dictionary(grouping: nodesOfPods, by: { $0 }).mapValues(\.count) == [
                    "node-0": 2, "node-1": 2, "node-2": 2,
                ])
            let wide = try await kubectl.ok("get", "pods", "-o", "wide")
            #expect(wide.contains("NODE") && wide.contains("node-0") && wide.contains("node-2"))

            try await kubectl.ok(
                "apply", "-f", "-",
                stdin: """
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: huge
                    spec:
                      containers:
                      - name: app
                        image: nginx:1.27
                        resources:
                          requests:
                            cpu: "64"
                    """)
            var described = ""
            for _ in 0..<100 {
                described = try await kubectl.ok("describe", "pod", "huge")
                if described.contains("FailedScheduling") { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(described.contains("FailedScheduling"))
            #expect(described.contains("0/3 nodes are available: 3 Insufficient cpu."))
            // The lease shows who schedules.
            let lease = try await kubectl.ok(
                "get", "lease", "-n", "kube-system", "kube-scheduler", "-o", "jsonpath={.spec.holderIdentity}")
            #expect(!lease.isEmpty)
            _ = await server.stop()
        }
    }
}
