/// A label or field selector that could not be parsed, validated or applied.
///
/// The message follows the wording the upstream API server puts in its
/// BadRequest status, so clients that match on it keep working.
public struct SelectorError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Upstream builds its messages with Go's formatting verbs; these helpers
/// reproduce the few renderings the selector messages depend on.
enum GoFormat {
    /// A string as Go's `%q` prints it (one implementation: `GoSyntax.quote`).
    static func quote(_ s: String) -> String {
        GoSyntax.quote(s)
    }

    static func stringSlice(_ values: [String]) -> String {
        if values.isEmpty { return "[]string(nil)" }
        return "[]string{" + values.map(quote).joined(separator: ", ") + "}"
    }
}

/// Go orders strings by their bytes; Swift's `<` on `String` does not
/// promise that, and selector output order must match upstream.
@inline(__always)
func byteOrderLess(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}
