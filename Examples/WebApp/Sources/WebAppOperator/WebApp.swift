import SwiftletAPI
import SwiftletControllerKit

/// The WebApp kind: an image served by a number of replicas behind a
/// Service. Its CRD is derived from these types.
public enum WebApp: CustomResourceKind {
    public static let group = "example.swiftlet.dev"
    public static let kind = "WebApp"
    public static let shortNames = ["wa"]
    public static let description: String? =
        "A web application: a Deployment of one image and a Service in front of it."
    public static let scale: ScalePaths? = ScalePaths(
        specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.readyReplicas",
        labelSelectorPath: ".status.selector")
    public static let printerColumns = [
        PrinterColumn("Image", type: "string", jsonPath: ".spec.image"),
        PrinterColumn("Desired", type: "integer", jsonPath: ".spec.replicas"),
        PrinterColumn("Ready", type: "integer", jsonPath: ".status.readyReplicas"),
        PrinterColumn("Age", type: "date", jsonPath: ".metadata.creationTimestamp"),
    ]
    public typealias Spec = WebAppSpec
    public typealias Status = WebAppStatus
}

public typealias WebAppObject = CustomObject<WebApp>

public struct WebAppSpec: Codable, Sendable, Equatable, SchemaDescribing {
    public var image: String
    public var replicas: Int32
    public var port: Int32?

    public init(image: String, replicas: Int32 = 1, port: Int32? = nil) {
        self.image = image
        self.replicas = replicas
        self.port = port
    }

    public static let fieldSchemas: [String: FieldSchema] = [
        "image": FieldSchema("The container image to run.", minLength: 1),
        "replicas": FieldSchema("How many copies to run.", default: 1, minimum: 0, maximum: 100),
        "port": FieldSchema("The port the container listens on (and the Service exposes).", minimum: 1, maximum: 65535),
    ]
}

public struct WebAppStatus: Codable, Sendable, Equatable, SchemaDescribing {
    public var readyReplicas: Int32?
    /// The label selector of the pods, for the scale subresource.
    public var selector: String?
    public var conditions: [WebAppCondition]?

    public static let fieldSchemas: [String: FieldSchema] = [
        "readyReplicas": FieldSchema("Replicas whose pods are ready."),
        "selector": FieldSchema("The label selector of the pods."),
    ]
}

public struct WebAppCondition: Codable, Sendable, Equatable {
    public var type: String
    public var status: String
    public var reason: String?
    public var message: String?
}
