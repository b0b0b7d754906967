import SwiftletAPI
import SwiftletModels

/// What the scheduler needs to know about a pod, read once from the API
/// object so that plugins never walk JSON in the hot path.
///
/// Immutable and shared: the same instance sits in the queue, in the
/// node it is placed on and in every snapshot.
public final class PodInfo: Sendable {
    /// The API object as it was read.
    public let pod: CoreV1.Pod
    public let namespace: String
    public let name: String
    public let uid: String
    public let labels: [String: String]
    /// Where the pod is bound (or assumed); nil while pending.
    public let nodeName: String?
    /// The node preemption nominated for the pod, tried first.
    public let nominatedNodeName: String?
    public let schedulerName: String
    public let priority: Int32
    /// `status.startTime`, else `metadata.creationTimestamp` (RFC 3339).
    public let startTime: String
    public let isTerminating: Bool

    /// What the pod needs on a node: the larger of its containers' sum and
    /// each init container's need, plus overhead.
    public let requests: ResourceAmounts
    /// The same with upstream's defaults (100m CPU, 200 MiB memory) for
    /// containers that request nothing, used for scoring so that empty
    /// requests still spread.
    public let nonZeroRequests: ResourceAmounts

    public let nodeSelector: [String: String]
    public let requiredNodeAffinity: RequiredNodeSelector?
    public let preferredNodeAffinity: [PreferredNodeTerm]
    public let tolerations: [Toleration]
    public let hostPorts: [HostPort]
    public let requiredAffinityTerms: [AffinityTerm]
    public let requiredAntiAffinityTerms: [AffinityTerm]
    public let preferredAffinityTerms: [WeightedAffinityTerm]
    public let preferredAntiAffinityTerms: [WeightedAffinityTerm]
    public let topologySpreadConstraints: [SpreadConstraint]
    /// Container images as written in the spec (init containers included).
    public let images: [String]
    /// PersistentVolumeClaim names the pod mounts (in its namespace).
    public let claimNames: [String]

    public var key: NamespacedName { NamespacedName(namespace: namespace, name: name) }
    public var hasAffinityTerms: Bool {
        !requiredAffinityTerms.isEmpty || !requiredAntiAffinityTerms.isEmpty || !preferredAffinityTerms.isEmpty
            || !preferredAntiAffinityTerms.isEmpty
    }

    public convenience init(_ pod: CoreV1.Pod) {
        self.init(pod, nodeName: pod.spec?.nodeName)
    }

    /// `nodeName` overrides the spec's: an assumed pod is on its node before
    /// the API says so.
    public init(_ pod: CoreV1.Pod, nodeName: String?) {
        self.pod = pod
        let metadata = pod.metadata
        let spec = pod.spec ?? CoreV1.PodSpec()
        namespace = metadata?.namespace ?? ""
        name = metadata?.name ?? ""
        uid = metadata?.uid ?? ""
        let labels = metadata?.labels ?? [:]
        self.labels = labels
        self.nodeName = (nodeName?.isEmpty ?? true) ? nil : nodeName
        let nominated = pod.status?.nominatedNodeName ?? ""
        nominatedNodeName = nominated.isEmpty ? nil : nominated
        schedulerName = spec.schedulerName ?? "default-scheduler"
        priority = spec.priority ?? 0
        startTime = pod.status?.startTime ?? metadata?.creationTimestamp ?? ""
        isTerminating = metadata?.deletionTimestamp != nil

        let (requests, nonZero) = Self.resourceRequests(spec)
        self.requests = requests
        nonZeroRequests = nonZero

        nodeSelector = spec.nodeSelector ?? [:]
        let nodeAffinity = spec.affinity?.nodeAffinity
        requiredNodeAffinity = nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution.map {
            RequiredNodeSelector(terms: ($0.nodeSelectorTerms ?? []).map(NodeSelectorTerm.init))
        }
        preferredNodeAffinity = (nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map {
            PreferredNodeTerm(
                weight: Int64($0.weight ?? 0), preference: $0.preference.map(NodeSelectorTerm.init) ?? .init())
        }
        tolerations = (spec.tolerations ?? []).compactMap(Toleration.init)

        var ports: [HostPort] = []
        let restartableInit = (spec.initContainers ?? []).filter { $0.restartPolicy == "Always" }
        for container in (spec.containers ?? []) + restartableInit {
            for port in container.ports ?? [] where (port.hostPort ?? 0) > 0 {
                ports.append(HostPort(ip: port.hostIP ?? "", protocol: port.protocol ?? "", port: port.hostPort ?? 0))
            }
        }
        hostPorts = ports

        let namespace = self.namespace
        func terms(_ list: [CoreV1.PodAffinityTerm]?) -> [AffinityTerm] {
            (list ?? []).map { AffinityTerm($0, podNamespace: namespace, podLabels: labels) }
        }
        func weighted(_ list: [CoreV1.WeightedPodAffinityTerm]?) -> [WeightedAffinityTerm] {
            (list ?? []).map {
                WeightedAffinityTerm(
                    weight: Int64($0.weight ?? 0),
                    term: AffinityTerm($0.podAffinityTerm ?? .init(), podNamespace: namespace, podLabels: labels))
            }
        }
        let affinity = spec.affinity
        requiredAffinityTerms = terms(affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution)
        requiredAntiAffinityTerms = terms(affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution)
        preferredAffinityTerms = weighted(affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution)
        preferredAntiAffinityTerms = weighted(
            affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution)
        topologySpreadConstraints = (spec.topologySpreadConstraints ?? []).map {
            SpreadConstraint($0, podLabels: labels)
        }
        images = ((spec.initContainers ?? []) + (spec.containers ?? [])).compactMap(\.image)
        let podName = name
        claimNames = (spec.volumes ?? []).compactMap { volume in
            if let claim = volume.persistentVolumeClaim?.claimName { return claim }
            if volume.ephemeral != nil, let volumeName = volume.name { return "\(podName)-\(volumeName)" }
            return nil
        }
    }

    /// A copy placed on `nodeName` (the assumed pod), without reading the
    /// object again.
    public func placed(on nodeName: String) -> PodInfo {
        PodInfo(copying: self, nodeName: nodeName)
    }

    /// The same facts over a newer copy of the object (the API's echo of
    /// our binding), so only one copy of the JSON stays in memory.
    func confirmed(by object: CoreV1.Pod) -> PodInfo {
        PodInfo(copying: self, nodeName: nodeName ?? "", object: object)
    }

    private init(copying other: PodInfo, nodeName: String, object: CoreV1.Pod? = nil) {
        pod = object ?? other.pod
        namespace = other.namespace
        name = other.name
        uid = other.uid
        labels = other.labels
        nominatedNodeName = other.nominatedNodeName
        schedulerName = other.schedulerName
        priority = other.priority
        startTime = other.startTime
        isTerminating = other.isTerminating
        requests = other.requests
        nonZeroRequests = other.nonZeroRequests
        nodeSelector = other.nodeSelector
        requiredNodeAffinity = other.requiredNodeAffinity
        preferredNodeAffinity = other.preferredNodeAffinity
        tolerations = other.tolerations
        hostPorts = other.hostPorts
        requiredAffinityTerms = other.requiredAffinityTerms
        requiredAntiAffinityTerms = other.requiredAntiAffinityTerms
        preferredAffinityTerms = other.preferredAffinityTerms
        preferredAntiAffinityTerms = other.preferredAntiAffinityTerms
        topologySpreadConstraints = other.topologySpreadConstraints
        images = other.images
        claimNames = other.claimNames
        self.nodeName = nodeName
    }

    static let defaultMilliCPURequest: Int64 = 100
    static let defaultMemoryRequest: Int64 = 200 * 1024 * 1024

    /// Upstream's pod request arithmetic: regular containers add up;
    /// sidecars (restartable init containers) run beside everything started
    /// after them; each other init container runs alone beside the sidecars
    /// before it; the pod needs the largest of those moments, plus overhead.
    static func resourceRequests(_ spec: CoreV1.PodSpec) -> (ResourceAmounts, ResourceAmounts) {
        func containerRequests(_ container: CoreV1.Container) -> (ResourceAmounts, ResourceAmounts) {
            var list = container.resources?.requests ?? [:]
            // Requests default to limits where only limits are given.
            for (name, limit) in container.resources?.limits ?? [:] where list[name] == nil { list[name] = limit }
            let exact = ResourceAmounts(resourceList: list)
            var nonZero = exact
            if list[ResourceName.cpu] == nil { nonZero.milliCPU = defaultMilliCPURequest }
            if list[ResourceName.memory] == nil { nonZero.memory = defaultMemoryRequest }
            return (exact, nonZero)
        }
        var sum = ResourceAmounts()
        var sumNonZero = ResourceAmounts()
        for container in spec.containers ?? [] {
            let (exact, nonZero) = containerRequests(container)
            sum.add(exact)
            sumNonZero.add(nonZero)
        }
        var sidecars = ResourceAmounts()
        var sidecarsNonZero = ResourceAmounts()
        var initPeak = ResourceAmounts()
        var initPeakNonZero = ResourceAmounts()
        for container in spec.initContainers ?? [] {
            let (exact, nonZero) = containerRequests(container)
            if container.restartPolicy == "Always" {
                sidecars.add(exact)
                sidecarsNonZero.add(nonZero)
                initPeak.raise(to: sidecars)
                initPeakNonZero.raise(to: sidecarsNonZero)
            } else {
                var moment = exact
                moment.add(sidecars)
                var momentNonZero = nonZero
                momentNonZero.add(sidecarsNonZero)
                initPeak.raise(to: moment)
                initPeakNonZero.raise(to: momentNonZero)
            }
        }
        sum.add(sidecars)
        sumNonZero.add(sidecarsNonZero)
        sum.raise(to: initPeak)
        sumNonZero.raise(to: initPeakNonZero)
        let overhead = ResourceAmounts(resourceList: spec.overhead)
        sum.add(overhead)
        sumNonZero.add(overhead)
        return (sum, sumNonZero)
    }
}
