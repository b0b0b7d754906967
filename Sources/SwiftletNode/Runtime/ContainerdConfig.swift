import Foundation

/// The files a containerd of Swiftlet's own runs with: its config (state,
/// root and socket under the data directory, CRI on, the sandbox image
/// Swiftlet provides) and the CNI network its pods join (a bridge with
/// host-local addresses).
public struct ContainerdLayout: Sendable {
    public let directory: URL
    public var sandboxImage = SandboxImage.reference
    public var podSubnet = "10.88.0.0/16"
    public var bridgeName = "swiftlet0"

    public init(dataDirectory: URL) {
        self.directory = dataDirectory.appendingPathComponent("containerd")
    }

    public var socketPath: String { directory.appendingPathComponent("containerd.sock").path }
    public var configPath: String { directory.appendingPathComponent("config.toml").path }
    public var logPath: String { directory.appendingPathComponent("containerd.log").path }
    var cniConfigDirectory: URL { directory.appendingPathComponent("net.d") }
    /// Where runc keeps the state of this containerd's containers.
    public var runcRoot: String { directory.appendingPathComponent("runc").path }

    /// Debian's containernetworking-plugins install here.
    static let cniBinaryDirectory = "/usr/lib/cni"

    var configText: String {
        let root = directory.appendingPathComponent("root").path
        let state = directory.appendingPathComponent("state").path
        let cri = #"plugins."io.containerd.grpc.v1.cri""#
        return """
            # Written by swiftlet at every start; edits are lost.
            version = 2
            root = "\(root)"
            state = "\(state)"
            disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]

            [grpc]
              address = "\(socketPath)"
            [ttrpc]
              address = "\(socketPath).ttrpc"
            [debug]
              address = ""
            [metrics]
              address = ""
            [plugins."io.containerd.internal.v1.opt"]
              path = "\(directory.appendingPathComponent("opt").path)"
            [\(cri)]
              sandbox_image = "\(sandboxImage)"
              # Never ask for a lower OOM score than containerd's own: lowering it
              # needs CAP_SYS_RESOURCE, which sandboxed machines often lack.
              restrict_oom_score_adj = true
              [\(cri).containerd]
                snapshotter = "overlayfs"
                default_runtime_name = "runc"
                [\(cri).containerd.runtimes.runc]
                  runtime_type = "io.containerd.runc.v2"
                  [\(cri).containerd.runtimes.runc.options]
                    # runc's state of our containers, apart from any other containerd's.
                    Root = "\(runcRoot)"
              [\(cri).cni]
                bin_dir = "\(Self.cniBinaryDirectory)"
                conf_dir = "\(cniConfigDirectory.path)"

            """
    }

    /// The pod network. host-local keeps its leases where it does by default
    /// (/var/lib/cni/networks/swiftlet), machine-wide, so that servers of
    /// several data directories on one machine never hand out one address twice.
    var cniConfigText: String {
        """
        {
          "cniVersion": "1.0.0",
          "name": "swiftlet",
          "plugins": [
            {
              "type": "bridge", "bridge": "\(bridgeName)", "isGateway": true, "ipMasq": true, "hairpinMode": true,
              "ipam": {
                "type": "host-local",
                "ranges": [[{"subnet": "\(podSubnet)"}]], "routes": [{"dst": "0.0.0.0/0"}]
              }
            },
            {"type": "portmap", "capabilities": {"portMappings": true}},
            {"type": "loopback"}
          ]
        }

        """
    }

    /// Writes the config and the CNI network; creates the directories.
    func write() throws {
        let fm = FileManager.default
        for dir in [directory, cniConfigDirectory] {
            try fm.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        try Data(configText.utf8).write(to: URL(fileURLWithPath: configPath))
        try Data(cniConfigText.utf8).write(to: cniConfigDirectory.appendingPathComponent("10-swiftlet.conflist"))
    }
}
