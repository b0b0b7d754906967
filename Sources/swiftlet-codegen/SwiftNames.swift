// Swift spellings of schema names: identifiers, namespaces, doc comments.

import Foundation

enum SwiftNames {
    /// Words that must be escaped with backticks to name a property.
    static let keywords: Set<String> = [
        "Any", "Protocol", "Self", "Type", "as", "associatedtype", "async", "await", "break", "case", "catch",
        "class", "continue", "default", "defer", "deinit", "do", "else", "enum", "extension", "fallthrough",
        "false", "fileprivate", "for", "func", "guard", "if", "import", "in", "init", "inout", "internal", "is",
        "let", "nil", "open", "operator", "precedencegroup", "private", "protocol", "public", "repeat",
        "rethrows", "return", "self", "static", "struct", "subscript", "super", "switch", "throw", "throws",
        "true", "try", "typealias", "var", "where", "while",
    ]

    /// The property name for a JSON member name: `$ref` -> `ref`,
    /// `x-kubernetes-list-type` -> `xKubernetesListType`, `default` ->
    /// `` `default` ``.
    static func propertyName(_ jsonName: String) -> String {
        let words = jsonName.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.map(String.init)
        guard var name = words.first else { return "_" }
        for word in words.dropFirst() {
            name += word.prefix(1).uppercased() + word.dropFirst()
        }
        if name.first?.isNumber == true { name = "_" + name }
        return keywords.contains(name) ? "`\(name)`" : name
    }

    /// The namespace enum for a definition package: `io.k8s.api.apps.v1` ->
    /// `AppsV1`, `io.k8s.apimachinery.pkg.apis.meta.v1` -> `MetaV1`.
    static func namespace(forPackage package: String) -> String {
        let parts = package.split(separator: ".")
        guard parts.count >= 2 else { return capitalized(package) }
        return capitalized(String(parts[parts.count - 2])) + capitalized(String(parts[parts.count - 1]))
    }

    static func capitalized(_ word: String) -> String {
        word.prefix(1).uppercased() + word.dropFirst()
    }

    /// A Swift string literal for `text`.
    static func stringLiteral(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

enum DocComments {
    /// The first sentence of a schema description (of its first paragraph
    /// if no sentence ends there), on one line. Empty for no description.
    static func summary(_ description: String) -> String {
        let paragraph = description.components(separatedBy: "\n\n").first ?? description
        let words = paragraph.split(whereSeparator: \.isWhitespace)
        var sentence: [Substring] = []
        for (index, word) in words.enumerated() {
            // Some descriptions run on without a full stop into the next
            // sentence; these openers start one.
            let next = index + 1 < words.count ? words[index + 1] : ""
            let opensSentence = (word == "More" && next == "info:") || (word == "Note" && next == "that")
            if opensSentence && !sentence.isEmpty { break }
            sentence.append(word)
            if endsSentence(word) { break }
        }
        return sentence.joined(separator: " ")
    }

    /// Whether a word ends a sentence: a final `.`, `!` or `?`, also before
    /// closing quotes or brackets, but not in abbreviations such as `e.g.`.
    private static func endsSentence(_ word: Substring) -> Bool {
        var core = word
        while let last = core.last, "\"')]`".contains(last) { core = core.dropLast() }
        guard let last = core.last, ".!?".contains(last) else { return false }
        let lower = core.lowercased()
        return !["e.g.", "i.e.", "etc.", "vs.", "approx."].contains { lower.hasSuffix($0) }
    }

    /// `///` lines for `text`, wrapped to fit `width` columns after `indent`.
    static func lines(_ text: String, indent: String, width: Int = 119) -> [String] {
        guard !text.isEmpty else { return [] }
        let prefix = indent + "/// "
        let room = max(40, width - prefix.count)
        var result: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > room {
                result.append(prefix + line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty { result.append(prefix + line) }
        return result
    }
}
