/// A small seeded generator so the damage fuzz tests do is the same in
/// every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }

    /// The bytes with one random kind of damage: a bit flipped, a byte
    /// replaced, a cut, an insertion, or a stretch repeated.
    mutating func damage(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        guard !out.isEmpty else { return [UInt8(truncatingIfNeeded: next())] }
        let at = below(out.count)
        switch below(5) {
        case 0: out[at] ^= UInt8(1 << below(8))
        case 1: out[at] = Self.interesting[below(Self.interesting.count)]
        case 2: out.removeSubrange(at..<min(out.count, at + 1 + below(8)))
        case 3: out.insert(Self.interesting[below(Self.interesting.count)], at: at)
        default:
            let end = min(out.count, at + 1 + below(16))
            out.insert(contentsOf: out[at..<end], at: at)
        }
        return out
    }

    /// Bytes that matter to the formats under test.
    static let interesting: [UInt8] = Array(#"{}[]",:-0.9e+E\"/~$!=()&|tnf "#.utf8) + [0x00, 0xff, 0xc3, 0x80]
}
