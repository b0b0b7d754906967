import Crypto
import Foundation
import SwiftletAPI

/// An OCI image layout packed as one tar archive (what `ctr images import`
/// and `docker load` read), built from files of this machine. Swiftlet makes
/// its own images this way, since no public registry is reachable: the pod
/// sandbox ("pause") image and the test images, from Debian's static busybox.
public struct OCIImageArchive: Sendable {
    /// The full reference the image is imported as, e.g. `swiftlet.local/busybox:1`.
    public var reference: String
    /// Default command (the image's `Cmd`).
    public var command: [String]
    public var environment = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
    public var workingDirectory = "/"

    public init(reference: String, command: [String]) {
        self.reference = reference
        self.command = command
    }

    /// The image's one layer: a small root file system with busybox and a
    /// link for each of its applets in /bin.
    public static func busyboxLayer(busybox: URL, applets: [String]) throws -> Data {
        var tar = TarWriter()
        for dir in ["bin", "dev", "etc", "proc", "root", "sys", "usr", "usr/bin", "var", "var/log"] {
            try tar.addDirectory(dir)
        }
        try tar.addDirectory("tmp", mode: 0o1777)
        try tar.addFile("bin/busybox", contents: try Data(contentsOf: busybox), mode: 0o755)
        for applet in applets where applet != "busybox" && !applet.contains("/") {
            try tar.addSymlink("bin/\(applet)", target: "busybox")
        }
        try tar.addFile(
            "etc/passwd",
            contents: Data("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n".utf8))
        try tar.addFile("etc/group", contents: Data("root:x:0:\nnobody:x:65534:\n".utf8))
        return tar.finish()
    }

    /// The archive: oci-layout, index.json naming the image, and the blobs
    /// (layer, config, manifest) under their sha256 digests.
    public func archive(layer: Data, architecture: String = OCIImageArchive.hostArchitecture) throws -> Data {
        let layerDigest = Self.digest(layer)
        let config: JSONValue = [
            "architecture": .string(architecture), "os": "linux",
            "config": [
                "Env": .array(environment.map { .string($0) }), "Cmd": .array(command.map { .string($0) }),
                "WorkingDir": .string(workingDirectory),
            ],
            "rootfs": ["type": "layers", "diff_ids": [.string(layerDigest)]],
        ]
        let configBytes = Data(config.serialized())
        let manifest: JSONValue = [
            "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": [
                "mediaType": "application/vnd.oci.image.config.v1+json", "digest": .string(Self.digest(configBytes)),
                "size": .int(Int64(configBytes.count)),
            ],
            "layers": [
                [
                    "mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": .string(layerDigest),
                    "size": .int(Int64(layer.count)),
                ]
            ],
        ]
        let manifestBytes = Data(manifest.serialized())
        let tag = reference.split(separator: ":").last.map(String.init) ?? "latest"
        let index: JSONValue = [
            "schemaVersion": 2,
            "manifests": [
                [
                    "mediaType": "application/vnd.oci.image.manifest.v1+json",
                    "digest": .string(Self.digest(manifestBytes)), "size": .int(Int64(manifestBytes.count)),
                    "platform": ["architecture": .string(architecture), "os": "linux"],
                    "annotations": [
                        "io.containerd.image.name": .string(reference),
                        "org.opencontainers.image.ref.name": .string(tag),
                    ],
                ]
            ],
        ]
        var tar = TarWriter()
        try tar.addFile("oci-layout", contents: Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8))
        try tar.addFile("index.json", contents: Data(index.serialized()))
        try tar.addDirectory("blobs")
        try tar.addDirectory("blobs/sha256")
        for blob in [layer, configBytes, manifestBytes] {
            try tar.addFile("blobs/sha256/\(Self.digest(blob).dropFirst("sha256:".count))", contents: blob)
        }
        return tar.finish()
    }

    static func digest(_ data: Data) -> String {
        "sha256:" + SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// The OCI name of this machine's architecture.
    public static var hostArchitecture: String {
        var name = utsname()
        uname(&name)
        let machine = withUnsafeBytes(of: &name.machine) {
            String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        switch machine {
        case "x86_64": return "amd64"
        case "aarch64": return "arm64"
        default: return machine
        }
    }
}
