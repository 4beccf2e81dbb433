// GVE — Directory
// The module's one error type: an LDAP result code, a message and the matched DN (RFC 4511 §4.1.9).
public import LDAPCore

/// A directory operation that failed. The code is what an LDAP server puts in its LDAPResult; the
/// message names the entry and attribute concerned.
public struct DirectoryError: Error, Sendable, CustomStringConvertible {
    public var code: LDAPResultCode
    public var message: String
    /// For noSuchObject: the deepest existing ancestor of the DN asked for.
    public var matchedDN: DistinguishedName?
    /// In a failed batch, the position of the change that failed.
    public internal(set) var changeIndex: Int?

    public init(code: LDAPResultCode, message: String, matchedDN: DistinguishedName? = nil) {
        self.code = code
        self.message = message
        self.matchedDN = matchedDN
    }

    public var description: String { "\(code): \(message)" }
}
