import ArgumentParser
import Foundation
import SwiftletAPIServer

/// Where the API server listens and keeps its state.
struct ServerOptions: ParsableArguments {
    @Option(help: "Directory for the database, certificates and admin.kubeconfig.")
    var dataDir: String = "./swiftlet-data"

    @Option(help: "Address to listen on.")
    var bindAddress: String = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int = 6443

    var apiServerOptions: APIServerOptions {
        let dir = URL(
            fileURLWithPath: dataDir, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        )
        .standardizedFileURL
        return APIServerOptions(dataDirectory: dir, bindAddress: bindAddress, port: port)
    }
}
