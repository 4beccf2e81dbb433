// GVE — GLUEModel
// A small deterministic random number generator (SplitMix64, Steele/Lea/Flood 2014): the same seed
// gives the same sequence on every platform and Swift version, unlike SystemRandomNumberGenerator.

/// SplitMix64. Deterministic; not for cryptography.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound` (bound > 0), by rejection so results are unbiased and portable.
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        let b = UInt64(bound)
        let limit = UInt64.max - UInt64.max % b
        while true {
            let v = next()
            if v < limit { return Int(v % b) }
        }
    }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    mutating func between(_ low: Int, _ high: Int) -> Int { low + below(high - low + 1) }
}
