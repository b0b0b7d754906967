import Foundation
import Testing

@testable import SwiftletNode

@Suite struct TarWriterTests {
    @Test func archiveIsReadByTar() throws {
        var tar = TarWriter()
        try tar.addDirectory("bin")
        try tar.addFile("bin/hello", contents: Data("hi\n".utf8), mode: 0o755)
        try tar.addSymlink("bin/greet", target: "hello")
        let bytes = tar.finish()
        #expect(bytes.count % 512 == 0)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("a.tar")
        try bytes.write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/tar")
        process.arguments = ["-xf", file.path, "-C", dir.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(try String(contentsOf: dir.appendingPathComponent("bin/hello"), encoding: .utf8) == "hi\n")
        let target = try FileManager.default.destinationOfSymbolicLink(
            atPath: dir.appendingPathComponent("bin/greet").path)
        #expect(target == "hello")
        let attributes = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("bin/hello").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o755)
    }

    @Test func sameContentSameBytes() throws {
        func make() throws -> Data {
            var tar = TarWriter()
            try tar.addFile("a", contents: Data("x".utf8))
            return tar.finish()
        }
        #expect(try make() == make())
    }

    @Test func longNamesAreRefused() {
        var tar = TarWriter()
        #expect(throws: TarWriter.NameTooLong.self) {
            try tar.addFile(String(repeating: "n", count: 101), contents: Data())
        }
    }
}
