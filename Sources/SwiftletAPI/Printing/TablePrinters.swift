import Foundation

/// The server-side Table printing that `kubectl get` asks for
/// (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`): for each kind,
/// upstream's (v1.32) column definitions and the cells of one object's row.
///
/// Cells are always computed for every column, wide ones included, since
/// the API server prints with `Wide: true` and kubectl hides columns by
/// priority. Kinds without a printer fall back as upstream does: built-in
/// API groups use the generic convertor (`Name`, `Created At`); other groups
/// (custom resources) use a CRD's default columns (`Name`, `Age`).
public enum TablePrinters {
    /// The columns of `kind` in `group` ("" for the core group).
    public static func columns(group: String, kind: String) -> [TableColumnDefinition] {
        if let printer = printer(group: group, kind: kind) { return printer.columns }
        return isBuiltInGroup(group) ? genericColumns : customResourceColumns
    }

    /// The row cells of `object` (a `kind` in `group`), one per column: JSON
    /// strings, integers or booleans as upstream emits them. `now` is the
    /// instant that ages are measured from.
    public static func cells(group: String, kind: String, object: JSONValue, now: Date) -> [JSONValue] {
        let obj = PrintedObject(object)
        if let printer = printer(group: group, kind: kind) { return printer.cells(obj, now) }
        let name = JSONValue.string(obj["metadata", "name"].string)
        if isBuiltInGroup(group) {
            let created = obj["metadata", "creationTimestamp"].time ?? RFC3339.zero
            return [name, .string(RFC3339.format(created))]
        }
        // A CRD's default `Age` column reads `.metadata.creationTimestamp`
        // through JSONPath: a missing field leaves the cell null.
        let created = obj["metadata", "creationTimestamp"]
        guard let text = created.value.stringValue else { return [name, .null] }
        guard let date = RFC3339.parse(text) else { return [name, .string("<invalid>")] }
        return [name, .string(TableFormat.since(date == RFC3339.zero ? nil : date, now: now))]
    }

    /// The row conditions upstream attaches (`conditions` of a TableRow):
    /// only pods that ran to completion carry one.
    public static func rowConditions(group: String, kind: String, object: JSONValue) -> [JSONValue] {
        guard group.isEmpty, kind == "Pod" else { return [] }
        let phase = PrintedObject(object)["status", "phase"].string
        let message: String
        switch phase {
        case "Succeeded": message = "The pod has completed successfully."
        case "Failed": message = "The pod failed."
        default: return []
        }
        return [
            .object(
                JSONObject([
                    (key: "type", value: "Completed"), (key: "status", value: "True"),
                    (key: "reason", value: .string(phase)), (key: "message", value: .string(message)),
                ]))
        ]
    }

    /// Whether `kind` in `group` has a printer of its own (rather than a
    /// fallback).
    public static func hasPrinter(group: String, kind: String) -> Bool {
        printer(group: group, kind: kind) != nil
    }

    // MARK: - Registry

    /// One kind's printer: its columns and how to fill a row.
    struct Printer: Sendable {
        var columns: [TableColumnDefinition]
        var cells: @Sendable (PrintedObject, Date) -> [JSONValue]
    }

    static func printer(group: String, kind: String) -> Printer? {
        registry[group + "/" + kind]
    }

    private static let registry: [String: Printer] = {
        var all: [String: Printer] = [:]
        let groups: [(String, [(String, Printer)])] = [
            ("", corePrinters), ("", podPrinters), ("", nodePrinters), ("", eventPrinters),
            ("events.k8s.io", eventsAPIPrinters), ("apps", appsPrinters), ("batch", batchPrinters),
            ("networking.k8s.io", networkingPrinters), ("discovery.k8s.io", discoveryPrinters),
            ("rbac.authorization.k8s.io", rbacPrinters), ("storage.k8s.io", storagePrinters),
            ("autoscaling", autoscalingPrinters), ("policy", policyPrinters),
            ("coordination.k8s.io", coordinationPrinters), ("scheduling.k8s.io", schedulingPrinters),
            ("apiregistration.k8s.io", apiRegistrationPrinters),
            ("admissionregistration.k8s.io", admissionPrinters),
            ("certificates.k8s.io", certificatesPrinters), ("node.k8s.io", nodeAPIPrinters),
            ("flowcontrol.apiserver.k8s.io", flowControlPrinters),
        ]
        for (group, printers) in groups {
            for (kind, printer) in printers { all[group + "/" + kind] = printer }
        }
        return all
    }()

    // MARK: - Fallbacks

    /// `rest.NewDefaultTableConvertor`: used by built-in resources without a
    /// printer (LimitRange, Role, ClusterRole, CustomResourceDefinition, ...).
    static let genericColumns: [TableColumnDefinition] = [
        .name, TableColumnDefinition(name: "Created At", type: "date", description: TableDocs.creationTimestamp),
    ]

    /// A CRD version without `additionalPrinterColumns` serves `Age` (type
    /// `date`) after the name.
    static let customResourceColumns: [TableColumnDefinition] = [
        .name, TableColumnDefinition(name: "Age", type: "date", description: TableDocs.creationTimestamp),
    ]

    /// The API groups kube-apiserver (with its aggregator and apiextensions
    /// servers) serves in v1.32; any other group belongs to a CRD or an
    /// aggregated server.
    static func isBuiltInGroup(_ group: String) -> Bool {
        builtInGroups.contains(group)
    }

    private static let builtInGroups: Set<String> = [
        "", "admissionregistration.k8s.io", "apiextensions.k8s.io", "apiregistration.k8s.io", "apps",
        "authentication.k8s.io", "authorization.k8s.io", "autoscaling", "batch", "certificates.k8s.io",
        "coordination.k8s.io", "discovery.k8s.io", "events.k8s.io", "flowcontrol.apiserver.k8s.io",
        "internal.apiserver.k8s.io", "networking.k8s.io", "node.k8s.io", "policy", "rbac.authorization.k8s.io",
        "resource.k8s.io", "scheduling.k8s.io", "storage.k8s.io", "storagemigration.k8s.io",
    ]
}
