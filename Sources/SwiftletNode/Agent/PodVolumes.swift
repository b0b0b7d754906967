import Foundation
import SwiftletAPI
import SwiftletCRI
import SwiftletClient
import SwiftletModels

/// A pod's volumes on this node, under its own folder: emptyDir as a
/// directory that lives as long as the pod, configMap, secret and
/// downwardAPI (and projected sets of them) as files written from the API
/// and rewritten at every sync so updates reach running containers, and
/// hostPath as the machine's own path. Each container gets bind mounts of
/// the volumes its `volumeMounts` name.
struct PodVolumes {
    let pod: CoreV1.Pod
    let root: URL
    let client: KubernetesClient

    struct VolumeError: Error, CustomStringConvertible {
        let description: String
    }

    /// The folder of one volume of the pod.
    func directory(_ name: String) -> URL { root.appendingPathComponent(name) }

    /// Makes every volume ready; throws with upstream's words when a source is missing.
    func prepare() async throws {
        let namespace = pod.namespace ?? "default"
        for volume in pod.json[path: ["spec", "volumes"]]?.arrayValue ?? [] {
            guard let name = volume["name"]?.stringValue else { continue }
            let dir = directory(name)
            if volume["emptyDir"] != nil {
                try FileManager.default.createDirectory(
                    at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
            } else if let hostPath = volume["hostPath"] {
                let path = hostPath["path"]?.stringValue ?? ""
                let type = hostPath["type"]?.stringValue ?? ""
                if type == "DirectoryOrCreate", !FileManager.default.fileExists(atPath: path) {
                    try FileManager.default.createDirectory(
                        atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
                }
                if ["Directory", "File", "Socket"].contains(type), !FileManager.default.fileExists(atPath: path) {
                    throw VolumeError(description: "hostPath type check failed: \(path) is not a \(type)")
                }
            } else if let source = volume["configMap"] {
                try write(dir, files: try await configMapFiles(source, namespace: namespace), source: source)
            } else if let source = volume["secret"] {
                try write(dir, files: try await secretFiles(source, namespace: namespace), source: source)
            } else if let source = volume["downwardAPI"] {
                try write(dir, files: try downwardFiles(source), source: source)
            } else if let projected = volume["projected"] {
                var files: [String: Data] = [:]
                for part in projected["sources"]?.arrayValue ?? [] {
                    if let s = part["configMap"] {
                        files.merge(try await configMapFiles(s, namespace: namespace)) { $1 }
                    }
                    if let s = part["secret"] { files.merge(try await secretFiles(s, namespace: namespace)) { $1 } }
                    if let s = part["downwardAPI"] { files.merge(try downwardFiles(s)) { $1 } }
                }
                try write(dir, files: files, source: projected)
            }
        }
    }

    /// Whether any volume must be rewritten from time to time (its source can change).
    var followsTheAPI: Bool {
        (pod.json[path: ["spec", "volumes"]]?.arrayValue ?? []).contains {
            $0["configMap"] != nil || $0["secret"] != nil || $0["downwardAPI"] != nil || $0["projected"] != nil
        }
    }

    /// The CRI mounts of one container.
    func mounts(for container: JSONValue) -> [Runtime_V1_Mount] {
        let volumes = pod.json[path: ["spec", "volumes"]]?.arrayValue ?? []
        return (container["volumeMounts"]?.arrayValue ?? []).compactMap { mount in
            guard let name = mount["name"]?.stringValue, let path = mount["mountPath"]?.stringValue,
                let volume = volumes.first(where: { $0["name"]?.stringValue == name })
            else { return nil }
            var host = volume[path: ["hostPath", "path"]]?.stringValue ?? directory(name).path
            if let sub = mount["subPath"]?.stringValue, !sub.isEmpty, !sub.contains("..") {
                host += "/" + sub
            }
            // Files from the API are read-only in the container, as upstream's.
            let fromAPI =
                volume["configMap"] != nil || volume["secret"] != nil || volume["downwardAPI"] != nil
                || volume["projected"] != nil
            return .with {
                $0.containerPath = path
                $0.hostPath = host
                $0.readonly = (mount["readOnly"]?.boolValue ?? false) || fromAPI
            }
        }
    }

    // MARK: Sources

    private func configMapFiles(_ source: JSONValue, namespace: String) async throws -> [String: Data] {
        guard let name = source["name"]?.stringValue else { return [:] }
        do {
            let map = try await client.resource(CoreV1.ConfigMap.self, namespace: namespace).get(name)
            var files: [String: Data] = [:]
            for m in map.json["data"]?.objectValue?.members ?? [] {
                if let text = m.value.stringValue { files[m.key] = Data(text.utf8) }
            }
            for m in map.json["binaryData"]?.objectValue?.members ?? [] {
                if let b64 = m.value.stringValue, let data = Data(base64Encoded: b64) { files[m.key] = data }
            }
            return try select(files, items: source["items"], kind: "configmap", name: name)
        } catch KubernetesError.notFound where source["optional"]?.boolValue == true {
            return [:]
        } catch KubernetesError.notFound {
            throw VolumeError(description: "configmap \"\(name)\" not found")
        }
    }

    private func secretFiles(_ source: JSONValue, namespace: String) async throws -> [String: Data] {
        guard let name = source["secretName"]?.stringValue ?? source["name"]?.stringValue else { return [:] }
        do {
            let secret = try await client.resource(CoreV1.Secret.self, namespace: namespace).get(name)
            var files: [String: Data] = [:]
            for m in secret.json["data"]?.objectValue?.members ?? [] {
                if let b64 = m.value.stringValue, let data = Data(base64Encoded: b64) { files[m.key] = data }
            }
            return try select(files, items: source["items"], kind: "secret", name: name)
        } catch KubernetesError.notFound where source["optional"]?.boolValue == true {
            return [:]
        } catch KubernetesError.notFound {
            throw VolumeError(description: "secret \"\(name)\" not found")
        }
    }

    /// `items` picks keys and names their files; without it every key is a file.
    private func select(_ files: [String: Data], items: JSONValue?, kind: String, name: String) throws -> [String: Data]
    {
        guard let items = items?.arrayValue, !items.isEmpty else { return files }
        var picked: [String: Data] = [:]
        for item in items {
            guard let key = item["key"]?.stringValue, let path = item["path"]?.stringValue else { continue }
            guard let data = files[key] else {
                throw VolumeError(description: "configuration error: key \(key) not found in \(kind) \(name)")
            }
            picked[path] = data
        }
        return picked
    }

    private func downwardFiles(_ source: JSONValue) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for item in source["items"]?.arrayValue ?? [] {
            guard let path = item["path"]?.stringValue, let field = item[path: ["fieldRef", "fieldPath"]]?.stringValue
            else { continue }
            let value: String
            switch field {
            case "metadata.labels":
                value = (pod.labels ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }
                    .joined(separator: "\n")
            case "metadata.annotations":
                value = (pod.annotations ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }
                    .joined(separator: "\n")
            case "metadata.name": value = pod.name ?? ""
            case "metadata.namespace": value = pod.namespace ?? ""
            case "metadata.uid": value = pod.uid ?? ""
            default: throw VolumeError(description: "unsupported fieldPath \(field) in a downwardAPI volume")
            }
            files[path] = Data(value.utf8)
        }
        return files
    }

    /// Writes the volume's files (each replaced whole, so a reader never
    /// sees half a file) and removes files no longer in the source.
    private func write(_ dir: URL, files: [String: Data], source: JSONValue) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let mode = Int(source["defaultMode"]?.intValue ?? 0o644)
        for (path, data) in files {
            guard !path.contains(".."), !path.hasPrefix("/") else { continue }
            let file = dir.appendingPathComponent(path)
            try fm.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            if (try? Data(contentsOf: file)) == data { continue }
            let temporary = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).tmp")
            try data.write(to: temporary)
            try fm.setAttributes([.posixPermissions: mode], ofItemAtPath: temporary.path)
            guard rename(temporary.path, file.path) == 0 else {
                throw VolumeError(description: "cannot write \(file.path): errno \(errno)")
            }
        }
        let wanted = Set(files.keys.map { $0.split(separator: "/").first.map(String.init) ?? $0 })
        for existing in (try? fm.contentsOfDirectory(atPath: dir.path)) ?? [] where !wanted.contains(existing) {
            try? fm.removeItem(at: dir.appendingPathComponent(existing))
        }
    }
}
