// GVE — Agent: a RegistryPublisher over the InfoProvider's LDAP client.
import Aggregation
import Foundation
import InfoProvider
import LDAPCore

/// Publishes an Agent's subtree with LDAP writes over one bound connection kept open between publishes.
///
/// The publisher remembers what it last published under each root and diffs the next publish against that:
/// entries no longer published are deleted (deepest first), new ones added, and existing ones get the minimal
/// modifications (``EntryDiff``), so one VM changing state costs one modify and unchanged data costs nothing.
/// The subtree is read back from the registry only when the remembered view may be wrong: on the first publish,
/// after a (re)connect, after ``invalidateCache()``, and when a write fails with `noSuchObject`,
/// `entryAlreadyExists` or `notAllowedOnNonLeaf` (someone changed the subtree behind the publisher's back; the
/// publish is then redone once from the registry's actual content).
///
/// A broken connection is dropped and the publish is retried once on a fresh connection (the registry may
/// have restarted or closed an idle connection); if that fails too the error is thrown and the caller retries
/// later (``AgentPublisher`` does, with backoff). Publishes are serialized.
public actor LDAPRegistryPublisher: RegistryPublisher {
    public nonisolated let url: String
    public nonisolated let bindDN: DistinguishedName
    nonisolated let password: String

    /// The open, bound connection.
    private var client: LDAPClient?
    /// What the registry holds under each root, as far as this publisher knows.
    private var published: [DistinguishedName: [DistinguishedName: LDAPEntry]] = [:]
    /// Publishes run one at a time (the actor is reentrant across awaits).
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init(url: String, bindDN: DistinguishedName, password: String) {
        self.url = url
        self.bindDN = bindDN
        self.password = password
    }

    /// Replaces the subtree rooted at `root` (inclusive) with `entries`.
    /// - Throws: ``AgentError`` ``AgentError/Code/registryError``: "unreachable" when no connection could be
    ///   made, "refused the update" with the server's answer otherwise.
    public func publish(_ entries: [LDAPEntry], under root: DistinguishedName) async throws {
        await acquire()
        defer { release() }
        var retried = false
        while true {
            do {
                try await publishOnce(entries, under: root)
                return
            } catch {
                published[root] = nil  // perhaps partly written: the registry's content is unknown now
                if let unreachable = error as? Unreachable {
                    throw AgentError(.registryError, "registry \(url) unreachable: \(unreachable.error)")
                }
                let ldap = error as? LDAPClientError
                let connectionLost = ldap.map { $0.code != .result } ?? true
                if connectionLost { await disconnect() }
                let cacheMayBeStale = ldap?.resultCode.map { Self.staleViewCodes.contains($0) } ?? false
                guard !retried, connectionLost || cacheMayBeStale else {
                    throw AgentError(.registryError, "registry \(url) refused the update: \(error)")
                }
                retried = true
            }
        }
    }

    /// Forgets what was published, so the next publish reads the subtrees back from the registry.
    public func invalidateCache() async {
        published = [:]
    }

    /// Unbinds and closes the connection (a later publish opens a new one).
    public func close() async {
        if let client { try? await client.unbind() }
        client = nil
        published = [:]
    }

    /// Write failures that mean the remembered view of the subtree is wrong.
    static let staleViewCodes: Set<LDAPResultCode> = [.noSuchObject, .entryAlreadyExists, .notAllowedOnNonLeaf]

    /// No connection could be made (not retried within a publish).
    private struct Unreachable: Error {
        var error: LDAPClientError
    }

    private func publishOnce(_ entries: [LDAPEntry], under root: DistinguishedName) async throws {
        let client = try await connection()
        let existing: [DistinguishedName: LDAPEntry]
        if let known = published[root] { existing = known } else { existing = try await Self.read(root, from: client) }
        let wanted = Dictionary(entries.map { ($0.dn, $0) }, uniquingKeysWith: { _, last in last })
        for dn in existing.keys.filter({ wanted[$0] == nil }).sorted(by: { $0.rdns.count > $1.rdns.count }) {
            try await client.delete(dn)
        }
        for entry in entries.sorted(by: { $0.dn.rdns.count < $1.dn.rdns.count }) {
            guard let old = existing[entry.dn] else {
                try await client.add(entry)
                continue
            }
            let changes = EntryDiff.modifications(from: old, to: entry)
            if !changes.isEmpty { try await client.modify(entry.dn, changes) }
        }
        published[root] = wanted
    }

    /// The entries of the subtree at `root` as the registry holds them (none when `root` does not exist).
    private static func read(_ root: DistinguishedName, from client: LDAPClient) async throws -> [DistinguishedName: LDAPEntry] {
        let found: [LDAPEntry]
        do {
            found = try await client.search(base: root, scope: .wholeSubtree).entries
        } catch {
            if error.resultCode == .noSuchObject { return [:] }
            throw error
        }
        return Dictionary(found.map { ($0.dn, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The open connection, or a new bound one (forgetting every remembered subtree: the registry may have
    /// restarted empty).
    private func connection() async throws -> LDAPClient {
        if let client, client.channel.isActive { return client }
        await disconnect()
        let fresh: LDAPClient
        do { fresh = try await LDAPClient.connect(url: url) } catch { throw Unreachable(error: error) }
        do { try await fresh.simpleBind(dn: bindDN, password: password) } catch {
            await fresh.close()
            throw error
        }
        client = fresh
        return fresh
    }

    private func disconnect() async {
        if let client { await client.close() }
        client = nil
        published = [:]
    }

    private func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation(isolation: self) { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }
}
