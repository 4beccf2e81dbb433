// GVE — Agent: where the Agent's GLUE subtree goes.
import LDAPCore

/// Writes the Agent's GLUE entries to a registry (the InfoProvider over LDAP, once wired).
///
/// `publish` replaces the subtree rooted at `under` (the Agent's host entry, inclusive) with `entries`: entries
/// below it that are no longer listed are removed. Entries outside the subtree (other hosts) are never touched.
public protocol RegistryPublisher: Sendable {
    /// - Throws: whatever the registry reports; the Agent keeps working and republishes later.
    func publish(_ entries: [LDAPEntry], under: DistinguishedName) async throws
}
