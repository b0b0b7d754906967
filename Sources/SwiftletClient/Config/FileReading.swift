import Foundation

/// Reading files referenced by kubeconfigs and service-account mounts, with
/// errors that say which file and why.
enum FileReading {
    /// The file's bytes, or `nil` when it does not exist.
    static func readIfPresent(_ path: String, purpose: String) throws -> [UInt8]? {
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile || error.code == .fileNoSuchFile {
            return nil
        } catch {
            throw ClientConfigError.cannotReadFile(path: path, purpose: purpose, reason: reason(error))
        }
    }

    static func read(_ path: String, purpose: String) throws -> [UInt8] {
        guard let bytes = try readIfPresent(path, purpose: purpose) else {
            throw ClientConfigError.cannotReadFile(path: path, purpose: purpose, reason: "no such file or directory")
        }
        return bytes
    }

    /// A token file's content without surrounding whitespace, as client-go's
    /// cached file token source reads it.
    static func readToken(_ path: String, purpose: String) throws -> String {
        String(decoding: try read(path, purpose: purpose), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func reason(_ error: any Error) -> String {
        guard let cocoa = error as? CocoaError else { return "\(error)" }
        switch cocoa.code {
        case .fileReadNoPermission: return "permission denied"
        case .fileReadInvalidFileName: return "invalid file name"
        default:
            if let posix = cocoa.underlying as? POSIXError { return "\(posix.code)" }
            return "error \(cocoa.code.rawValue)"
        }
    }
}

/// Lexical path handling as Go's `filepath.Join`/`Abs` do it: no symlink lookups.
enum LexicalPath {
    static func absolute(_ path: String, cwd: String = FileManager.default.currentDirectoryPath) -> String {
        clean(path.hasPrefix("/") ? path : cwd + "/" + path)
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `path` unchanged when absolute or empty, else joined to `base`.
    static func resolve(_ path: String, against base: String) -> String {
        path.isEmpty || path.hasPrefix("/") ? path : clean(base + "/" + path)
    }

    /// Drops empty and `.` components and folds `..`.
    static func clean(_ path: String) -> String {
        let rooted = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else if part == "..", rooted {
                continue
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return rooted ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
