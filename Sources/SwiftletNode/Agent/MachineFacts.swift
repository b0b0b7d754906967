import Foundation
import SwiftletAPI

/// What the node reports about the machine it runs on: capacity, identity
/// and addresses, read from the kernel.
public struct MachineFacts: Sendable, Equatable {
    public var cpus: Int
    public var memoryBytes: Int64
    public var ephemeralStorageBytes: Int64
    public var maxPods = 110
    public var kernelVersion: String
    public var osImage: String
    public var architecture: String
    public var machineID: String
    public var bootID: String
    public var hostname: String
    public var internalIP: String

    /// Reads the facts of this machine; `storagePath` is where pod data lives.
    public static func read(storagePath: String) -> MachineFacts {
        let fileSystem = try? FileManager.default.attributesOfFileSystem(forPath: storagePath)
        let storage = (fileSystem?[.systemSize] as? NSNumber)?.int64Value ?? 0
        return MachineFacts(
            cpus: ProcessInfo.processInfo.activeProcessorCount,
            memoryBytes: Int64(ProcessInfo.processInfo.physicalMemory),
            ephemeralStorageBytes: storage,
            kernelVersion: firstLine("/proc/sys/kernel/osrelease") ?? "",
            osImage: osRelease() ?? "Linux",
            architecture: OCIImageArchive.hostArchitecture,
            machineID: firstLine("/etc/machine-id") ?? "",
            bootID: firstLine("/proc/sys/kernel/random/boot_id") ?? "",
            hostname: ProcessInfo.processInfo.hostName,
            internalIP: primaryIPv4() ?? "127.0.0.1")
    }

    /// Capacity in Kubernetes quantities (allocatable is the same: nothing is reserved yet).
    var capacity: JSONValue {
        [
            "cpu": .string(String(cpus)), "memory": .string("\(memoryBytes / 1024)Ki"),
            "ephemeral-storage": .string("\(ephemeralStorageBytes / 1024)Ki"), "pods": .string(String(maxPods)),
        ]
    }

    private static func firstLine(_ path: String) -> String? {
        (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").first.map(String.init)
    }

    private static func osRelease() -> String? {
        guard let text = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
            return String(line.dropFirst("PRETTY_NAME=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }

    /// The first IPv4 address of an interface that is up and not loopback.
    static func primaryIPv4() -> String? {
        var list: UnsafeMutablePointer<ifaddrs>? = nil
        guard getifaddrs(&list) == 0, let first = list else { return nil }
        defer { freeifaddrs(list) }
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            let flags = Int32(entry.pointee.ifa_flags)
            guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == UInt16(AF_INET),
                flags & Int32(IFF_UP) != 0, flags & Int32(IFF_LOOPBACK) == 0
            else { continue }
            let name = String(cString: entry.pointee.ifa_name)
            // Pod bridges and veths are ours, not the machine's address.
            if name.hasPrefix("swiftlet") || name.hasPrefix("veth") || name.hasPrefix("cni") { continue }
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(
                address, socklen_t(MemoryLayout<sockaddr_in>.size), &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST
            )
                == 0
            {
                return String(cString: host)
            }
        }
        return nil
    }
}
