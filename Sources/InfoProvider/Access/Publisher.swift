// GVE — InfoProvider
// A publisher: an identity that binds with a hashed password and may write only under its subtrees.

import Foundation
public import LDAPCore

/// An account allowed to write: its bind DN, its password stored hashed, and the subtrees it may write
/// (each subtree's base entry included). Everything outside is refused with `insufficientAccessRights`.
public struct Publisher: Sendable, Hashable {
    public var dn: DistinguishedName
    public var password: PasswordHash
    public var subtrees: [DistinguishedName]

    public init(dn: DistinguishedName, password: PasswordHash, subtrees: [DistinguishedName]) {
        self.dn = dn
        self.password = password
        self.subtrees = subtrees
    }

    /// Whether `target` equals or lies below one of the subtrees.
    public func mayWrite(_ target: DistinguishedName) -> Bool {
        subtrees.contains { target.isDescendant(of: $0) }
    }

    /// Reads a publishers file: one publisher and subtree per line, `DN  HASH  SUBTREE`, where HASH is a
    /// `{SCHEME}` hash (``PasswordHash``) and separates the two DNs (which may contain spaces). A publisher
    /// with several subtrees takes one line per subtree, with the same hash. `#` starts a comment line.
    ///
    /// ```
    /// # publisher DN                          password hash             subtree it may write
    /// cn=agent-1,ou=publishers,o=gve          {SSHA512}3q2+7w...       GLUE2ResourceID=urn:gve:host:h1,GLUE2GroupID=resource,o=glue
    /// ```
    /// - Throws: ``AccessConfigurationError`` `invalidPublisher` or `invalidHash` with the line number.
    public static func parseFile(_ text: String) throws(AccessConfigurationError) -> [Publisher] {
        var out: [Publisher] = []
        var index: [DistinguishedName: Int] = [:]
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = n + 1
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let hashToken = tokens.first(where: { $0.hasPrefix("{") && $0.contains("}") }),
                  let hashRange = line.range(of: hashToken) else {
                throw AccessConfigurationError(.invalidPublisher, "expected `DN  {SCHEME}hash  SUBTREE`, found no {SCHEME}hash", line: lineNumber)
            }
            let dnText = line[..<hashRange.lowerBound].trimmingCharacters(in: .whitespaces)
            let subtreeText = line[hashRange.upperBound...].trimmingCharacters(in: .whitespaces)
            guard !dnText.isEmpty, !subtreeText.isEmpty else {
                throw AccessConfigurationError(.invalidPublisher, "expected `DN  {SCHEME}hash  SUBTREE`, the \(dnText.isEmpty ? "DN" : "subtree") is missing", line: lineNumber)
            }
            let dn: DistinguishedName, subtree: DistinguishedName
            do { dn = try DistinguishedName(dnText) } catch {
                throw AccessConfigurationError(.invalidPublisher, "publisher DN: \(error)", line: lineNumber)
            }
            do { subtree = try DistinguishedName(subtreeText) } catch {
                throw AccessConfigurationError(.invalidPublisher, "subtree: \(error)", line: lineNumber)
            }
            guard !dn.isRoot else { throw AccessConfigurationError(.invalidPublisher, "the publisher DN is empty", line: lineNumber) }
            guard !subtree.isRoot else {
                throw AccessConfigurationError(.invalidPublisher, "the subtree may not be the root DSE (use the root DN to write anywhere)", line: lineNumber)
            }
            let hash: PasswordHash
            do { hash = try PasswordHash(String(hashToken)) } catch {
                throw AccessConfigurationError(error.code, error.message, line: lineNumber)
            }
            if let i = index[dn] {
                guard out[i].password == hash else {
                    throw AccessConfigurationError(.invalidPublisher, "publisher \(dn) is declared again with a different hash", line: lineNumber)
                }
                if !out[i].subtrees.contains(subtree) { out[i].subtrees.append(subtree) }
            } else {
                index[dn] = out.count
                out.append(Publisher(dn: dn, password: hash, subtrees: [subtree]))
            }
        }
        return out
    }

    /// One publishers-file line per subtree, in the form ``parseFile(_:)`` reads.
    public var fileLines: [String] { subtrees.map { "\(dn)  \(password)  \($0)" } }
}
