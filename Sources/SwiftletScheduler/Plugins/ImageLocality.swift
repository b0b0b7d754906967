/// ImageLocality favours nodes that already hold the pod's container images,
/// so the pod starts without a long pull.
///
/// Each image on the node adds its size scaled by its spread (the share of
/// all nodes holding it), so that an image everybody has counts for little
/// and pods do not pile onto the few nodes that pulled a rare image first.
/// The sum is clamped between 23 MiB and 1000 MiB per container and mapped
/// onto 0...100; no further normalization.
///
/// Names match as upstream's do: a spec name without a tag gets `:latest`,
/// and nothing else is rewritten, so `nginx:1.25` in a pod does not match
/// `docker.io/library/nginx:1.25` on a node.
public struct ImageLocality: PreScorePlugin, ScorePlugin {
    public let name = "ImageLocality"

    static let mebibyte: Int64 = 1024 * 1024
    /// Below this sum a node scores 0.
    static let minThreshold: Int64 = 23 * mebibyte
    /// Per container: at or above this sum a node scores 100.
    static let maxContainerThreshold: Int64 = 1000 * mebibyte

    public init() {}

    /// The name as a node lists it when the spec omits the tag: `:latest`
    /// is appended unless a `:` follows the last `/` (a tag or a digest).
    public static func normalizedImageName(_ image: String) -> String {
        let lastColon = image.lastIndex(of: ":")
        let lastSlash = image.lastIndex(of: "/")
        switch (lastColon, lastSlash) {
        case (nil, _): return image + ":latest"
        case (let colon?, let slash?) where colon < slash: return image + ":latest"
        default: return image
        }
    }

    /// Counts, once per pod, how many nodes of the whole snapshot hold each
    /// of the pod's images; skips scoring when no node holds any of them
    /// (every node would score 0).
    public func preScore(pod: PodInfo, nodes: [NodeInfo], snapshot: Snapshot, state: inout CycleState)
        -> PluginStatus
    {
        let images = ImageSpread(pod: pod, snapshot: snapshot)
        guard images.images.contains(where: { $0.nodesWithImage > 0 }) else { return .skip }
        state[ImageSpread.self] = images
        return .success
    }

    public func score(pod: PodInfo, node: NodeInfo, state: CycleState) -> Int64 {
        // Without PreScore the spread is unknown; count this node alone.
        let spread = state[ImageSpread.self] ?? ImageSpread(pod: pod, snapshot: Snapshot(nodes: [node]))
        var sum: Int64 = 0
        for image in spread.images {
            guard let size = node.imageSizes[image.name] else { continue }
            let share = Double(image.nodesWithImage) / Double(spread.totalNodes)
            sum += Int64(Double(size) * share)
        }
        return Self.priority(sum: sum, containers: spread.containers)
    }

    /// Maps a summed image size onto 0...100 between the thresholds.
    static func priority(sum: Int64, containers: Int) -> Int64 {
        let maxThreshold = maxContainerThreshold * Int64(containers)
        let clamped = sum < minThreshold ? minThreshold : min(sum, maxThreshold)
        return maxNodeScore * (clamped - minThreshold) / (maxThreshold - minThreshold)
    }
}

/// The pod's images (one entry per container, init containers included)
/// with the number of nodes holding each.
private struct ImageSpread: Sendable {
    struct Image: Sendable {
        var name: String
        var nodesWithImage: Int
    }
    var images: [Image]
    var totalNodes: Int
    var containers: Int

    init(pod: PodInfo, snapshot: Snapshot) {
        let spec = pod.pod.spec
        containers = (spec?.initContainers?.count ?? 0) + (spec?.containers?.count ?? 0)
        totalNodes = snapshot.count
        let names = pod.images.map(ImageLocality.normalizedImageName)
        images = names.map { Image(name: $0, nodesWithImage: snapshot.imageNodeCounts[$0] ?? 0) }
    }
}
