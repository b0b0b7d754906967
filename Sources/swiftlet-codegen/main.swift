// The project's code generator.
//
//   swiftlet-codegen schemas DEFINITIONS.json OUTPUT.json
//       The schema resource (OpenAPI v3 component schemas) from the
//       Kubernetes definitions; see SchemaConversion.swift.
//   swiftlet-codegen models SCHEMAS.json OUTPUT_DIR
//       The typed Swift models (SwiftletModels/Generated) from the schema
//       resource; see ModelGenerator.swift.
//   swiftlet-codegen protobuf API_DIR APIMACHINERY_DIR OUTPUT.json
//       The protobuf field table from checkouts of the Kubernetes api and
//       apimachinery repositories; see ProtobufTable.swift.
//   swiftlet-codegen DEFINITIONS.json OUTPUT.json
//       The first form, as the generator was first called.

import Foundation
import SwiftletAPI

struct CodegenError: Error, CustomStringConvertible {
    var description: String
}

let usage = """
    usage: swiftlet-codegen schemas DEFINITIONS.json OUTPUT.json
           swiftlet-codegen models SCHEMAS.json OUTPUT_DIR
           swiftlet-codegen protobuf API_DIR APIMACHINERY_DIR OUTPUT.json
    """

func run(_ arguments: [String]) throws {
    switch (arguments.first, arguments.count) {
    case ("schemas", 3):
        let count = try SchemaConversion.run(input: arguments[1], output: arguments[2])
        print("wrote \(count) schemas to \(arguments[2])")
    case ("models", 3):
        let result = try ModelGenerator(schemasPath: arguments[1], outputDirectory: arguments[2]).run()
        print("generated \(result.models) models in \(result.files) files under \(arguments[2])")
    case ("protobuf", 4):
        let count = try ProtobufTable.run(api: arguments[1], apimachinery: arguments[2], output: arguments[3])
        print("wrote \(count) messages to \(arguments[3])")
    case (_, 2):
        let count = try SchemaConversion.run(input: arguments[0], output: arguments[1])
        print("wrote \(count) schemas to \(arguments[1])")
    default:
        throw CodegenError(description: usage)
    }
}

do {
    try run(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("swiftlet-codegen: \(error)\n".utf8))
    exit(1)
}
