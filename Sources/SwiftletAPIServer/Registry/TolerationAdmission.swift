import SwiftletAPI

/// Upstream's DefaultTolerationSeconds admission: a new pod that does not
/// tolerate the not-ready and unreachable NoExecute taints gets tolerations
/// for them for 300 s, so it is evicted five minutes after its node fails.
enum TolerationAdmission {
    static let defaultSeconds: Int64 = 300
    static let taints = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]

    static func admit(_ pod: inout JSONValue) {
        var tolerations = pod[path: ["spec", "tolerations"]]?.arrayValue ?? []
        for key in taints {
            let covered = tolerations.contains { t in
                let effect = t["effect"]?.stringValue ?? ""
                let tolerationKey = t["key"]?.stringValue ?? ""
                let keyMatches = tolerationKey == key || (tolerationKey.isEmpty && t["operator"] == "Exists")
                return keyMatches && (effect.isEmpty || effect == "NoExecute")
            }
            if !covered {
                tolerations.append([
                    "key": .string(key), "operator": "Exists", "effect": "NoExecute",
                    "tolerationSeconds": .int(defaultSeconds),
                ])
            }
        }
        pod[path: ["spec", "tolerations"]] = .array(tolerations)
    }
}
