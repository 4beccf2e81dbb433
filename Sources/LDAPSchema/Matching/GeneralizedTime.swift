// GVE — LDAPSchema
// GeneralizedTime (RFC 4517 §3.3.13): validation and normalization to UTC.

/// GeneralizedTime helpers.
public enum GeneralizedTime {
    /// Normalizes to `YYYYMMDDHHMMSS[.fraction]Z` in UTC (trailing fraction zeros removed);
    /// nil when the value is not a GeneralizedTime.
    public static func normalize(_ value: [UInt8]) -> [UInt8]? {
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= value.count else { return nil }
            var v = 0
            for k in 0..<n {
                let b = value[i + k]
                guard b >= 0x30 && b <= 0x39 else { return nil }
                v = v * 10 + Int(b - 0x30)
            }
            i += n
            return v
        }
        guard let year = digits(4), let month = digits(2), let day = digits(2), let hour = digits(2) else { return nil }
        var minute = 0, second = 0
        if i < value.count, value[i] >= 0x30, value[i] <= 0x39 {
            guard let m = digits(2) else { return nil }
            minute = m
            if i < value.count, value[i] >= 0x30, value[i] <= 0x39 {
                guard let s = digits(2) else { return nil }
                second = s
            }
        }
        guard (1...12).contains(month), (1...31).contains(day), hour <= 23, minute <= 59, second <= 60 else { return nil }
        var fraction: [UInt8] = []
        if i < value.count, value[i] == UInt8(ascii: ".") || value[i] == UInt8(ascii: ",") {
            i += 1
            while i < value.count, value[i] >= 0x30, value[i] <= 0x39 { fraction.append(value[i]); i += 1 }
            guard !fraction.isEmpty else { return nil }
            while fraction.last == 0x30 { fraction.removeLast() }
        }
        guard i < value.count else { return nil }
        var offsetMinutes = 0
        if value[i] == UInt8(ascii: "Z") {
            i += 1
        } else if value[i] == UInt8(ascii: "+") || value[i] == UInt8(ascii: "-") {
            let sign = value[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let oh = digits(2), oh <= 23 else { return nil }
            var om = 0
            if i < value.count { guard let m = digits(2), m <= 59 else { return nil }; om = m }
            offsetMinutes = sign * (oh * 60 + om)
        } else {
            return nil
        }
        guard i == value.count else { return nil }
        var y = year, mo = month, d = day, h = hour, mi = minute
        if offsetMinutes != 0 {
            let total = daysFromCivil(year, month, day) * 1440 + hour * 60 + minute - offsetMinutes
            let days = Int((Double(total) / 1440).rounded(.down))
            let rem = total - days * 1440
            (y, mo, d) = civilFromDays(days)
            h = rem / 60
            mi = rem % 60
        }
        var out = Array(pad(y, 4) + pad(mo, 2) + pad(d, 2) + pad(h, 2) + pad(mi, 2) + pad(second, 2)).map { $0.asciiValue! }
        if !fraction.isEmpty { out.append(UInt8(ascii: ".")); out.append(contentsOf: fraction) }
        out.append(UInt8(ascii: "Z"))
        return out
    }

    /// Renders seconds since the Unix epoch as `YYYYMMDDHHMMSSZ`.
    public static func string(epochSeconds: Int64) -> String {
        let days = Int((Double(epochSeconds) / 86400).rounded(.down))
        let rem = Int(epochSeconds) - days * 86400
        let (y, m, d) = civilFromDays(days)
        return pad(y, 4) + pad(m, 2) + pad(d, 2) + pad(rem / 3600, 2) + pad(rem % 3600 / 60, 2) + pad(rem % 60, 2) + "Z"
    }

    static func pad(_ v: Int, _ n: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, n - s.count)) + s
    }

    // Howard Hinnant's civil-date algorithms (public-domain arithmetic facts).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
