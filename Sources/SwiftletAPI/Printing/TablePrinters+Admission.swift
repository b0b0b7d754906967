import Foundation

/// Printers of `admissionregistration.k8s.io`, `certificates.k8s.io` and
/// `flowcontrol.apiserver.k8s.io`.
extension TablePrinters {
    static let admissionPrinters: [(String, Printer)] = [
        ("MutatingWebhookConfiguration", webhookConfigurationPrinter),
        ("ValidatingWebhookConfiguration", webhookConfigurationPrinter),
        ("ValidatingAdmissionPolicy", policyPrinter("Validations", "validations", validationsDoc)),
        ("MutatingAdmissionPolicy", policyPrinter("Mutations", "mutations", mutationsDoc)),
        ("ValidatingAdmissionPolicyBinding", policyBindingPrinter),
        ("MutatingAdmissionPolicyBinding", policyBindingPrinter),
    ]

    static let validationsDoc = "Validations indicates the number of validation rules defined in this configuration"
    static let mutationsDoc = "Mutation indicates the number of mutations rules defined in this configuration"

    static let webhookConfigurationPrinter = Printer(
        columns: [
            .name,
            .integer("Webhooks", "Webhooks indicates the number of webhooks registered in this configuration"), .age,
        ]
    ) { obj, now in [name(obj), .int(Int64(obj["webhooks"].count)), TableFormat.age(obj, now: now)] }

    static func policyPrinter(_ column: String, _ field: String, _ doc: String) -> Printer {
        Printer(
            columns: [
                .name, .integer(column, doc),
                .string("ParamKind", "ParamKind specifies the kind of resources used to parameterize this policy"),
                .age,
            ]
        ) { obj, now in
            let paramKind = obj["spec", "paramKind"]
            let kind = paramKind.exists ? paramKind["apiVersion"].string + "/" + paramKind["kind"].string : "<unset>"
            return [name(obj), .int(Int64(obj["spec", field].count)), .string(kind), TableFormat.age(obj, now: now)]
        }
    }

    /// PARAMREF is `namespace/name` (`*/name` without a namespace), or the
    /// selector when the binding selects its params.
    static let policyBindingPrinter = Printer(
        columns: [
            .name,
            .string("PolicyName", "PolicyName indicates the policy definition which the policy binding binded to"),
            .string("ParamRef", "ParamRef indicates the param resource which sets the configration param"), .age,
        ]
    ) { obj, now in
        var param = "<unset>"
        let ref = obj["spec", "paramRef"]
        if ref.exists {
            if !ref["name"].string.isEmpty {
                let namespace = ref["namespace"].string
                param = (namespace.isEmpty ? "*" : namespace) + "/" + ref["name"].string
            } else if ref["selector"].exists {
                param = TableFormat.selector(ref["selector"]) ?? "<error>"
            }
        }
        return [name(obj), .string(obj["spec", "policyName"].string), .string(param), TableFormat.age(obj, now: now)]
    }

    static let certificatesPrinters: [(String, Printer)] = [
        (
            "CertificateSigningRequest",
            Printer(
                columns: [
                    .name, .age, .string("SignerName", TableDocs.csrSignerName),
                    .string("Requestor", TableDocs.csrRequest),
                    .string("RequestedDuration", TableDocs.csrExpirationSeconds),
                    .string("Condition", TableDocs.csrConditions),
                ],
                cells: csrCells)
        ),
        (
            "ClusterTrustBundle",
            Printer(columns: [.name, .string("SignerName", TableDocs.clusterTrustBundleSignerName)]) { obj, _ in
                let signer = obj["spec", "signerName"].string
                return [name(obj), .string(signer.isEmpty ? "<none>" : signer)]
            }
        ),
    ]

    /// CONDITION is Denied, Approved or Pending, then `,Failed` and
    /// `,Issued` as they apply.
    @Sendable static func csrCells(_ obj: PrintedObject, now: Date) -> [JSONValue] {
        let spec = obj["spec"]
        let types = Set(obj["status", "conditions"].array.map { $0["type"].string })
        var condition = types.contains("Denied") ? "Denied" : types.contains("Approved") ? "Approved" : "Pending"
        if types.contains("Failed") { condition += ",Failed" }
        if !obj["status", "certificate"].string.isEmpty { condition += ",Issued" }
        let signer = spec["signerName"].string
        let duration = spec["expirationSeconds"].intOrNil.map { HumanDuration.string(TimeInterval($0)) } ?? "<none>"
        return [
            name(obj), TableFormat.age(obj, now: now), .string(signer.isEmpty ? "<none>" : signer),
            .string(spec["username"].string), .string(duration), .string(condition),
        ]
    }

    static let flowControlPrinters: [(String, Printer)] = [
        (
            "FlowSchema",
            Printer(
                columns: [
                    .name, .string("PriorityLevel", TableDocs.flowSchemaPriorityLevel),
                    .string("MatchingPrecedence", TableDocs.flowSchemaMatchingPrecedence),
                    .string("DistinguisherMethod", TableDocs.flowSchemaDistinguisherMethod), .age,
                    .string("MissingPL", "references a broken or non-existent PriorityLevelConfiguration"),
                ]
            ) { obj, now in
                let spec = obj["spec"]
                let method = spec["distinguisherMethod"]
                let dangling = obj["status", "conditions"].array.first { $0["type"].string == "Dangling" }
                return [
                    name(obj), .string(spec["priorityLevelConfiguration", "name"].string),
                    .int(spec["matchingPrecedence"].int), .string(method.exists ? method["type"].string : "<none>"),
                    TableFormat.age(obj, now: now), .string(dangling.map { $0["status"].string } ?? "?"),
                ]
            }
        ),
        (
            "PriorityLevelConfiguration",
            Printer(
                columns: [
                    .name, .string("Type", TableDocs.priorityLevelType),
                    .string("NominalConcurrencyShares", TableDocs.priorityLevelNominalConcurrencyShares),
                    .string("Queues", TableDocs.priorityLevelQueues),
                    .string("HandSize", TableDocs.priorityLevelHandSize),
                    .string("QueueLengthLimit", TableDocs.priorityLevelQueueLengthLimit), .age,
                ]
            ) { obj, now in
                let limited = obj["spec", "limited"]
                let queuing = limited["limitResponse", "queuing"]
                let none = JSONValue.string("<none>")
                return [
                    name(obj), .string(obj["spec", "type"].string),
                    limited.exists ? .int(limited["nominalConcurrencyShares"].int) : none,
                    queuing.exists ? .int(queuing["queues"].int) : none,
                    queuing.exists ? .int(queuing["handSize"].int) : none,
                    queuing.exists ? .int(queuing["queueLengthLimit"].int) : none, TableFormat.age(obj, now: now),
                ]
            }
        ),
    ]
}
