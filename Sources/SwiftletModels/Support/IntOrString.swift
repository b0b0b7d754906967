import SwiftletAPI

/// A field that holds an integer or a string (`intstr.IntOrString`), such as
/// a port number or name, or a count or percentage (`maxSurge: 25%`).
public enum IntOrString: Sendable, Hashable, Codable, JSONRepresentable, CustomStringConvertible,
    ExpressibleByIntegerLiteral, ExpressibleByStringLiteral
{
    case int(Int)
    case string(String)

    public init(integerLiteral value: Int) { self = .int(value) }
    public init(stringLiteral value: String) { self = .string(value) }

    public var intValue: Int? {
        if case .int(let value) = self { return value }
        return nil
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var description: String {
        switch self {
        case .int(let value): return String(value)
        case .string(let value): return value
        }
    }

    /// The value against `total`: an integer as it is, a percentage such as
    /// `25%` as that share of `total` rounded up or down (upstream's
    /// `GetScaledValueFromIntOrPercent`). Nil for any other string.
    public func scaledValue(total: Int, roundUp: Bool) -> Int? {
        switch self {
        case .int(let value):
            return value
        case .string(let text):
            guard text.hasSuffix("%"), let percent = Int(text.dropLast()) else { return nil }
            let product = percent * total
            if roundUp && product % 100 != 0 && product > 0 { return product / 100 + 1 }
            return product / 100
        }
    }

    // MARK: JSON

    public init?(fromJSON json: JSONValue) {
        switch json {
        case .string(let value): self = .string(value)
        case .int(let value):
            guard let value = Int(exactly: value) else { return nil }
            self = .int(value)
        case .double:
            guard let value = json.intValue.flatMap({ Int(exactly: $0) }) else { return nil }
            self = .int(value)
        default: return nil
        }
    }

    public var jsonValue: JSONValue {
        switch self {
        case .int(let value): return .int(Int64(value))
        case .string(let value): return .string(value)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        }
    }
}
