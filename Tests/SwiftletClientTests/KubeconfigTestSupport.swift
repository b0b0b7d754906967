import Foundation

/// A scratch directory for one test, removed afterwards.
struct KubeconfigScratch {
    let root: String

    static func with<T>(_ body: (KubeconfigScratch) throws -> T) throws -> T {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("kubeconfig-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        return try body(KubeconfigScratch(root: root))
    }

    /// Writes `text` at `relative` (directories created) and returns the absolute path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let path = root + "/" + relative
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}

func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
