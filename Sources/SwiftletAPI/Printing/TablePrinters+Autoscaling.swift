import Foundation

extension TablePrinters {
    static let autoscalingPrinters: [(String, Printer)] = [
        ("HorizontalPodAutoscaler", Printer(columns: hpaColumns, cells: hpaCells))
    ]

    static let hpaColumns: [TableColumnDefinition] = [
        .name, .string("Reference", TableDocs.hpaScaleTargetRef), .string("Targets", TableDocs.hpaMetrics),
        .string("MinPods", TableDocs.hpaMinReplicas), .string("MaxPods", TableDocs.hpaMaxReplicas),
        .string("Replicas", TableDocs.hpaCurrentReplicas), .age,
    ]

    @Sendable static func hpaCells(_ hpa: PrintedObject, now: Date) -> [JSONValue] {
        let spec = hpa["spec"]
        let ref = spec["scaleTargetRef"]
        let minPods = spec["minReplicas"].intOrNil.map { String($0) } ?? "<unset>"
        let (specs, statuses) = hpaMetrics(hpa)
        return [
            name(hpa), .string(ref["kind"].string + "/" + ref["name"].string),
            .string(formatHPAMetrics(specs, statuses)), .string(minPods), .int(spec["maxReplicas"].int),
            .int(hpa["status", "currentReplicas"].int), TableFormat.age(hpa, now: now),
        ]
    }

    /// The metric specs and statuses in their `autoscaling/v2` shape; an
    /// `autoscaling/v1` object's CPU target becomes the one Resource metric
    /// its conversion yields.
    static func hpaMetrics(_ hpa: PrintedObject) -> ([PrintedObject], [PrintedObject]) {
        let spec = hpa["spec"]
        let status = hpa["status"]
        guard !spec["metrics"].exists, let target = spec["targetCPUUtilizationPercentage"].intOrNil else {
            return (spec["metrics"].array, status["currentMetrics"].array)
        }
        let metric: JSONValue = [
            "type": "Resource",
            "resource": ["name": "cpu", "target": ["type": "Utilization", "averageUtilization": .int(target)]],
        ]
        var current: [PrintedObject] = []
        if let utilization = status["currentCPUUtilizationPercentage"].intOrNil {
            current.append(
                PrintedObject([
                    "type": "Resource",
                    "resource": ["name": "cpu", "current": ["averageUtilization": .int(utilization)]],
                ]))
        }
        return ([PrintedObject(metric)], current)
    }

    /// `formatHPAMetrics`: `current/target` per metric (`<unknown>` before
    /// the first measurement), at most two, then ` + N more...`.
    static func formatHPAMetrics(_ specs: [PrintedObject], _ statuses: [PrintedObject]) -> String {
        if specs.isEmpty { return "<none>" }
        /// `Quantity.String()` of an optional quantity.
        func quantity(_ q: PrintedObject) -> String { q.exists ? q.quantity : "<nil>" }
        var list: [String] = []
        for (i, spec) in specs.enumerated() {
            let status: PrintedObject? = i < statuses.count ? statuses[i] : nil
            switch spec["type"].string {
            case "External", "Object":
                let field = spec["type"].string == "External" ? "external" : "object"
                let target = spec[field, "target"]
                let current = status.map { $0[field] }
                if target["averageValue"].exists {
                    var reading = "<unknown>"
                    if let c = current, c.exists, c["current", "averageValue"].exists {
                        reading = c["current", "averageValue"].quantity
                    }
                    list.append("\(reading)/\(quantity(target["averageValue"])) (avg)")
                } else {
                    var reading = "<unknown>"
                    if let c = current, c.exists { reading = quantity(c["current", "value"]) }
                    list.append("\(reading)/\(quantity(target["value"]))")
                }
            case "Pods":
                var reading = "<unknown>"
                if let c = status?["pods"], c.exists { reading = quantity(c["current", "averageValue"]) }
                list.append("\(reading)/\(quantity(spec["pods", "target", "averageValue"]))")
            case "Resource", "ContainerResource":
                let field = spec["type"].string == "Resource" ? "resource" : "containerResource"
                let source = spec[field]
                let target = source["target"]
                let current = status.map { $0[field] }
                if target["averageValue"].exists {
                    var reading = "<unknown>"
                    if let c = current, c.exists { reading = quantity(c["current", "averageValue"]) }
                    list.append("\(source["name"].string): \(reading)/\(quantity(target["averageValue"]))")
                } else {
                    var reading = "<unknown>"
                    if let c = current, c.exists, let u = c["current", "averageUtilization"].intOrNil {
                        reading = "\(u)%"
                    }
                    let goal = target["averageUtilization"].intOrNil.map { "\($0)%" } ?? "<auto>"
                    list.append("\(source["name"].string): \(reading)/\(goal)")
                }
            default:
                list.append("<unknown type>")
            }
        }
        if list.count > 2 { return list.prefix(2).joined(separator: ", ") + " + \(list.count - 2) more..." }
        return list.joined(separator: ", ")
    }
}
