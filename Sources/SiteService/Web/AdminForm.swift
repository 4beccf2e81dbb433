// GVE — SiteService
// application/x-www-form-urlencoded bodies (HTML 5 §4.10.21.7 "URL-encoded form data").

import Foundation

/// A decoded form: the last value of each field name wins.
struct AdminForm: Sendable {
    var fields: [String: String] = [:]

    /// Decodes a form body.
    /// - Throws: SiteError `.invalidRequest` naming the broken pair when a percent escape is malformed.
    init(urlEncoded text: String) throws {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else {
                throw SiteError.invalid("form", "malformed percent-encoding in '\(pair.prefix(64))'")
            }
            fields[name] = value
        }
    }

    static func decode(_ s: Substring) -> String? {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    subscript(_ name: String) -> String? { fields[name] }

    /// A required, non-empty field (surrounding spaces removed).
    func required(_ name: String) throws -> String {
        guard let v = fields[name]?.trimmingCharacters(in: .whitespaces), !v.isEmpty else {
            throw SiteError.invalid(name, "is required")
        }
        return v
    }

    /// An optional whole number ≥ 0; empty means nil (unlimited).
    func optionalCount(_ name: String) throws -> Int? {
        guard let v = fields[name]?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
        guard let n = Int(v), n >= 0 else { throw SiteError.invalid(name, "must be a whole number ≥ 0, got '\(v.prefix(32))'") }
        return n
    }

    /// A required whole number ≥ 0.
    func requiredCount(_ name: String) throws -> Int {
        guard let n = try optionalCount(name) else { throw SiteError.invalid(name, "is required") }
        return n
    }

    /// A required `true` or `false`.
    func flag(_ name: String) throws -> Bool {
        switch fields[name] {
        case "true": return true
        case "false": return false
        default: throw SiteError.invalid(name, "must be true or false")
        }
    }
}
