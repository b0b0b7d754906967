import Foundation
// webapp-operator: the WebApp example operator.
//   webapp-operator crd                    prints the WebApp CRD as YAML
//   webapp-operator [--kubeconfig FILE]    runs the operator
import SwiftletClient
import SwiftletControllerKit
import WebAppOperator

var arguments = CommandLine.arguments.dropFirst()
if arguments.first == "crd" {
    print(try CustomResourceDefinitionBuilder.yaml(for: WebApp.self), terminator: "")
    exit(0)
}
var kubeconfig: String? = nil
while let arg = arguments.popFirst() {
    if arg == "--kubeconfig" { kubeconfig = arguments.popFirst() }
}
let client = try KubernetesClient(config: try ClientConfig.automatic(kubeconfigPath: kubeconfig))
let manager = Manager(
    client: client,
    leaderElection: LeaderElector.Configuration(
        leaseName: "webapp-operator", leaseNamespace: "kube-system", identity: LeaderElector.defaultIdentity()))
manager.add(WebAppController.make(manager: manager))
let run = Task { try await manager.run() }
for sig in [SIGTERM, SIGINT] { signal(sig, SIG_IGN) }
let signals = [SIGTERM, SIGINT].map { DispatchSource.makeSignalSource(signal: $0, queue: .main) }
for source in signals {
    source.setEventHandler {
        run.cancel()
        exit(0)
    }
    source.resume()
}
FileHandle.standardError.write(Data("webapp-operator running\n".utf8))
_ = try? await run.value
