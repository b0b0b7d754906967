import SwiftletAPI

/// A resource amount in Kubernetes quantity notation (`500m`, `128Mi`,
/// `1.5`, `2e3`), kept as the string it was written as.
///
/// Equality compares the strings, so `1Gi` and `1024Mi` differ.
public struct Quantity: Sendable, Hashable, Codable, JSONRepresentable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The quantity as written, e.g. `250m`.
    public var string: String

    public init(_ string: String) { self.string = string }
    public init(stringLiteral value: String) { self.string = value }

    public var description: String { string }

    // MARK: JSON

    /// A string, or a bare JSON number (which upstream accepts too).
    public init?(fromJSON json: JSONValue) {
        switch json {
        case .string(let value): string = value
        case .int(let value): string = String(value)
        case .double(let value): string = String(value)
        default: return nil
        }
    }

    /// Always a JSON string, as upstream writes quantities.
    public var jsonValue: JSONValue { .string(string) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(String.self) {
            string = value
        } else if let value = try? container.decode(Int64.self) {
            string = String(value)
        } else {
            string = String(try container.decode(Double.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(string)
    }
}
