import SwiftletControllerKit
import SwiftletModels

/// Wires the reconciler: WebApps are the primary objects, and the
/// Deployments and Services they own wake them.
public enum WebAppController {
    public static func make(manager: Manager) -> Controller {
        Controller.for(WebAppObject.self)
            .named("webapp")
            .owns(AppsV1.Deployment.self)
            .owns(CoreV1.Service.self)
            .complete(WebAppReconciler(client: manager.client))
    }
}
