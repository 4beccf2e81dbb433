// GVE — Agent: where the Agent's GLUE subtree goes.
import LDAPCore

/// Writes the Agent's GLUE entries to a registry (the InfoProvider over LDAP, once wired).
///
/// `publish` replaces the whole subtree under `under` with `entries`: entries no longer listed are removed.
public protocol RegistryPublisher: Sendable {
    /// - Throws: whatever the registry reports; the Agent keeps working and republishes later.
    func publish(_ entries: [LDAPEntry], under: DistinguishedName) async throws
}
