import SwiftletModels

/// An amount of every resource the scheduler accounts for: what a pod
/// requests, what a node can give, what is already taken on a node.
///
/// CPU is in millicores, memory and ephemeral storage in bytes, everything
/// else ("scalar" resources: extended resources such as `example.com/gpu`,
/// hugepages) in whole units, as upstream's `framework.Resource`.
public struct ResourceAmounts: Sendable, Equatable {
    public var milliCPU: Int64 = 0
    public var memory: Int64 = 0
    public var ephemeralStorage: Int64 = 0
    /// Only meaningful for a node's allocatable: how many pods it takes.
    public var allowedPodNumber: Int64 = 0
    public var scalars: [String: Int64] = [:]

    public init(
        milliCPU: Int64 = 0, memory: Int64 = 0, ephemeralStorage: Int64 = 0, allowedPodNumber: Int64 = 0,
        scalars: [String: Int64] = [:]
    ) {
        self.milliCPU = milliCPU
        self.memory = memory
        self.ephemeralStorage = ephemeralStorage
        self.allowedPodNumber = allowedPodNumber
        self.scalars = scalars
    }

    /// Reads a resource list (`requests`, `limits`, `allocatable`, `overhead`).
    /// Quantities that do not parse count as zero; the API server rejects
    /// them before they get here.
    public init(resourceList: [String: Quantity]?) {
        for (name, quantity) in resourceList ?? [:] {
            self[name] = name == ResourceName.cpu ? (quantity.milliValue ?? 0) : (quantity.value ?? 0)
        }
    }

    /// The amount of one named resource (`cpu` in millicores).
    public subscript(name: String) -> Int64 {
        get {
            switch name {
            case ResourceName.cpu: milliCPU
            case ResourceName.memory: memory
            case ResourceName.ephemeralStorage: ephemeralStorage
            case ResourceName.pods: allowedPodNumber
            default: scalars[name] ?? 0
            }
        }
        set {
            switch name {
            case ResourceName.cpu: milliCPU = newValue
            case ResourceName.memory: memory = newValue
            case ResourceName.ephemeralStorage: ephemeralStorage = newValue
            case ResourceName.pods: allowedPodNumber = newValue
            default: scalars[name] = newValue
            }
        }
    }

    public mutating func add(_ other: ResourceAmounts) {
        milliCPU += other.milliCPU
        memory += other.memory
        ephemeralStorage += other.ephemeralStorage
        allowedPodNumber += other.allowedPodNumber
        for (name, amount) in other.scalars { scalars[name, default: 0] += amount }
    }

    public mutating func subtract(_ other: ResourceAmounts) {
        milliCPU -= other.milliCPU
        memory -= other.memory
        ephemeralStorage -= other.ephemeralStorage
        allowedPodNumber -= other.allowedPodNumber
        for (name, amount) in other.scalars { scalars[name, default: 0] -= amount }
    }

    /// Each resource the larger of the two (how init containers combine).
    public mutating func raise(to other: ResourceAmounts) {
        milliCPU = max(milliCPU, other.milliCPU)
        memory = max(memory, other.memory)
        ephemeralStorage = max(ephemeralStorage, other.ephemeralStorage)
        allowedPodNumber = max(allowedPodNumber, other.allowedPodNumber)
        for (name, amount) in other.scalars { scalars[name] = max(scalars[name] ?? 0, amount) }
    }
}

/// Upstream's resource names.
public enum ResourceName {
    public static let cpu = "cpu"
    public static let memory = "memory"
    public static let ephemeralStorage = "ephemeral-storage"
    public static let pods = "pods"
}
