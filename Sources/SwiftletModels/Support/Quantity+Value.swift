import Foundation

extension Quantity {
    /// The exact amount, or nil when the string is not a quantity.
    ///
    /// Suffixes are upstream's: binary `Ki` to `Ei`, decimal `n` to `E`, or
    /// a decimal exponent (`2e3`).
    public var decimalValue: Decimal? {
        let text = string
        guard !text.isEmpty else { return nil }
        var numberEnd = text.startIndex
        for index in text.indices {
            let c = text[index]
            if c.isASCII, c.isNumber || c == "." || ((c == "+" || c == "-") && index == text.startIndex) {
                numberEnd = text.index(after: index)
            } else {
                break
            }
        }
        let numberPart = String(text[..<numberEnd])
        let suffix = String(text[numberEnd...])
        guard !numberPart.isEmpty, numberPart != "+", numberPart != "-",
            numberPart.filter({ $0 == "." }).count <= 1,
            let number = Decimal(string: numberPart, locale: Locale(identifier: "en_US_POSIX"))
        else { return nil }
        guard let multiplier = Self.multiplier(forSuffix: suffix) else { return nil }
        return number * multiplier
    }

    /// The amount rounded away from zero to a whole number, as upstream's `Value()`.
    public var value: Int64? {
        if let exact = wholeNumber(scale: 1) { return exact }
        return decimalValue.flatMap { Self.roundedUp($0) }
    }

    /// A thousand times the amount rounded up, as upstream's `MilliValue()`:
    /// `250m` is 250, `1` is 1000.
    public var milliValue: Int64? {
        if let exact = wholeNumber(scale: 1000) { return exact }
        return decimalValue.flatMap { Self.roundedUp($0 * 1000) }
    }

    /// The common case without decimal arithmetic: digits and an optional
    /// suffix whose value times `scale` is a whole number (`100m` at scale
    /// 1000, `500Mi`, `4`). Nil for anything else, which takes the exact path.
    private func wholeNumber(scale: Int64) -> Int64? {
        var number: Int64 = 0
        var digits = 0
        var suffixStart = string.utf8.endIndex
        for index in string.utf8.indices {
            let byte = string.utf8[index]
            guard byte >= 48, byte <= 57 else {
                suffixStart = index
                break
            }
            let (times10, overflow1) = number.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int64(byte - 48))
            if overflow1 || overflow2 { return nil }
            number = sum
            digits += 1
        }
        guard digits > 0 else { return nil }
        let multiplier: Int64
        let divisor: Int64
        switch string.utf8[suffixStart...].count {
        case 0:
            (multiplier, divisor) = (scale, 1)
        default:
            switch Substring(string.utf8[suffixStart...]) {
            case "Ki": (multiplier, divisor) = (scale << 10, 1)
            case "Mi": (multiplier, divisor) = (scale << 20, 1)
            case "Gi": (multiplier, divisor) = (scale << 30, 1)
            case "Ti": (multiplier, divisor) = (scale << 40, 1)
            case "k": (multiplier, divisor) = (scale * 1_000, 1)
            case "M": (multiplier, divisor) = (scale * 1_000_000, 1)
            case "G": (multiplier, divisor) = (scale * 1_000_000_000, 1)
            case "m": (multiplier, divisor) = (scale, 1_000)
            default: return nil
            }
        }
        let (product, overflow) = number.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { return nil }
        // Round up, as upstream does for whole values.
        return product / divisor + (product % divisor == 0 ? 0 : 1)
    }

    private static func multiplier(forSuffix suffix: String) -> Decimal? {
        func power(_ base: Decimal, _ exponent: Int) -> Decimal {
            var result: Decimal = 1
            for _ in 0..<exponent { result *= base }
            return result
        }
        switch suffix {
        case "": return 1
        case "Ki": return power(1024, 1)
        case "Mi": return power(1024, 2)
        case "Gi": return power(1024, 3)
        case "Ti": return power(1024, 4)
        case "Pi": return power(1024, 5)
        case "Ei": return power(1024, 6)
        case "n": return Decimal(sign: .plus, exponent: -9, significand: 1)
        case "u": return Decimal(sign: .plus, exponent: -6, significand: 1)
        case "m": return Decimal(sign: .plus, exponent: -3, significand: 1)
        case "k": return Decimal(sign: .plus, exponent: 3, significand: 1)
        case "M": return Decimal(sign: .plus, exponent: 6, significand: 1)
        case "G": return Decimal(sign: .plus, exponent: 9, significand: 1)
        case "T": return Decimal(sign: .plus, exponent: 12, significand: 1)
        case "P": return Decimal(sign: .plus, exponent: 15, significand: 1)
        case "E": return Decimal(sign: .plus, exponent: 18, significand: 1)
        default:
            guard let first = suffix.first, first == "e" || first == "E",
                let exponent = Int(suffix.dropFirst()), abs(exponent) <= 30
            else { return nil }
            return Decimal(sign: .plus, exponent: exponent, significand: 1)
        }
    }

    private static func roundedUp(_ value: Decimal) -> Int64? {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, 0, .up)
        if value < 0 {
            // Upstream rounds away from zero; `.up` goes toward +inf.
            NSDecimalRound(&rounded, &input, 0, .down)
        }
        guard rounded <= Decimal(Int64.max), rounded >= Decimal(Int64.min) else { return nil }
        return NSDecimalNumber(decimal: rounded).int64Value
    }
}
