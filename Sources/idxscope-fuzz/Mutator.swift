import IdxScopeCore

/// Byte-level mutations of seed inputs: flips, inserts, deletions, duplicated and repeated
/// slices (deep nesting), splices of two seeds, and tokens the parser under test cares about.
struct Mutator {
    let seeds: [[UInt8]]
    let tokens: [[UInt8]]
    /// Inputs are cut at this size so a run of a million stays a matter of minutes.
    let maximumLength: Int

    init(seeds: [String], tokens: [String], maximumLength: Int = 32 * 1024) {
        self.seeds = seeds.map { Array($0.utf8) }
        self.tokens = tokens.map { Array($0.utf8) }
        self.maximumLength = maximumLength
    }

    func input(using generator: inout SeededGenerator) -> [UInt8] {
        var bytes = seeds.randomElement(using: &generator) ?? []
        let rounds = Int.random(in: 1...8, using: &generator)
        for _ in 0..<rounds { mutate(&bytes, using: &generator) }
        if bytes.count > maximumLength { bytes.removeLast(bytes.count - maximumLength) }
        return bytes
    }

    private func mutate(_ bytes: inout [UInt8], using generator: inout SeededGenerator) {
        let position = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &generator)
        switch Int.random(in: 0..<10, using: &generator) {
        case 0 where !bytes.isEmpty:  // flip a bit
            let index = min(position, bytes.count - 1)
            bytes[index] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &generator)
        case 1:  // a random byte (control characters and invalid UTF-8 included)
            bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
        case 2 where !bytes.isEmpty:  // delete a slice
            let end = min(bytes.count, position + Int.random(in: 1...16, using: &generator))
            bytes.removeSubrange(min(position, end)..<end)
        case 3, 4:  // a token the parser knows
            bytes.insert(contentsOf: tokens.randomElement(using: &generator) ?? [], at: position)
        case 5 where !bytes.isEmpty:  // duplicate a slice
            let start = Int.random(in: 0..<bytes.count, using: &generator)
            let end = min(bytes.count, start + Int.random(in: 1...64, using: &generator))
            bytes.insert(contentsOf: bytes[start..<end], at: position)
        case 6:  // one token repeated: nesting, long runs
            let token = tokens.randomElement(using: &generator) ?? [UInt8(ascii: "(")]
            let count = Int.random(in: 2...(Int.random(in: 0..<20, using: &generator) == 0 ? 5_000 : 64), using: &generator)
            bytes.insert(contentsOf: Array(repeating: token, count: count).joined(), at: position)
        case 7:  // splice in part of another seed
            let other = seeds.randomElement(using: &generator) ?? []
            guard !other.isEmpty else { return }
            let start = Int.random(in: 0..<other.count, using: &generator)
            bytes.insert(contentsOf: other[start...], at: position)
        case 8 where !bytes.isEmpty:  // truncate
            bytes.removeSubrange(min(position, bytes.count)...)
        default:  // an interesting number or boundary byte
            let values = ["0", "-1", "1e999", "-0.0", "9223372036854775808", "NaN", "\u{0}", "\u{FFFD}", "\\", "\n"]
            bytes.insert(contentsOf: Array((values.randomElement(using: &generator) ?? "").utf8), at: position)
        }
    }
}
