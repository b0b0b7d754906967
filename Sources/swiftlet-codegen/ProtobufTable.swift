import Foundation
import SwiftletAPI

/// Writes the protobuf field table (`Sources/SwiftletAPI/Resources/protobuf.json`)
/// that lets the API server read and write `application/vnd.kubernetes.protobuf`.
///
/// Its inputs are checkouts of the Kubernetes `api` and `apimachinery`
/// repositories at the release Swiftlet follows (v0.32.x). From each served
/// package it reads two kinds of facts:
///
/// - `generated.proto`: every message, and each field's number, wire type,
///   label (optional, repeated, map) and protobuf name;
/// - the Go struct tags in the package's types: for the same protobuf name,
///   the JSON name (or `,inline`), `omitempty`, and whether the Go field is
///   a pointer. Those decide how a decoded message becomes JSON: a non-pointer
///   field that holds its zero value is absent in JSON when it is `omitempty`,
///   a pointer field is present whenever it was sent.
///
/// A Go named slice type with a message of the same name (`type Verbs []string`)
/// is a list wrapper: JSON holds the bare array.
enum ProtobufTable {
    /// The apimachinery packages whose messages built-in types embed.
    static let apimachineryPackages = [
        "pkg/apis/meta/v1", "pkg/runtime", "pkg/api/resource", "pkg/util/intstr",
    ]

    struct Field {
        var number: Int
        var protoName: String
        /// `repeated`, `optional` or `map`.
        var label: String
        var type: String
        var mapKey: String?
        var jsonName: String
        var inline = false
        var omitEmpty = false
        var pointer = false
    }

    struct Message {
        var name: String
        var fields: [Field]
        var isList = false
    }

    static func run(api: String, apimachinery: String, output: String) throws -> Int {
        var packages: [(dir: String, groupVersion: String?)] = []
        let fm = FileManager.default
        for group in try fm.contentsOfDirectory(atPath: api).sorted() {
            let groupDir = "\(api)/\(group)"
            guard let versions = try? fm.contentsOfDirectory(atPath: groupDir) else { continue }
            for version in versions.sorted() where isStableVersion(version) {
                let dir = "\(groupDir)/\(version)"
                guard fm.fileExists(atPath: "\(dir)/generated.proto") else { continue }
                let groupName = try groupNameOf(dir)
                packages.append((dir, groupName.isEmpty ? version : "\(groupName)/\(version)"))
            }
        }
        for path in apimachineryPackages {
            packages.append(("\(apimachinery)/\(path)", nil))
        }

        var messages: [Message] = []
        var groupVersions: [(String, String)] = []
        for (dir, groupVersion) in packages {
            let proto = try String(contentsOfFile: "\(dir)/generated.proto", encoding: .utf8)
            let (package, parsed) = try parseProto(proto)
            let go = try goFacts(dir)
            for var message in parsed {
                let shortName = String(message.name.dropFirst(package.count + 1))
                if go.listTypes.contains(shortName) { message.isList = true }
                let tags = go.structs[shortName] ?? [:]
                for i in message.fields.indices {
                    guard let tag = tags[message.fields[i].protoName] ?? tags["#\(message.fields[i].number)"] else {
                        continue
                    }
                    message.fields[i].jsonName = tag.jsonName
                    message.fields[i].inline = tag.inline
                    message.fields[i].omitEmpty = tag.omitEmpty
                    message.fields[i].pointer = tag.pointer
                }
                messages.append(message)
            }
            if let groupVersion { groupVersions.append((groupVersion, package)) }
        }

        var document = JSONObject()
        var gvObject = JSONObject()
        for (gv, package) in groupVersions { gvObject[gv] = .string(package) }
        document["groupVersions"] = .object(gvObject)
        var messageObject = JSONObject()
        for message in messages.sorted(by: { $0.name < $1.name }) {
            var m = JSONObject()
            if message.isList { m["list"] = true }
            m["fields"] = .array(message.fields.sorted { $0.number < $1.number }.map(fieldJSON))
            messageObject[message.name] = .object(m)
        }
        document["messages"] = .object(messageObject)
        var bytes = JSONValue.object(document).serialized()
        bytes.append(UInt8(ascii: "\n"))
        try Data(bytes).write(to: URL(fileURLWithPath: output))
        return messages.count
    }

    private static func fieldJSON(_ f: Field) -> JSONValue {
        var o: JSONObject = ["n": .int(Int64(f.number)), "json": .string(f.jsonName), "type": .string(f.type)]
        if let key = f.mapKey { o["key"] = .string(key) }
        var flags = ""
        if f.label == "repeated" { flags += "r" }
        if f.label == "map" { flags += "m" }
        if f.inline { flags += "i" }
        if f.omitEmpty { flags += "o" }
        if f.pointer { flags += "p" }
        if !flags.isEmpty { o["flags"] = .string(flags) }
        return .object(o)
    }

    static func isStableVersion(_ version: String) -> Bool {
        guard version.hasPrefix("v"), version.count > 1 else { return false }
        return version.dropFirst().allSatisfy(\.isNumber)
    }

    /// The API group a package registers, from its `GroupName` constant.
    static func groupNameOf(_ dir: String) throws -> String {
        let register = try String(contentsOfFile: "\(dir)/register.go", encoding: .utf8)
        for line in register.split(separator: "\n") {
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("const GroupName") || t.hasPrefix("GroupName") else { continue }
            guard let open = t.firstIndex(of: "\""), let close = t.lastIndex(of: "\""), open < close else { continue }
            return String(t[t.index(after: open)..<close])
        }
        throw CodegenError(description: "\(dir)/register.go names no GroupName")
    }

    // MARK: generated.proto

    /// The package name and messages of one `generated.proto`. Field types
    /// are fully qualified without the leading dot; scalars stay as written.
    static func parseProto(_ text: String) throws -> (String, [Message]) {
        var package = ""
        var messages: [Message] = []
        var current: Message?
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("//") || line.isEmpty { continue }
            if line.hasPrefix("package ") {
                package = String(line.dropFirst("package ".count).dropLast())
            } else if line.hasPrefix("message ") {
                let name = line.dropFirst("message ".count).split(separator: " ").first.map(String.init) ?? ""
                current = Message(name: "\(package).\(name)", fields: [])
            } else if line == "}" {
                if let c = current { messages.append(c) }
                current = nil
            } else if current != nil, line.hasSuffix(";"), let field = parseField(line, package: package) {
                current!.fields.append(field)
            }
        }
        guard !package.isEmpty else { throw CodegenError(description: "a generated.proto without a package") }
        return (package, messages)
    }

    static let scalars: Set<String> = [
        "string", "bytes", "bool", "int32", "int64", "uint32", "uint64", "sint32", "sint64", "double", "float",
        "fixed32", "fixed64",
    ]

    private static func qualify(_ type: String, package: String) -> String {
        if scalars.contains(type) { return type }
        if type.hasPrefix(".") { return String(type.dropFirst()) }
        return "\(package).\(type)"
    }

    /// `optional string name = 1;`, `repeated Container containers = 2;`,
    /// `map<string, .pkg.Quantity> limits = 1;`
    private static func parseField(_ line: String, package: String) -> Field? {
        let body = line.dropLast().trimmingCharacters(in: .whitespaces)
        let sides = body.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
        guard sides.count == 2, let number = Int(sides[1]) else { return nil }
        let left = sides[0]
        if left.hasPrefix("map<") {
            guard let close = left.firstIndex(of: ">") else { return nil }
            let inner = left[left.index(left.startIndex, offsetBy: 4)..<close].split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            let name = left[left.index(after: close)...].trimmingCharacters(in: .whitespaces)
            guard inner.count == 2 else { return nil }
            return Field(
                number: number, protoName: name, label: "map", type: qualify(inner[1], package: package),
                mapKey: inner[0], jsonName: name)
        }
        let words = left.split(separator: " ").map(String.init)
        guard words.count == 3 else { return nil }
        return Field(
            number: number, protoName: words[2], label: words[0], type: qualify(words[1], package: package),
            jsonName: words[2])
    }

    // MARK: Go struct tags

    struct Tag {
        var jsonName: String
        var inline: Bool
        var omitEmpty: Bool
        var pointer: Bool
    }

    struct GoFacts {
        /// Struct name -> protobuf field name -> what its Go field says.
        var structs: [String: [String: Tag]] = [:]
        /// Named slice types (`type ExtraValue []string`).
        var listTypes: Set<String> = []
    }

    static func goFacts(_ dir: String) throws -> GoFacts {
        var facts = GoFacts()
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter {
            $0.hasSuffix(".go") && !$0.hasSuffix("_test.go") && !$0.hasPrefix("zz_generated")
                && $0 != "generated.pb.go" && !$0.contains("swagger_doc")
        }
        for file in files.sorted() {
            let text = try String(contentsOfFile: "\(dir)/\(file)", encoding: .utf8)
            var currentStruct: String?
            var depth = 0
            for rawLine in text.split(separator: "\n") {
                let line = rawLine.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("//") { continue }
                if currentStruct == nil {
                    let words = line.split(separator: " ").map(String.init)
                    if words.count >= 3, words[0] == "type" {
                        if words[2] == "struct" || words[2] == "struct{" {
                            currentStruct = words[1]
                            depth = line.filter { $0 == "{" }.count - line.filter { $0 == "}" }.count
                            if depth <= 0 { currentStruct = nil }
                        } else if words[2].hasPrefix("[]"), words[2] != "[]byte" {
                            facts.listTypes.insert(words[1])
                        }
                    }
                    continue
                }
                let withoutTag =
                    line.split(separator: "`", omittingEmptySubsequences: false).first.map(String.init) ?? ""
                depth += withoutTag.filter { $0 == "{" }.count - withoutTag.filter { $0 == "}" }.count
                if depth <= 0 {
                    currentStruct = nil
                    continue
                }
                if depth == 1, let tag = parseTag(line) {
                    facts.structs[currentStruct!, default: [:]][tag.protoName] = tag.tag
                }
            }
        }
        return facts
    }

    /// A struct field line: `Name *Type \`json:"name,omitempty" protobuf:"bytes,1,opt,name=name"\``,
    /// or an embedded one without the field name.
    private static func parseTag(_ line: String) -> (protoName: String, tag: Tag)? {
        let parts = line.split(separator: "`", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return nil }
        let declaration = parts[0].split(separator: " ", omittingEmptySubsequences: true)
        let tags = String(parts[1])
        guard let protobuf = tagValue(tags, "protobuf"), let json = tagValue(tags, "json") else { return nil }
        // The protobuf name, or `#NUMBER` for the rare tag without one.
        let options = protobuf.split(separator: ",")
        let protoName: String
        if let named = options.first(where: { $0.hasPrefix("name=") }) {
            protoName = String(named.dropFirst(5))
        } else if options.count > 1 {
            protoName = "#\(options[1])"
        } else {
            return nil
        }
        let goType = declaration.count >= 2 ? String(declaration[1]) : String(declaration.first ?? "")
        let jsonParts = json.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let name = jsonParts.first ?? ""
        return (
            protoName,
            Tag(
                jsonName: name, inline: name.isEmpty && jsonParts.contains("inline"),
                omitEmpty: jsonParts.contains("omitempty"), pointer: goType.hasPrefix("*"))
        )
    }

    private static func tagValue(_ tags: String, _ key: String) -> String? {
        guard let start = tags.range(of: "\(key):\"") else { return nil }
        let rest = tags[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}
