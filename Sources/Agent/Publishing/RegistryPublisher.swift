// GVE — Agent: where the Agent's GLUE subtree goes.
import LDAPCore

/// Writes the Agent's GLUE entries to a registry (the InfoProvider over LDAP, once wired).
///
/// `publish` replaces the subtree rooted at `under` (the Agent's host entry, inclusive) with `entries`: entries
/// below it that are no longer listed are removed. Entries outside the subtree (other hosts) are never touched.
public protocol RegistryPublisher: Sendable {
    /// - Throws: whatever the registry reports; the Agent keeps working and republishes later.
    func publish(_ entries: [LDAPEntry], under: DistinguishedName) async throws

    /// Forgets any remembered view of the registry, so the next publish checks what the registry really holds
    /// (the periodic refresh calls it). Default: nothing to forget.
    func invalidateCache() async

    /// Releases the connection, if the publisher keeps one. Default: nothing to release.
    func close() async
}

extension RegistryPublisher {
    public func invalidateCache() async {}
    public func close() async {}
}
