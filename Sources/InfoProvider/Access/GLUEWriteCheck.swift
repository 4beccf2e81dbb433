// GVE — InfoProvider
// GLUE 2 validation of what clients write: the validator's per-entry errors refuse the write with an LDAP
// result code; warnings (expired Validity, placeholders, future CreationTime) never do.

public import Directory
public import Foundation
import GLUEModel
public import LDAPCore

/// Turns ``GLUEValidator`` findings on one written entry into a refusal.
///
/// | Finding | Refuses? | LDAP result |
/// |---|---|---|
/// | `E-MISSING-MANDATORY` | yes | objectClassViolation (65) |
/// | `E-INVALID-TYPE` | yes | invalidAttributeSyntax (21) |
/// | `E-INVALID-TIMESTAMP` | yes | invalidAttributeSyntax (21) |
/// | `E-INVALID-ENUM` | yes | constraintViolation (19) |
/// | other `E-` codes | yes | constraintViolation (19) |
/// | `W-EXPIRED`, `W-FUTURE-CREATION-TIME`, `W-PLACEHOLDER` | no | — |
///
/// `W-DANGLING-FOREIGN-KEY` is a cross-entry rule and is not run on single writes (a publisher may write
/// the entries it links in any order, and may point at entries another publisher owns).
public struct GLUEWriteCheck: Sendable {
    let validator = GLUEValidator()

    public init() {}

    /// The result code a refusing finding gets.
    static func resultCode(for code: GLUEFinding.Code) -> LDAPResultCode {
        switch code {
        case .missingMandatory: .objectClassViolation
        case .invalidType, .invalidTimestamp: .invalidAttributeSyntax
        default: .constraintViolation
        }
    }

    /// The refusal for `entry`, or nil when it has no GLUE errors.
    /// - Parameters:
    ///   - entry: The entry as it would be stored.
    ///   - now: The time warnings are judged against (they never refuse).
    /// - Returns: A ``DirectoryError`` with the first error's result code and every error's attribute and message.
    public func refusal(_ entry: LDAPEntry, now: Date = Date()) -> DirectoryError? {
        var session = validator.session(now: now)
        let errors = session.check(entry).filter { $0.severity == .error }
        guard let first = errors.first else { return nil }
        let details = errors.map { f in "\(f.attribute.map { "\($0): " } ?? "")\(f.message) (\(f.code))" }
        return DirectoryError(code: Self.resultCode(for: first.code),
                              message: "\(entry.dn): GLUE 2 validation failed: " + details.joined(separator: "; "))
    }
}
