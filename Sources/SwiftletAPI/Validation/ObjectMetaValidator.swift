/// Upstream's `ValidateObjectMeta` over the JSON `metadata` of an object:
/// name and generateName, namespace presence, generation, labels,
/// annotations, owner references and finalizers.
public enum ObjectMetaValidator {
    /// The total size limit of all annotation keys and values (256 KiB).
    public static let totalAnnotationSizeLimit = 256 * 1024
    static let standardFinalizers: Set<String> = ["kubernetes", "orphan", "foregroundDeletion"]

    /// - Parameters:
    ///   - namespaced: whether the kind lives in a namespace (then the
    ///     namespace is required, otherwise forbidden).
    ///   - isCreate: on update, name, namespace and generateName are left to
    ///     the immutability checks, as upstream's update validation does.
    ///   - kubernetesFinalizers: apply the core API rule that a finalizer
    ///     without `/` must be a standard one (true for built-in kinds).
    public static func validate(
        meta: JSONValue, namespaced: Bool, nameRule: NameRule, isCreate: Bool,
        path: FieldPath = FieldPath("metadata"), kubernetesFinalizers: Bool = true
    ) -> [FieldError] {
        var errs: [FieldError] = []
        if isCreate {
            errs += validateNames(meta: meta, namespaced: namespaced, nameRule: nameRule, path: path)
            if let generation = meta["generation"]?.intValue, generation < 0 {
                errs.append(.invalid(path.child("generation"), .int(generation), "must be greater than or equal to 0"))
            }
        }
        errs += validateLabels(meta["labels"], path: path.child("labels"))
        errs += validateAnnotations(meta["annotations"], path: path.child("annotations"))
        errs += validateOwnerReferences(meta["ownerReferences"], path: path.child("ownerReferences"))
        let finalizers = (meta["finalizers"]?.arrayValue ?? []).map { $0.stringValue ?? "" }
        if isCreate {
            errs += validateFinalizers(finalizers, path: path.child("finalizers"))
        }
        if kubernetesFinalizers {
            for (i, f) in finalizers.enumerated() {
                errs += kubernetesFinalizerName(f, path: path.child("finalizers").index(i))
            }
        }
        return errs
    }

    static func validateNames(meta: JSONValue, namespaced: Bool, nameRule: NameRule, path: FieldPath) -> [FieldError] {
        var errs: [FieldError] = []
        let generateName = meta["generateName"]?.stringValue ?? ""
        if !generateName.isEmpty {
            for msg in nameRule.messages(generateName, prefix: true) {
                errs.append(.invalid(path.child("generateName"), generateName, msg))
            }
        }
        let name = meta["name"]?.stringValue ?? ""
        if name.isEmpty {
            errs.append(.required(path.child("name"), "name or generateName is required"))
        } else {
            for msg in nameRule.messages(name) {
                errs.append(.invalid(path.child("name"), name, msg))
            }
        }
        let namespace = meta["namespace"]?.stringValue ?? ""
        if namespaced {
            if namespace.isEmpty {
                errs.append(.required(path.child("namespace")))
            } else {
                for msg in NameRule.dns1123Label.messages(namespace) {
                    errs.append(.invalid(path.child("namespace"), namespace, msg))
                }
            }
        } else if !namespace.isEmpty {
            errs.append(.forbidden(path.child("namespace"), "not allowed on this type"))
        }
        return errs
    }

    /// Label keys must be qualified names and values valid label values; the
    /// errors name the whole map (`metadata.labels`), as upstream does.
    public static func validateLabels(_ labels: JSONValue?, path: FieldPath) -> [FieldError] {
        var errs: [FieldError] = []
        for (key, value) in labels?.objectValue ?? JSONObject() {
            for msg in NameValidation.qualifiedName(key) {
                errs.append(.invalid(path, key, msg))
            }
            let v = value.stringValue ?? ""
            for msg in NameValidation.labelValue(v) {
                errs.append(.invalid(path, v, msg))
            }
        }
        return errs
    }

    /// Annotation keys are checked lower-cased as qualified names; all keys
    /// and values together may not pass 256 KiB.
    public static func validateAnnotations(_ annotations: JSONValue?, path: FieldPath) -> [FieldError] {
        var errs: [FieldError] = []
        var total = 0
        for (key, value) in annotations?.objectValue ?? JSONObject() {
            for msg in NameValidation.qualifiedName(key.lowercased()) {
                errs.append(.invalid(path, key, msg))
            }
            total += key.utf8.count + (value.stringValue?.utf8.count ?? 0)
        }
        if total > totalAnnotationSizeLimit {
            errs.append(.tooLong(path, maxLength: totalAnnotationSizeLimit))
        }
        return errs
    }

    static func validateOwnerReferences(_ refs: JSONValue?, path: FieldPath) -> [FieldError] {
        var errs: [FieldError] = []
        let list = refs?.arrayValue ?? []
        var firstController = ""
        for ref in list {
            let apiVersion = ref["apiVersion"]?.stringValue ?? ""
            let kind = ref["kind"]?.stringValue ?? ""
            let (group, version) = parseGroupVersion(apiVersion)
            if version.isEmpty {
                errs.append(.invalid(path.child("apiVersion"), apiVersion, "version must not be empty"))
            }
            if kind.isEmpty {
                errs.append(.invalid(path.child("kind"), kind, "kind must not be empty"))
            }
            let name = ref["name"]?.stringValue ?? ""
            if name.isEmpty {
                errs.append(.invalid(path.child("name"), name, "name must not be empty"))
            }
            let uid = ref["uid"]?.stringValue ?? ""
            if uid.isEmpty {
                errs.append(.invalid(path.child("uid"), uid, "uid must not be empty"))
            }
            if group.isEmpty && version == "v1" && kind == "Event" {
                errs.append(
                    .invalid(
                        path, .goSyntax(GoSyntax.ownerReference(ref)),
                        "/v1, Kind=Event is disallowed from being an owner"))
            }
            if ref["controller"]?.boolValue == true {
                let current = kind + "/" + name
                if firstController.isEmpty {
                    firstController = current
                } else {
                    let all = "[]v1.OwnerReference{" + list.map(GoSyntax.ownerReference).joined(separator: ", ") + "}"
                    errs.append(
                        .invalid(
                            path, .goSyntax(all),
                            "Only one reference can have Controller set to true. Found \"true\" in references for \(firstController) and \(current)"
                        ))
                }
            }
        }
        return errs
    }

    /// Upstream's `schema.ParseGroupVersion`, with a malformed value giving
    /// an empty group and version.
    static func parseGroupVersion(_ apiVersion: String) -> (group: String, version: String) {
        if apiVersion.isEmpty || apiVersion == "/" { return ("", "") }
        let parts = apiVersion.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return ("", apiVersion)
        case 2: return (String(parts[0]), String(parts[1]))
        default: return ("", "")
        }
    }

    static func validateFinalizers(_ finalizers: [String], path: FieldPath) -> [FieldError] {
        var errs: [FieldError] = []
        for f in finalizers {
            for msg in NameValidation.qualifiedName(f) {
                errs.append(.invalid(path, f, msg))
            }
        }
        if finalizers.contains("orphan") && finalizers.contains("foregroundDeletion") {
            let rendered = "[]string{" + finalizers.map(GoSyntax.quote).joined(separator: ", ") + "}"
            errs.append(
                .invalid(path, .goSyntax(rendered), "finalizer orphan and foregroundDeletion cannot be both set"))
        }
        return errs
    }

    /// Built-in kinds: a finalizer without a `/` must be a standard one.
    static func kubernetesFinalizerName(_ name: String, path: FieldPath) -> [FieldError] {
        guard !name.contains("/"), !standardFinalizers.contains(name) else { return [] }
        return [.invalid(path, name, "name is neither a standard finalizer name nor is it fully qualified")]
    }
}
