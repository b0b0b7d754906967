import Foundation

/// Upstream's ConfigMap and Secret rules: keys must be valid config keys and
/// the data may not pass 1 MiB.
enum ConfigDataValidation {
    static let maxSize = 1024 * 1024

    static func configMap(_ object: JSONValue) -> [FieldError] {
        var errs: [FieldError] = []
        var total = 0
        let binary = object.fieldMembers("binaryData")
        for (key, value) in object.fieldMembers("data") {
            let p = FieldPath("data").key(key)
            errs += NameValidation.configMapKey(key).map { .invalid(p, key, $0) }
            if binary[key] != nil {
                errs.append(.invalid(p, key, "duplicate of key present in binaryData"))
            }
            total += value.stringValue?.utf8.count ?? 0
        }
        for (key, value) in binary {
            errs += NameValidation.configMapKey(key).map { .invalid(FieldPath("binaryData").key(key), key, $0) }
            total += decodedLength(value)
        }
        if total > maxSize {
            // Upstream names the whole object with an empty path, printed "[]".
            errs.append(.tooLong(FieldPath("[]"), maxLength: maxSize))
        }
        return errs
    }

    /// `stringData` is merged into `data` before upstream validates, so its
    /// keys are reported under `data`.
    static func secret(_ object: JSONValue) -> [FieldError] {
        var errs: [FieldError] = []
        var total = 0
        var keys: [String] = []
        for (key, value) in object.fieldMembers("data") {
            keys.append(key)
            total += decodedLength(value)
        }
        for (key, value) in object.fieldMembers("stringData") where !keys.contains(key) {
            keys.append(key)
            total += value.stringValue?.utf8.count ?? 0
        }
        for key in keys {
            errs += NameValidation.configMapKey(key).map { .invalid(FieldPath("data").key(key), key, $0) }
        }
        if total > maxSize {
            errs.append(.tooLong(FieldPath("data"), maxLength: maxSize))
        }
        errs += secretTypeRules(object, keys: Set(keys))
        return errs
    }

    static func secretTypeRules(_ object: JSONValue, keys: Set<String>) -> [FieldError] {
        let data = FieldPath("data")
        switch object.fieldString("type") {
        case "kubernetes.io/service-account-token":
            let name = object["metadata"]?["annotations"]?["kubernetes.io/service-account.name"]?.stringValue ?? ""
            return name.isEmpty
                ? [.required(FieldPath("metadata").child("annotations").key("kubernetes.io/service-account.name"))] : []
        case "kubernetes.io/dockercfg":
            return keys.contains(".dockercfg") ? [] : [.required(data.key(".dockercfg"))]
        case "kubernetes.io/dockerconfigjson":
            return keys.contains(".dockerconfigjson") ? [] : [.required(data.key(".dockerconfigjson"))]
        case "kubernetes.io/basic-auth":
            return keys.contains("username") || keys.contains("password")
                ? [] : [.required(data.key("username")), .required(data.key("password"))]
        case "kubernetes.io/ssh-auth":
            return keys.contains("ssh-privatekey") ? [] : [.required(data.key("ssh-privatekey"))]
        case "kubernetes.io/tls":
            var errs: [FieldError] = []
            if !keys.contains("tls.crt") { errs.append(.required(data.key("tls.crt"))) }
            if !keys.contains("tls.key") { errs.append(.required(data.key("tls.key"))) }
            return errs
        default:
            return []
        }
    }

    static func decodedLength(_ value: JSONValue) -> Int {
        guard let s = value.stringValue else { return 0 }
        return Data(base64Encoded: s)?.count ?? s.utf8.count * 3 / 4
    }
}
