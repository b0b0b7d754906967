import Foundation

extension TablePrinters {
    static let podPrinters: [(String, Printer)] = [
        ("Pod", Printer(columns: podColumns, cells: podCells)),
        (
            "PodTemplate",
            Printer(
                columns: [
                    .name, .string("Containers", "Names of each container in the template."),
                    .string("Images", "Images referenced by each container in the template."),
                    .string("Pod Labels", "The labels for the pod template."),
                ],
                cells: { obj, _ in
                    let (names, images) = TableFormat.containers(obj["template", "spec"])
                    return [
                        .string(obj["metadata", "name"].string), names, images,
                        .string(TableFormat.labels(obj["template", "metadata", "labels"].stringMap)),
                    ]
                })
        ),
    ]

    static let podColumns: [TableColumnDefinition] = [
        .name,
        .string("Ready", "The aggregate readiness state of this pod for accepting traffic."),
        .string("Status", "The aggregate status of the containers in this pod."),
        .string(
            "Restarts",
            "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."
        ),
        .age,
        .string("IP", TableDocs.podIP, priority: 1),
        .string("Node", TableDocs.podNodeName, priority: 1),
        .string("Nominated Node", TableDocs.podNominatedNodeName, priority: 1),
        .string("Readiness Gates", TableDocs.podReadinessGates, priority: 1),
    ]

    /// `printPod`: READY counts ready containers (and started restartable
    /// init containers, i.e. sidecars); STATUS is the most telling reason
    /// found in the init and app container states.
    @Sendable static func podCells(_ pod: PrintedObject, now: Date) -> [JSONValue] {
        let spec = pod["spec"]
        let status = pod["status"]
        var restarts: Int64 = 0
        var sidecarRestarts: Int64 = 0
        var totalContainers = spec["containers"].array.count
        var readyContainers = 0
        var lastRestart: Date?
        var lastSidecarRestart: Date?

        let phase = status["phase"].string
        var reason = status["reason"].string.isEmpty ? phase : status["reason"].string
        for condition in status["conditions"].array
        where condition["type"].string == "PodScheduled" && condition["reason"].string == "SchedulingGated" {
            reason = "SchedulingGated"
        }

        var sidecarNames: Set<String> = []
        let initContainers = spec["initContainers"].array
        for container in initContainers where container["restartPolicy"].string == "Always" {
            sidecarNames.insert(container["name"].string)
            totalContainers += 1
        }

        func later(_ current: Date?, _ candidate: PrintedObject) -> Date? {
            guard let t = candidate["lastState", "terminated", "finishedAt"].time else { return current }
            guard let current else { return t }
            return current < t ? t : current
        }

        var initializing = false
        for (index, container) in status["initContainerStatuses"].array.enumerated() {
            let count = container["restartCount"].int
            restarts += count
            lastRestart = later(lastRestart, container)
            let isSidecar = sidecarNames.contains(container["name"].string)
            if isSidecar {
                sidecarRestarts += count
                lastSidecarRestart = later(lastSidecarRestart, container)
            }
            let terminated = container["state", "terminated"]
            let waiting = container["state", "waiting"]
            if terminated.exists && terminated["exitCode"].int == 0 { continue }
            if isSidecar && container["started"].bool {
                if container["ready"].bool { readyContainers += 1 }
                continue
            }
            if terminated.exists {
                if terminated["reason"].string.isEmpty {
                    let signal = terminated["signal"].int
                    reason = signal != 0 ? "Init:Signal:\(signal)" : "Init:ExitCode:\(terminated["exitCode"].int)"
                } else {
                    reason = "Init:" + terminated["reason"].string
                }
            } else if waiting.exists && !waiting["reason"].string.isEmpty
                && waiting["reason"].string != "PodInitializing"
            {
                reason = "Init:" + waiting["reason"].string
            } else {
                reason = "Init:\(index)/\(initContainers.count)"
            }
            initializing = true
            break
        }

        let initialized = status["conditions"].array.first { $0["type"].string == "Initialized" }.map {
            $0["status"].string == "True"
        }
        if !initializing || initialized == true {
            restarts = sidecarRestarts
            lastRestart = lastSidecarRestart
            var hasRunning = false
            for container in status["containerStatuses"].array.reversed() {
                restarts += container["restartCount"].int
                lastRestart = later(lastRestart, container)
                let waiting = container["state", "waiting"]
                let terminated = container["state", "terminated"]
                if waiting.exists && !waiting["reason"].string.isEmpty {
                    reason = waiting["reason"].string
                } else if terminated.exists && !terminated["reason"].string.isEmpty {
                    reason = terminated["reason"].string
                } else if terminated.exists {
                    let signal = terminated["signal"].int
                    reason = signal != 0 ? "Signal:\(signal)" : "ExitCode:\(terminated["exitCode"].int)"
                } else if container["ready"].bool && container["state", "running"].exists {
                    hasRunning = true
                    readyContainers += 1
                }
            }
            // A pod whose last container completed but another still runs.
            if reason == "Completed" && hasRunning {
                let ready = status["conditions"].array.contains {
                    $0["type"].string == "Ready" && $0["status"].string == "True"
                }
                reason = ready ? "Running" : "NotReady"
            }
        }

        if pod["metadata", "deletionTimestamp"].exists {
            if status["reason"].string == "NodeLost" {
                reason = "Unknown"
            } else if phase != "Failed" && phase != "Succeeded" {
                reason = "Terminating"
            }
        }

        var restartText = String(restarts)
        if restarts != 0, let lastRestart {
            restartText = "\(restarts) (\(TableFormat.since(lastRestart, now: now)) ago)"
        }

        // The first pod IP: `podIP` wins over `podIPs`, as conversion to the
        // internal type does.
        var podIP = status["podIP"].string
        if podIP.isEmpty { podIP = status["podIPs"].array.first?["ip"].string ?? "" }
        let nodeName = spec["nodeName"].string
        let nominated = status["nominatedNodeName"].string

        var readinessGates = "<none>"
        let gates = spec["readinessGates"].array
        if !gates.isEmpty {
            let conditions = status["conditions"].array
            let trueCount = gates.filter { gate in
                conditions.first { $0["type"].string == gate["conditionType"].string }?["status"].string == "True"
            }.count
            readinessGates = "\(trueCount)/\(gates.count)"
        }

        return [
            .string(pod["metadata", "name"].string),
            .string("\(readyContainers)/\(totalContainers)"),
            .string(reason),
            .string(restartText),
            TableFormat.age(pod, now: now),
            .string(podIP.isEmpty ? "<none>" : podIP),
            .string(nodeName.isEmpty ? "<none>" : nodeName),
            .string(nominated.isEmpty ? "<none>" : nominated),
            .string(readinessGates),
        ]
    }
}
