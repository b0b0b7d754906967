import SwiftletAPI
import SwiftletTesting
import Testing

/// `kubectl auth whoami`, `kubectl auth can-i`, `kubectl create token`, and
/// requests authenticated by the tokens that makes.
@Suite struct AccessReviewTests {
    @Test func selfSubjectReviewNamesTheCaller() async throws {
        try await withServer { s in
            try await using(try s.client(user: "alice", groups: ["dev"])) { alice in
                let reply = try await s.request(
                    "POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews",
                    body: ["apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"], using: alice)
                #expect(reply.status == 201)
                #expect(reply.json?[path: ["status", "userInfo", "username"]] == "alice")
                #expect(reply.json?[path: ["status", "userInfo", "groups"]] == ["dev", "system:authenticated"])
            }
            // Nothing is stored: there is no list to read.
            let list = try await s.request("GET", "/apis/authentication.k8s.io/v1/selfsubjectreviews")
            #expect(list.status == 405)
        }
    }

    @Test func accessReviewsAllowAndValidate() async throws {
        try await withServer { s in
            let review: JSONValue = [
                "apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview",
                "spec": ["resourceAttributes": ["verb": "create", "resource": "pods", "namespace": "default"]],
            ]
            let allowed = try await s.request(
                "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", body: review)
            #expect(allowed.status == 201)
            #expect(allowed.json?[path: ["status", "allowed"]] == true)
            #expect(allowed.json?[path: ["spec", "resourceAttributes", "verb"]] == "create")

            let empty = try await s.request(
                "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
                body: ["apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview", "spec": [:]])
            #expect(empty.status == 422)
            #expect(empty.json?["message"]?.stringValue?.contains("exactly one of nonResourceAttributes") == true)

            let noSubject = try await s.request(
                "POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews",
                body: [
                    "apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview",
                    "spec": ["nonResourceAttributes": ["path": "/healthz", "verb": "get"]],
                ])
            #expect(noSubject.status == 422)

            let rules = try await s.request(
                "POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
                body: [
                    "apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectRulesReview",
                    "spec": ["namespace": "default"],
                ])
            #expect(rules.json?[path: ["status", "resourceRules"]]?.arrayValue?.first?["verbs"] == ["*"])
            let noNamespace = try await s.request(
                "POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
                body: ["apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectRulesReview", "spec": [:]])
            #expect(noNamespace.status == 400)

            let wrongKind = try await s.request(
                "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", body: configMap("x"))
            #expect(wrongKind.status == 400)
        }
    }

    @Test func tokensAuthenticateTheirServiceAccount() async throws {
        try await withServer { s in
            let account: JSONValue = [
                "apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "robot", "namespace": "default"],
            ]
            #expect(
                try await s.request("POST", "/api/v1/namespaces/default/serviceaccounts", body: account).status == 201)
            let request: JSONValue = ["apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": [:]]
            let issued = try await s.request(
                "POST", "/api/v1/namespaces/default/serviceaccounts/robot/token", body: request)
            #expect(issued.status == 201)
            #expect(issued.json?[path: ["spec", "expirationSeconds"]] == .int(3600))
            #expect(issued.json?[path: ["status", "expirationTimestamp"]]?.stringValue?.hasSuffix("Z") == true)
            let token = try #require(issued.json?[path: ["status", "token"]]?.stringValue)

            try await using(try s.anonymousClient()) { anonymous in
                let bearer = [("Authorization", "Bearer \(token)")]
                let read = try await s.request(
                    "GET", "/api/v1/namespaces/default/configmaps", headers: bearer, using: anonymous)
                #expect(read.status == 200)
                let whoami = try await s.request(
                    "POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews",
                    body: ["apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"], headers: bearer,
                    using: anonymous)
                #expect(
                    whoami.json?[path: ["status", "userInfo", "username"]] == "system:serviceaccount:default:robot")

                let tokenReview = try await s.request(
                    "POST", "/apis/authentication.k8s.io/v1/tokenreviews",
                    body: [
                        "apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview",
                        "spec": ["token": .string(token)],
                    ])
                #expect(tokenReview.json?[path: ["status", "authenticated"]] == true)
                #expect(
                    tokenReview.json?[path: ["status", "user", "groups"]]?.arrayValue?.contains(
                        "system:serviceaccounts")
                        == true)

                // A forged signature and a token for another audience are refused.
                var forged = token
                forged.removeLast(4)
                forged += "AAAA"
                let refused = try await s.request(
                    "GET", "/api/v1/namespaces", headers: [("Authorization", "Bearer \(forged)")], using: anonymous)
                #expect(refused.status == 401)
                let vault = try await s.request(
                    "POST", "/api/v1/namespaces/default/serviceaccounts/robot/token",
                    body: [
                        "apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest",
                        "spec": ["audiences": ["vault"]],
                    ])
                let vaultToken = try #require(vault.json?[path: ["status", "token"]]?.stringValue)
                let elsewhere = try await s.request(
                    "GET", "/api/v1/namespaces", headers: [("Authorization", "Bearer \(vaultToken)")], using: anonymous)
                #expect(elsewhere.status == 401)

                // Deleting the service account ends its tokens.
                #expect(try await s.request("DELETE", "/api/v1/namespaces/default/serviceaccounts/robot").status == 200)
                let afterDelete = try await s.request(
                    "GET", "/api/v1/namespaces/default/configmaps", headers: bearer, using: anonymous)
                #expect(afterDelete.status == 401)
            }
        }
    }

    @Test func tokenRequestsAreChecked() async throws {
        try await withServer { s in
            let missing = try await s.request(
                "POST", "/api/v1/namespaces/default/serviceaccounts/nobody/token",
                body: ["apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": [:]])
            #expect(missing.status == 404)
            let account: JSONValue = [
                "apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "short", "namespace": "default"],
            ]
            _ = try await s.request("POST", "/api/v1/namespaces/default/serviceaccounts", body: account)
            let tooShort = try await s.request(
                "POST", "/api/v1/namespaces/default/serviceaccounts/short/token",
                body: [
                    "apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": ["expirationSeconds": 60],
                ])
            #expect(tooShort.status == 422)
            #expect(tooShort.json?["message"]?.stringValue?.contains("less than 10 minutes") == true)
            let unboundPod = try await s.request(
                "POST", "/api/v1/namespaces/default/serviceaccounts/short/token",
                body: [
                    "apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest",
                    "spec": ["boundObjectRef": ["kind": "Pod", "apiVersion": "v1", "name": "ghost"]],
                ])
            #expect(unboundPod.status == 404)
        }
    }
}
