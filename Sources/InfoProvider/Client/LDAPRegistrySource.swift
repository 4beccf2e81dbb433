// GVE — InfoProvider
// The aggregation's client for remote registries (ours, BDII, slapd): a full read for polling, and,
// when the peer lists the persistent search control in its root DSE, a feed of its changes.

public import Aggregation
import Foundation
import LDAPCore
import LDAPProtocol

/// Reads and follows remote registries for an ``Aggregator`` (`GVE_SOURCE_URLS`).
public struct LDAPRegistrySource: PushingRemoteSource {
    /// Entries per page of a full read.
    public var pageSize: Int
    /// How often a followed peer is sent a root DSE read, so that idle timeouts (ours: 300 s) do not
    /// close a quiet feed.
    public var keepAlive: Duration

    public init(pageSize: Int = 5000, keepAlive: Duration = .seconds(60)) {
        self.pageSize = pageSize
        self.keepAlive = keepAlive
    }

    /// The search base of an `ldap://host:port/base` URL (`o=glue` when the URL has no path).
    public static func base(of url: String) throws -> DistinguishedName {
        var base = "o=glue"
        if let slash = url.dropFirst("ldap://".count).firstIndex(of: "/") {
            let path = url[url.index(after: slash)...]
            if !path.isEmpty { base = String(path.split(separator: "?").first ?? "o=glue").removingPercentEncoding ?? "o=glue" }
        }
        return try DistinguishedName(base)
    }

    public func fetch(url: String, timeout: Duration, sizeLimit: Int) async throws -> [LDAPEntry] {
        let client = try await LDAPClient.connect(url: url)
        do {
            let entries = try await read(client, base: try Self.base(of: url), timeout: timeout, sizeLimit: sizeLimit)
            await client.close()
            return entries
        } catch {
            await client.close()
            throw error
        }
    }

    private func read(_ client: LDAPClient, base: DistinguishedName, timeout: Duration, sizeLimit: Int) async throws -> [LDAPEntry] {
        try await client.search(base: base, scope: .wholeSubtree, sizeLimit: sizeLimit,
                                timeLimit: max(1, Int(timeout.components.seconds)), pageSize: pageSize).entries
    }

    /// Follows the peer when its root DSE lists the persistent search control: opens a persistent search
    /// (changesOnly, with change notifications) and then reads everything on the same connection. A GVE
    /// registry subscribes a persistent search before reading the next request, so no change falls
    /// between the two; a change seen twice is applied twice, harmlessly (each carries the full entry).
    public func follow(url: String, timeout: Duration, sizeLimit: Int) async throws -> AsyncThrowingStream<RemoteChange, any Error>? {
        let base = try Self.base(of: url)
        let client = try await LDAPClient.connect(url: url)
        let search: LDAPPersistentSearch
        let snapshot: [LDAPEntry]
        do {
            guard try await client.supportsControl(LDAPOID.persistentSearch) else {
                await client.close()
                return nil
            }
            search = try await client.persistentSearch(base: base, control: PersistentSearchControl(changesOnly: true, returnECs: true))
            snapshot = try await read(client, base: base, timeout: timeout, sizeLimit: sizeLimit)
        } catch {
            await client.close()
            throw error
        }
        let keepAlive = self.keepAlive
        return AsyncThrowingStream { out in
            out.yield(.snapshot(snapshot))
            let task = Task {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        while !Task.isCancelled {
                            do { try await Task.sleep(for: keepAlive) } catch { return }
                            _ = try? await client.supportsControl(LDAPOID.persistentSearch)
                        }
                    }
                    group.addTask {
                        do {
                            for try await message in search.messages {
                                switch message {
                                case .entry(let entry, let notification):
                                    switch notification?.changeType {
                                    case .delete: out.yield(.delete(entry.dn))
                                    case .modifyDN:
                                        if let previous = try? notification?.previousDN?.distinguishedName() {
                                            out.yield(.rename(from: previous, to: entry))
                                        } else {
                                            out.yield(.upsert(entry))
                                        }
                                    default: out.yield(.upsert(entry))
                                    }
                                case .done(let result):
                                    throw LDAPClientError(result: result)
                                }
                            }
                            out.finish()
                        } catch {
                            out.finish(throwing: error)
                        }
                    }
                    await group.next()
                    group.cancelAll()
                }
                await client.close()
            }
            out.onTermination = { _ in task.cancel() }
        }
    }
}
