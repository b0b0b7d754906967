import Foundation

/// Writes a POSIX ustar archive in memory: directories, regular files and
/// symbolic links owned by root, with a fixed modification time so the same
/// content always gives the same bytes (and so the same image digest).
struct TarWriter {
    private(set) var bytes = Data()

    enum EntryType: UInt8 {
        case file = 0x30  // '0'
        case symlink = 0x32  // '2'
        case directory = 0x35  // '5'
    }

    struct NameTooLong: Error, CustomStringConvertible {
        let name: String
        var description: String { "tar entry name too long: \(name)" }
    }

    mutating func addDirectory(_ path: String, mode: Int = 0o755) throws {
        try addHeader(name: path.hasSuffix("/") ? path : path + "/", type: .directory, mode: mode, size: 0)
    }

    mutating func addFile(_ path: String, contents: Data, mode: Int = 0o644) throws {
        try addHeader(name: path, type: .file, mode: mode, size: contents.count)
        bytes.append(contents)
        pad()
    }

    mutating func addSymlink(_ path: String, target: String) throws {
        try addHeader(name: path, type: .symlink, mode: 0o777, size: 0, linkName: target)
    }

    /// Two zero blocks end the archive.
    mutating func finish() -> Data {
        bytes.append(Data(count: 1024))
        return bytes
    }

    private mutating func pad() {
        let rest = bytes.count % 512
        if rest != 0 { bytes.append(Data(count: 512 - rest)) }
    }

    private mutating func addHeader(name: String, type: EntryType, mode: Int, size: Int, linkName: String = "") throws {
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, width: Int) throws {
            let utf8 = Array(text.utf8)
            guard utf8.count <= width else { throw NameTooLong(name: text) }
            header.replaceSubrange(offset..<offset + utf8.count, with: utf8)
        }
        func octal(_ value: Int, at offset: Int, width: Int) throws {
            // Width includes the terminating NUL.
            let digits = String(value, radix: 8)
            let padded = String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits
            try put(padded, at: offset, width: width - 1)
        }
        try put(name, at: 0, width: 100)
        try octal(mode, at: 100, width: 8)
        try octal(0, at: 108, width: 8)  // uid
        try octal(0, at: 116, width: 8)  // gid
        try octal(size, at: 124, width: 12)
        try octal(0, at: 136, width: 12)  // mtime
        header[156] = type.rawValue
        try put(linkName, at: 157, width: 100)
        try put("ustar", at: 257, width: 6)
        try put("00", at: 263, width: 2)
        try put("root", at: 265, width: 32)
        try put("root", at: 297, width: 32)
        // The checksum is computed with its own field as spaces.
        for i in 148..<156 { header[i] = 0x20 }
        let sum = header.reduce(0) { $0 + Int($1) }
        try octal(sum, at: 148, width: 7)
        header[155] = 0x20
        bytes.append(contentsOf: header)
    }
}
