import Foundation
import SwiftletAPI

/// `Authorization: Bearer TOKEN`.
enum BearerToken {
    static func from(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}

extension APIService {
    /// The service account a token stands for, if it is one this server
    /// signed for its own audience, not expired, and its service account
    /// (and the pod it is bound to, if any) still exist with the same uid,
    /// as upstream's service-account authenticator checks.
    func authenticate(token: String) async throws -> UserInfo? {
        guard let claims = tokens.verify(token), claims.audiences.contains(ServiceAccountTokens.issuer) else {
            return nil
        }
        return try await stillValid(claims) ? UserInfo(name: claims.username, groups: claims.groups) : nil
    }

    /// Whether the objects a token names are still the ones it was issued for.
    func stillValid(_ claims: ServiceAccountTokens.Claims) async throws -> Bool {
        guard let accounts = resources.lookup(group: "", version: "v1", plural: "serviceaccounts"),
            let kv = try await storage.get(
                StorageKeys.key(accounts, namespace: claims.namespace, name: claims.serviceAccount)),
            let account = try? ObjectCodec.decode(kv), account.uid == claims.serviceAccountUID,
            account.deletionTimestamp == nil
        else { return false }
        if let pod = claims.pod {
            guard let pods = resources.lookup(group: "", version: "v1", plural: "pods"),
                let kv = try await storage.get(StorageKeys.key(pods, namespace: claims.namespace, name: pod.name)),
                let object = try? ObjectCodec.decode(kv), object.uid == pod.uid
            else { return false }
            // A pod's token outlives the start of its graceful deletion, not its end.
            if let deletion = object.deletionTimestamp.flatMap(Timestamp.parse),
                deletion.seconds < Int64(Date().timeIntervalSince1970)
            {
                return false
            }
        }
        return true
    }
}
