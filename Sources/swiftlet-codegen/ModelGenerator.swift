// `swiftlet-codegen models`: the typed Swift models of the built-in kinds,
// one file per group-version namespace.

import Foundation
import SwiftletAPI

struct ModelGenerator {
    let schemasPath: String
    let outputDirectory: String

    /// The file listing the models of served resources.
    static let indexFileName = "KubernetesModels+Resources.swift"

    /// Writes every namespace file whose text changed and deletes generated
    /// files of namespaces that no longer exist. Returns the files written.
    func run() throws -> (files: Int, models: Int) {
        let input = try Data(contentsOf: URL(fileURLWithPath: schemasPath))
        guard let schemas = try JSONParser.parse(Array(input)).objectValue else {
            throw CodegenError(description: "\(schemasPath) is not a JSON object of schemas")
        }
        let catalog = ModelCatalog(schemas: schemas)
        let models = try catalog.models()
        let renderer = ModelRenderer()

        var files: [String: String] = [:]
        var packages: [String: String] = [:]
        var byNamespace: [String: [ModelDefinition]] = [:]
        for model in models {
            byNamespace[model.namespace, default: []].append(model)
            let package = ModelCatalog.package(of: model.definitionName)
            if let other = packages[model.namespace], other != package {
                throw CodegenError(description: "\(other) and \(package) would share the namespace \(model.namespace)")
            }
            packages[model.namespace] = package
        }
        for (namespace, members) in byNamespace {
            files["\(namespace).swift"] = renderer.file(
                namespace: namespace, package: packages[namespace] ?? "", models: members)
        }
        files[ModelGenerator.indexFileName] = renderer.indexFile(models: models)
        try write(files)
        return (files.count, models.count)
    }

    private func write(_ files: [String: String]) throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        for name in try manager.contentsOfDirectory(atPath: outputDirectory).sorted()
        where name.hasSuffix(".swift") && files[name] == nil {
            let path = outputDirectory + "/" + name
            let existing = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            if existing.hasPrefix(ModelRenderer.headerMarker) { try manager.removeItem(atPath: path) }
        }
        for name in files.keys.sorted() {
            let path = outputDirectory + "/" + name
            let text = files[name] ?? ""
            if (try? String(contentsOfFile: path, encoding: .utf8)) == text { continue }
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }
    }
}
