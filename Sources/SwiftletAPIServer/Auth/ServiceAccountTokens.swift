import Crypto
import Foundation
import SwiftletAPI

/// Service-account tokens as upstream's TokenRequest issues them: JWTs with
/// the `kubernetes.io` private claims (namespace, service account, and the
/// pod a token is bound to), signed with the cluster's service-account key.
/// Upstream signs with RS256 by default; this key is P-256, so ES256.
struct ServiceAccountTokens: Sendable {
    /// The issuer, and the audience the API server accepts.
    static let issuer = "https://kubernetes.default.svc.cluster.local"

    /// The pod a token lives and dies with.
    struct BoundPod: Sendable, Equatable {
        var name: String
        var uid: String
    }

    struct Claims: Sendable, Equatable {
        var namespace: String
        var serviceAccount: String
        var serviceAccountUID: String
        var audiences: [String]
        var expires: Int64
        var pod: BoundPod?

        var username: String { "system:serviceaccount:\(namespace):\(serviceAccount)" }
        var groups: [String] {
            ["system:serviceaccounts", "system:serviceaccounts:\(namespace)", "system:authenticated"]
        }
    }

    private let key: P256.Signing.PrivateKey
    private let keyID: String

    /// With no key (tests that build a bare APIService) tokens are signed
    /// with a key that lives as long as the process.
    init(keyPEM: String?) {
        key = keyPEM.flatMap { try? P256.Signing.PrivateKey(pemRepresentation: $0) } ?? P256.Signing.PrivateKey()
        keyID = Self.base64URL(Data(SHA256.hash(data: key.publicKey.derRepresentation)))
    }

    func issue(_ claims: Claims, now: Date = Date()) -> String {
        let issuedAt = Int64(now.timeIntervalSince1970)
        var kubernetes: JSONObject = [
            "namespace": .string(claims.namespace),
            "serviceaccount": ["name": .string(claims.serviceAccount), "uid": .string(claims.serviceAccountUID)],
        ]
        if let pod = claims.pod { kubernetes["pod"] = ["name": .string(pod.name), "uid": .string(pod.uid)] }
        let payload: JSONValue = [
            "aud": .array(claims.audiences.map { .string($0) }), "exp": .int(claims.expires), "iat": .int(issuedAt),
            "iss": .string(Self.issuer), "jti": .string(UUID().uuidString.lowercased()),
            "kubernetes.io": .object(kubernetes), "nbf": .int(issuedAt),
            "sub": .string(claims.username),
        ]
        let header: JSONValue = ["alg": "ES256", "kid": .string(keyID)]
        let signingInput =
            Self.base64URL(Data(header.serialized())) + "." + Self.base64URL(Data(payload.serialized()))
        let signature = (try? key.signature(for: Data(signingInput.utf8)).rawRepresentation) ?? Data()
        return signingInput + "." + Self.base64URL(signature)
    }

    /// The claims of a token this server signed that is valid now, or nil.
    func verify(_ token: String, now: Date = Date()) -> Claims? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = Self.fromBase64URL(parts[0]),
            let payloadData = Self.fromBase64URL(parts[1]), let signatureData = Self.fromBase64URL(parts[2]),
            let header = try? JSONParser.parse(Array(headerData)), header["alg"] == "ES256",
            let signature = try? P256.Signing.ECDSASignature(rawRepresentation: signatureData),
            key.publicKey.isValidSignature(signature, for: Data("\(parts[0]).\(parts[1])".utf8)),
            let payload = try? JSONParser.parse(Array(payloadData)), payload["iss"]?.stringValue == Self.issuer,
            let expires = payload["exp"]?.intValue, let kubernetes = payload["kubernetes.io"],
            let namespace = kubernetes["namespace"]?.stringValue,
            let name = kubernetes[path: ["serviceaccount", "name"]]?.stringValue,
            let uid = kubernetes[path: ["serviceaccount", "uid"]]?.stringValue
        else { return nil }
        let seconds = Int64(now.timeIntervalSince1970)
        guard expires > seconds, (payload["nbf"]?.intValue ?? 0) <= seconds + 60 else { return nil }
        var pod: BoundPod?
        if let podName = kubernetes[path: ["pod", "name"]]?.stringValue,
            let podUID = kubernetes[path: ["pod", "uid"]]?.stringValue
        {
            pod = BoundPod(name: podName, uid: podUID)
        }
        return Claims(
            namespace: namespace, serviceAccount: name, serviceAccountUID: uid,
            audiences: payload["aud"]?.arrayValue?.compactMap(\.stringValue) ?? [], expires: expires, pod: pod)
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func fromBase64URL(_ text: Substring) -> Data? {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s.append("=") }
        return Data(base64Encoded: s)
    }
}
