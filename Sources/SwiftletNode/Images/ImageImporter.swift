import Foundation

/// Loads image archives (OCI layouts or `docker save` output) into a
/// containerd's image store with Debian's `ctr`, in the `k8s.io` namespace
/// where CRI finds them.
public struct ImageImporter: Sendable {
    public let socketPath: String

    public init(socketPath: String) { self.socketPath = socketPath }

    public struct ImportFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Imports the archive at `path` and returns what `ctr` said.
    @discardableResult
    public func importArchive(at path: String) throws -> String {
        guard let ctr = ContainerdProcess.find("ctr") else {
            throw ImportFailure(description: "ctr is not installed (it comes with Debian's containerd)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ctr)
        process.arguments = ["--address", socketPath, "--namespace", "k8s.io", "images", "import", path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ImportFailure(description: "ctr images import \(path) failed: \(text)")
        }
        return text
    }
}

/// The pod sandbox image every pod's network namespace lives in. Swiftlet
/// makes it itself from Debian's static busybox: a shell that sleeps until it
/// is told to stop.
public enum SandboxImage {
    public static let reference = "swiftlet.local/pause:1"
    /// Where Debian's busybox-static installs the binary.
    public static let busyboxPath = "/bin/busybox"

    public static func archive(busybox: String = busyboxPath) throws -> Data {
        let image = OCIImageArchive(
            reference: reference,
            command: ["/bin/sh", "-c", "trap 'exit 0' TERM INT; while true; do sleep 3600 & wait $!; done"])
        return try image.archive(layer: BusyboxImage.layer(busybox: busybox))
    }
}

/// A general-purpose test and demo image: busybox with every applet linked.
public enum BusyboxImage {
    public static let reference = "swiftlet.local/busybox:1"

    public static func archive(reference: String = reference, busybox: String = SandboxImage.busyboxPath) throws
        -> Data
    {
        try OCIImageArchive(reference: reference, command: ["sh"]).archive(layer: layer(busybox: busybox))
    }

    static func layer(busybox: String) throws -> Data {
        guard FileManager.default.isExecutableFile(atPath: busybox) else {
            throw ImageImporter.ImportFailure(
                description: "\(busybox) is missing: install Debian's busybox-static (make run does)")
        }
        return try OCIImageArchive.busyboxLayer(busybox: URL(fileURLWithPath: busybox), applets: applets(busybox))
    }

    /// The applets this busybox was built with (`busybox --list`).
    static func applets(_ busybox: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: busybox)
        process.arguments = ["--list"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.split(separator: "\n").map(String.init)
    }
}
