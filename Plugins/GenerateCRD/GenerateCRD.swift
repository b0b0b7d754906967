import Foundation
import PackagePlugin

/// `swift package generate-crd --product OPERATOR [--output FILE]`: writes
/// the CustomResourceDefinition YAML of an operator's Swift kinds.
///
/// The operator is an executable built with ControllerKit that answers its
/// `crd` argument with the YAML of `CustomResourceDefinitionBuilder` for
/// its kinds (as `webapp-operator crd` does); the plugin builds it, runs
/// it, and writes what it prints to FILE (or standard output).
@main
struct GenerateCRD: CommandPlugin {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        guard let product = extractor.extractOption(named: "product").first else {
            throw Failure(description: "usage: swift package generate-crd --product OPERATOR [--output FILE]")
        }
        let output = extractor.extractOption(named: "output").first
        let build = try packageManager.build(.product(product), parameters: .init(configuration: .debug))
        guard build.succeeded else { throw Failure(description: "building \(product) failed:\n\(build.logText)") }
        guard let executable = build.builtArtifacts.first(where: { $0.kind == .executable }) else {
            throw Failure(description: "\(product) is not an executable product")
        }
        let process = Process()
        process.executableURL = executable.url
        process.arguments = ["crd"]
        let stdout = Pipe()
        process.standardOutput = stdout
        try process.run()
        let yaml = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, !yaml.isEmpty else {
            throw Failure(description: "\(product) crd exited \(process.terminationStatus) without a CRD")
        }
        if let output {
            let url = URL(fileURLWithPath: output, relativeTo: context.package.directoryURL)
            try yaml.write(to: url)
            print("wrote \(url.path)")
        } else {
            FileHandle.standardOutput.write(yaml)
        }
    }
}
