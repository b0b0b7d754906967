extension BuiltinResources {
    /// `authentication.k8s.io/v1`: reviews that answer who a caller or a
    /// token is. Created and answered, never stored.
    static let authentication: [ResourceInfo] = [
        ResourceInfo(
            group: "authentication.k8s.io", version: "v1", plural: "selfsubjectreviews",
            singular: "selfsubjectreview", kind: "SelfSubjectReview", namespaced: false, verbs: ["create"],
            schemaName: "io.k8s.api.authentication.v1.SelfSubjectReview"),
        ResourceInfo(
            group: "authentication.k8s.io", version: "v1", plural: "tokenreviews", singular: "tokenreview",
            kind: "TokenReview", namespaced: false, verbs: ["create"],
            schemaName: "io.k8s.api.authentication.v1.TokenReview"),
    ]

    /// `authorization.k8s.io/v1`: reviews that answer what a user may do.
    /// Created and answered, never stored.
    static let authorization: [ResourceInfo] = [
        ResourceInfo(
            group: "authorization.k8s.io", version: "v1", plural: "localsubjectaccessreviews",
            singular: "localsubjectaccessreview", kind: "LocalSubjectAccessReview", namespaced: true,
            verbs: ["create"], schemaName: "io.k8s.api.authorization.v1.LocalSubjectAccessReview"),
        ResourceInfo(
            group: "authorization.k8s.io", version: "v1", plural: "selfsubjectaccessreviews",
            singular: "selfsubjectaccessreview", kind: "SelfSubjectAccessReview", namespaced: false,
            verbs: ["create"], schemaName: "io.k8s.api.authorization.v1.SelfSubjectAccessReview"),
        ResourceInfo(
            group: "authorization.k8s.io", version: "v1", plural: "selfsubjectrulesreviews",
            singular: "selfsubjectrulesreview", kind: "SelfSubjectRulesReview", namespaced: false,
            verbs: ["create"], schemaName: "io.k8s.api.authorization.v1.SelfSubjectRulesReview"),
        ResourceInfo(
            group: "authorization.k8s.io", version: "v1", plural: "subjectaccessreviews",
            singular: "subjectaccessreview", kind: "SubjectAccessReview", namespaced: false, verbs: ["create"],
            schemaName: "io.k8s.api.authorization.v1.SubjectAccessReview"),
    ]
}
