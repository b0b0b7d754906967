/// `%#v` renderings of the few Kubernetes Go structs that upstream puts
/// into error messages as bad values.
extension GoSyntax {
    /// A pointer that is set: Go prints its address, which no client can
    /// rely on; a fixed stand-in keeps our output stable.
    static func pointer(_ type: String, isNil: Bool) -> String {
        isNil ? "(*\(type))(nil)" : "(*\(type))(0xc000000000)"
    }

    static func stringSlice(_ value: JSONValue?) -> String {
        guard let items = value?.arrayValue else { return "[]string(nil)" }
        return "[]string{" + items.map { quote($0.stringValue ?? "") }.joined(separator: ", ") + "}"
    }

    /// `v1.LabelSelector{MatchLabels:..., MatchExpressions:...}`.
    public static func labelSelector(_ selector: JSONValue?) -> String {
        let expressions: String
        if let exprs = selector?["matchExpressions"]?.arrayValue {
            let items = exprs.map { e in
                "v1.LabelSelectorRequirement{Key:\(quote(e["key"]?.stringValue ?? "")), Operator:\(quote(e["operator"]?.stringValue ?? "")), Values:\(stringSlice(e["values"]))}"
            }
            expressions = "[]v1.LabelSelectorRequirement{" + items.joined(separator: ", ") + "}"
        } else {
            expressions = "[]v1.LabelSelectorRequirement(nil)"
        }
        return "v1.LabelSelector{MatchLabels:\(stringMap(selector?["matchLabels"])), MatchExpressions:\(expressions)}"
    }

    /// `v1.OwnerReference{APIVersion:"v1", Kind:"Event", ...}`.
    public static func ownerReference(_ ref: JSONValue) -> String {
        func s(_ key: String) -> String { quote(ref[key]?.stringValue ?? "") }
        let controller = pointer("bool", isNil: ref["controller"]?.boolValue == nil)
        let block = pointer("bool", isNil: ref["blockOwnerDeletion"]?.boolValue == nil)
        return
            "v1.OwnerReference{APIVersion:\(s("apiVersion")), Kind:\(s("kind")), Name:\(s("name")), UID:\(s("uid")), Controller:\(controller), BlockOwnerDeletion:\(block)}"
    }

    /// `intstr.IntOrString{Type:0, IntVal:80, StrVal:""}`; absent is the
    /// zero value (an int 0).
    public static func intOrString(_ value: JSONValue?) -> String {
        if let s = value?.stringValue {
            return "intstr.IntOrString{Type:1, IntVal:0, StrVal:\(quote(s))}"
        }
        return "intstr.IntOrString{Type:0, IntVal:\(value?.intValue ?? 0), StrVal:\"\"}"
    }

    /// `apps.DeploymentStrategy{Type:"X", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}`.
    static func strategy(_ type: String, _ rollingType: String, _ strategy: JSONValue) -> String {
        "\(type){Type:\(quote(strategy.fieldString("type"))), RollingUpdate:\(pointer(rollingType, isNil: !strategy.fieldIsSet("rollingUpdate")))}"
    }
}
