// GVE — Broker
// Human quantities on the command line: memory and disk sizes (`2G`, `512M`), lifetimes (`2h`, `90m`).

/// A command-line quantity that could not be read; names the field and says what is accepted.
public struct QuantityError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var value: String
    public var expected: String
    public var description: String { "\(field): cannot read \"\(value)\"; expected \(expected)" }
}

public enum Quantities {
    /// Parses a size into MiB: a number with an optional unit `M`/`MB`/`MiB`, `G`/`GB`/`GiB`, `T`/`TB`/`TiB`
    /// (binary units; a bare number is MiB).
    public static func mebibytes(_ text: String, field: String) throws(QuantityError) -> Int {
        try scaled(text, field: field, units: ["": 1, "m": 1, "mb": 1, "mib": 1, "g": 1024, "gb": 1024, "gib": 1024,
                                                "t": 1_048_576, "tb": 1_048_576, "tib": 1_048_576],
                   expected: "a size like 512M, 2G or 1T")
    }

    /// Parses a size into GiB (a bare number is GiB).
    public static func gibibytes(_ text: String, field: String) throws(QuantityError) -> Int {
        try scaled(text, field: field, units: ["": 1, "g": 1, "gb": 1, "gib": 1, "t": 1024, "tb": 1024, "tib": 1024],
                   expected: "a size like 10G or 1T")
    }

    /// Parses a duration into seconds: `90s`, `30m`, `2h`, `7d`, `1h30m`, or a bare number of seconds.
    public static func seconds(_ text: String, field: String) throws(QuantityError) -> Int {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800]
        let fail = QuantityError(field: field, value: text, expected: "a duration like 90m, 2h, 1h30m or 7d")
        let s = text.lowercased().filter { $0 != " " }
        if let n = Int(s), n > 0 { return n }
        var total = 0, number = ""
        for c in s {
            if c.isNumber { number.append(c); continue }
            guard let u = units[c], let n = Int(number) else { throw fail }
            total += n * u
            number = ""
        }
        guard number.isEmpty, total > 0 else { throw fail }
        return total
    }

    static func scaled(_ text: String, field: String, units: [String: Int], expected: String) throws(QuantityError) -> Int {
        let s = text.lowercased().filter { $0 != " " }
        let digits = s.prefix { $0.isNumber || $0 == "." }
        let unit = String(s.dropFirst(digits.count))
        guard let n = Double(digits), n > 0, let scale = units[unit] else {
            throw QuantityError(field: field, value: text, expected: expected)
        }
        let value = n * Double(scale)
        guard value >= 1, value < 1e15 else { throw QuantityError(field: field, value: text, expected: expected) }
        return Int(value.rounded())
    }
}
