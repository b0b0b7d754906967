import Foundation
import SwiftletAPI

/// The response forms a client may ask for in its Accept header.
enum ResponseForm: Equatable {
    case object
    /// meta.k8s.io Table (v1 or v1beta1).
    case table(version: String)
    case partialObjectMetadata(version: String)
    case partialObjectMetadataList(version: String)
}

enum MediaTypes {
    static let json = "application/json"
    static let jsonPatch = "application/json-patch+json"
    static let mergePatch = "application/merge-patch+json"
    static let strategicMergePatch = "application/strategic-merge-patch+json"
    static let applyPatch = "application/apply-patch+yaml"
    static let protobuf = KubernetesProtobuf.mediaType
    static let aggregatedDiscoveryV2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
    static let aggregatedDiscoveryV2Beta1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList"

    struct Entry {
        var type: String
        var parameters: [String: String]
    }

    /// Splits an Accept header into media types with their parameters.
    static func parseAccept(_ header: String?) -> [Entry] {
        guard let header, !header.isEmpty else { return [Entry(type: "*/*", parameters: [:])] }
        return header.split(separator: ",").map { part in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            var params: [String: String] = [:]
            for p in pieces.dropFirst() {
                let kv = p.split(separator: "=", maxSplits: 1).map(String.init)
                if kv.count == 2 { params[kv[0].lowercased()] = kv[1] }
            }
            return Entry(type: (pieces.first ?? "").lowercased(), parameters: params)
        }
    }

    /// The first form in the client's order that the server can produce.
    static func responseForm(accept: String?) throws(APIError) -> ResponseForm {
        for entry in parseAccept(accept) {
            switch entry.type {
            case "application/json", "application/*", "*/*", "application/yaml":
                if let form = transformedForm(entry.parameters) { return form }
                if entry.parameters["as"] == nil { return .object }
            case protobuf where entry.parameters["as"] == nil:
                return .object
            default: continue
            }
        }
        throw APIError.notAcceptable(accept ?? "")
    }

    /// Whether the first form in the client's order that the server can
    /// produce is a plain object in protobuf (what typed Go clients ask for).
    static func prefersProtobuf(accept: String?) -> Bool {
        for entry in parseAccept(accept) {
            switch entry.type {
            case protobuf where entry.parameters["as"] == nil: return true
            case "application/json", "application/*", "*/*", "application/yaml":
                if transformedForm(entry.parameters) != nil || entry.parameters["as"] == nil { return false }
            default: continue
            }
        }
        return false
    }

    private static func transformedForm(_ params: [String: String]) -> ResponseForm? {
        guard let kind = params["as"], params["g"] == "meta.k8s.io", let v = params["v"], v == "v1" || v == "v1beta1"
        else { return nil }
        switch kind {
        case "Table": return .table(version: v)
        case "PartialObjectMetadata": return .partialObjectMetadata(version: v)
        case "PartialObjectMetadataList": return .partialObjectMetadataList(version: v)
        default: return nil
        }
    }

    /// The bare media type of a Content-Type header.
    static func baseType(_ contentType: String?) -> String {
        guard let contentType else { return "" }
        return contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            ?? ""
    }
}
