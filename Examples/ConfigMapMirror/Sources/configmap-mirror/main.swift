import Foundation
// configmap-mirror: an example operator built only with the public
// Swiftlet libraries. Usage: configmap-mirror [--kubeconfig FILE]
import MirrorOperator
import SwiftletClient
import SwiftletControllerKit

var arguments = CommandLine.arguments.dropFirst()
var kubeconfig: String? = nil
while let arg = arguments.popFirst() {
    if arg == "--kubeconfig" { kubeconfig = arguments.popFirst() }
}
let config = try ClientConfig.automatic(kubeconfigPath: kubeconfig)
let client = try KubernetesClient(config: config)
let manager = Manager(
    client: client,
    leaderElection: LeaderElector.Configuration(
        leaseName: "configmap-mirror", leaseNamespace: "kube-system", identity: LeaderElector.defaultIdentity()))
manager.add(MirrorController.make(manager: manager))
let run = Task { try await manager.run() }
// Stop cleanly on SIGTERM or SIGINT.
for sig in [SIGTERM, SIGINT] { signal(sig, SIG_IGN) }
let signals = [SIGTERM, SIGINT].map { DispatchSource.makeSignalSource(signal: $0, queue: .main) }
for source in signals {
    source.setEventHandler {
        run.cancel()
        exit(0)
    }
    source.resume()
}
FileHandle.standardError.write(Data("configmap-mirror running\n".utf8))
_ = try? await run.value
