import ArgumentParser
import Foundation
import SwiftletNode

/// `swiftlet images`: images in the containerd of a `swiftlet server`.
struct ImagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "images", abstract: "Load, list and build container images for Swiftlet's containerd.",
        subcommands: [Import.self, List.self, BuildBusybox.self])

    /// Where the server keeps its containerd.
    struct Target: ParsableArguments {
        @Option(help: "The data directory of the server whose containerd to use.")
        var dataDir: String = "./swiftlet-data"

        @Option(help: "A CRI socket to use instead of the server's own containerd.")
        var containerRuntimeEndpoint: String?

        var socketPath: String {
            containerRuntimeEndpoint
                ?? ContainerdLayout(
                    dataDirectory: URL(fileURLWithPath: dataDir).standardizedFileURL.appendingPathComponent("node")
                ).socketPath
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load an OCI or Docker image archive into the server's containerd.")

        @Argument(help: "The archive (oci-layout tar or docker save output).")
        var file: String

        @OptionGroup var target: Target

        func run() async throws {
            guard FileManager.default.fileExists(atPath: target.socketPath) else {
                throw ValidationError("no containerd at \(target.socketPath): is swiftlet server running?")
            }
            print(try ImageImporter(socketPath: target.socketPath).importArchive(at: file), terminator: "")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the images the server's containerd holds.")

        @OptionGroup var target: Target

        func run() async throws {
            let images = try await CRIRuntime.connect(socketPath: target.socketPath) { try await $0.listImages() }
            print("IMAGE".padding(toLength: 48, withPad: " ", startingAt: 0) + "SIZE")
            for image in images {
                for tag in image.repoTags {
                    print(tag.padding(toLength: 48, withPad: " ", startingAt: 0) + "\(image.size / 1024) KiB")
                }
            }
        }
    }

    struct BuildBusybox: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "build-busybox",
            abstract: "Write an OCI image archive of this machine's static busybox (Debian's busybox-static).")

        @Argument(help: "The archive to write.")
        var output: String

        @Option(help: "The reference to import the image as.")
        var reference: String = BusyboxImage.reference

        func run() async throws {
            try BusyboxImage.archive(reference: reference).write(to: URL(fileURLWithPath: output))
            print("wrote \(output) (\(reference))")
        }
    }
}
