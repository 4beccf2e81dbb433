// GVE — SiteService
// Lease rules: lifetime bounds, extension, warning.
import Foundation

/// The answer to a lease extension.
public enum LeaseDecision: Sendable, Hashable {
    case extended(newEnd: Date)
    case refused(reason: String)
}

/// Lease rules, parameterised by the site settings.
public enum LeasePolicy {
    /// The lifetime to grant: the request's, or the default; refused above the maximum.
    /// - Returns: seconds, or a SiteError naming `lifetime`.
    public static func lifetime(requested: Int?, settings: SiteSettings) -> Result<Int, SiteError> {
        let value = requested ?? settings.defaultLifetime
        if value <= 0 { return .failure(.invalid("lifetime", "must be positive, got \(value) s")) }
        if value > settings.maximumLifetime {
            return .failure(.invalid("lifetime", "\(value) s exceeds the maximum lease of \(settings.maximumLifetime) s"))
        }
        return .success(value)
    }

    /// Extends a lease by `seconds`, within the maximum lifetime counted from the VM's creation.
    public static func extend(created: Date, currentEnd: Date, by seconds: Int, now: Date, settings: SiteSettings) -> LeaseDecision {
        if seconds <= 0 { return .refused(reason: "extension must be positive") }
        if currentEnd <= now { return .refused(reason: "lease already ended") }
        let newEnd = currentEnd.addingTimeInterval(TimeInterval(seconds))
        let cap = created.addingTimeInterval(TimeInterval(settings.maximumLifetime))
        if newEnd > cap {
            return .refused(reason: "new end \(Int(newEnd.timeIntervalSince(created))) s after creation exceeds the maximum lease of \(settings.maximumLifetime) s")
        }
        return .extended(newEnd: newEnd)
    }

    /// Whether `now` is within the warning time before `end`.
    public static func warning(end: Date, now: Date, settings: SiteSettings) -> Bool {
        now >= end.addingTimeInterval(-TimeInterval(settings.warningTime))
    }

    /// Parses a lifetime: whole seconds, or an xs:duration such as `PT2H30M` or `P1DT12H` (no years or months).
    /// - Returns: seconds, or nil when the text is neither.
    public static func parseLifetime(_ text: String) -> Int? {
        if let seconds = Int(text) { return seconds }
        var s = Substring(text)
        guard s.first == "P" else { return nil }
        s = s.dropFirst()
        var total = 0.0
        var inTime = false
        var number = ""
        var sawComponent = false
        for ch in s {
            if ch == "T" { inTime = true; continue }
            if ch.isNumber || ch == "." { number.append(ch); continue }
            guard let value = Double(number) else { return nil }
            number = ""
            sawComponent = true
            switch (ch, inTime) {
            case ("W", false): total += value * 7 * 86400
            case ("D", false): total += value * 86400
            case ("H", true): total += value * 3600
            case ("M", true): total += value * 60
            case ("S", true): total += value
            default: return nil
            }
        }
        guard number.isEmpty, sawComponent else { return nil }
        return Int(total.rounded())
    }
}
