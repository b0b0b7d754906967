import Foundation
import Yams

extension KubeconfigFile {
    /// Parses kubeconfig bytes: JSON when the first non-blank byte is `{`,
    /// YAML otherwise. Empty or comment-only input is an empty config.
    /// `path` only labels errors; relative paths are left as they are.
    public init(bytes: some Collection<UInt8>, path: String? = nil) throws {
        let data = Data(bytes)
        do {
            if data.first(where: { !Self.isBlank($0) }) == UInt8(ascii: "{") {
                self = try JSONDecoder().decode(KubeconfigFile.self, from: data)
                return
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw ClientConfigError.invalidKubeconfig(path: path, reason: "not UTF-8 text")
            }
            if try Yams.compose(yaml: text) == nil {
                self = KubeconfigFile()
                return
            }
            self = try YAMLDecoder().decode(KubeconfigFile.self, from: text)
        } catch let error as ClientConfigError {
            throw error
        } catch let error as DecodingError {
            throw ClientConfigError.invalidKubeconfig(path: path, reason: Self.describe(error))
        } catch {
            throw ClientConfigError.invalidKubeconfig(path: path, reason: "\(error)")
        }
    }

    /// Reads one kubeconfig file and makes its relative file references absolute
    /// against the file's directory.
    public static func load(path: String) throws -> KubeconfigFile {
        guard let file = try loadIfPresent(path: path) else {
            throw ClientConfigError.cannotReadFile(
                path: path, purpose: "kubeconfig", reason: "no such file or directory")
        }
        return file
    }

    /// Like ``load(path:)`` but `nil` when the file does not exist.
    static func loadIfPresent(path: String) throws -> KubeconfigFile? {
        guard let bytes = try FileReading.readIfPresent(path, purpose: "kubeconfig") else { return nil }
        let directory = LexicalPath.directory(of: LexicalPath.absolute(path))
        return try KubeconfigFile(bytes: bytes, path: path).resolvingRelativePaths(against: directory)
    }

    /// The file with each relative file reference joined to `directory`.
    public func resolvingRelativePaths(against directory: String) -> KubeconfigFile {
        func resolve(_ path: String?) -> String? { path.map { LexicalPath.resolve($0, against: directory) } }
        var copy = self
        for i in copy.clusters.indices {
            copy.clusters[i].cluster.certificateAuthority = resolve(clusters[i].cluster.certificateAuthority)
        }
        for i in copy.users.indices {
            var user = copy.users[i].user
            user.clientCertificate = resolve(user.clientCertificate)
            user.clientKey = resolve(user.clientKey)
            user.tokenFile = resolve(user.tokenFile)
            // A bare command name is looked up on PATH; only paths are resolved.
            if let command = user.exec?.command, command.contains("/") {
                user.exec?.command = LexicalPath.resolve(command, against: directory)
            }
            copy.users[i].user = user
        }
        return copy
    }

    /// The file as YAML, with base64 `*-data` fields.
    public func yamlString() throws -> String {
        try YAMLEncoder().encode(self)
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0xEF || byte == 0xBB || byte == 0xBF
    }

    private static func describe(_ error: DecodingError) -> String {
        func at(_ path: [any CodingKey]) -> String {
            path.isEmpty
                ? "" : " at " + path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "expected \(type)\(at(context.codingPath)): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "missing \(type)\(at(context.codingPath))"
        case .keyNotFound(let key, let context):
            return "missing key \(key.stringValue)\(at(context.codingPath))"
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { ": \($0)" } ?? ""
            return "\(context.debugDescription)\(at(context.codingPath))\(underlying)"
        @unknown default:
            return "\(error)"
        }
    }
}
