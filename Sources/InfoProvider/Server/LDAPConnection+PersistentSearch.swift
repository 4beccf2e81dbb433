// GVE — InfoProvider
// Persistent search (draft-ietf-ldapext-psearch-03): a search that stays open after its initial results
// and returns every later change to an entry it selects, with the Entry Change Notification control when
// asked. It ends when the client abandons it (no response, RFC 4511 §4.11), when the session ends, when
// the client falls more than `persistentSearchBacklog` changes behind (SearchResultDone
// adminLimitExceeded), or on server shutdown (SearchResultDone unavailable).

import Directory
import LDAPCore
import LDAPProtocol
import NIOCore

extension LDAPConnection {
    func persistentSearch(_ message: LDAPMessage, _ request: SearchRequest, base: DistinguishedName,
                          control: LDAPControl, _ writer: ResponseWriter) async throws {
        let id = message.messageID
        func done(_ result: LDAPResult) async throws {
            if isAbandoned(id) { return }
            try await writer.send(LDAPMessage(messageID: id, .searchResultDone(SearchResultDone(result))))
        }
        // Subscribed before the next request of the session was read (see registerPersistentSearch).
        guard let subscription = state.withLock({ $0.persistent[id] }) else {
            return try await done(LDAPResult(.unavailableCriticalExtension, diagnosticMessage: "this directory has no change feed"))
        }
        defer {
            subscription.cancel()
            _ = state.withLock { $0.persistent.removeValue(forKey: id) }
        }
        let ps: PersistentSearchControl
        do { ps = try PersistentSearchControl(control) } catch {
            return try await done(LDAPResult(.protocolError, diagnosticMessage: "malformed persistent search control: \(error.message)"))
        }
        if message.controls.contains(where: { $0.type == LDAPOID.pagedResults }) {
            return try await done(LDAPResult(.unwillingToPerform, diagnosticMessage: "a persistent search cannot be paged"))
        }
        let query = SearchQuery(base: base, scope: request.scope, filter: request.filter, attributes: request.attributes,
                                typesOnly: request.typesOnly, revealsPasswords: sessionIsRoot)

        // The initial results (or, with changesOnly, only a check that the base exists).
        let limits = configuration.limits
        let sizeLimit = request.sizeLimit == 0 ? limits.sizeLimitCap : min(request.sizeLimit, limits.sizeLimitCap)
        var initial = query
        if ps.changesOnly {
            initial.scope = .baseObject
            initial.attributes = ["1.1"]
        }
        initial.sizeLimit = sizeLimit
        let results: SearchResults
        do { results = try backend.search(initial) } catch {
            return try await done(LDAPResult(error.code, matchedDN: error.matchedDN.map { LDAPDN($0) } ?? "", diagnosticMessage: error.message))
        }
        if !ps.changesOnly {
            if results.code != .success { return try await done(LDAPResult(results.code)) }
            var buffer = writer.makeBuffer()
            for entry in results.entries {
                SearchResultEntry.serializeMessage(messageID: id, entry: entry, typesOnly: request.typesOnly, into: &buffer)
                if buffer.readableBytes >= writer.batchSize {
                    try await writer.outbound.write(buffer)
                    buffer = writer.makeBuffer()
                }
            }
            if buffer.readableBytes > 0 { try await writer.outbound.write(buffer) }
        }

        // The changes, as they are committed.
        do {
            for try await event in subscription.events {
                if isAbandoned(id) { return }
                guard let type = EntryChangeNotificationControl.ChangeType(rawValue: event.kind.rawValue), ps.wants(type),
                      let entry = backend.visibleEntry(event, for: query) else { continue }
                var controls: [LDAPControl] = []
                if ps.returnECs {
                    controls = [EntryChangeNotificationControl(changeType: type, previousDN: event.previousDN.map { LDAPDN($0) },
                                                               changeNumber: Int(truncatingIfNeeded: event.sequence)).control()]
                }
                let pdu = SearchResultEntry(objectName: LDAPDN(entry.dn), attributes: entry.attributes)
                try await writer.send(LDAPMessage(messageID: id, .searchResultEntry(pdu), controls: controls))
            }
        } catch let overflow as DirectoryChangeFeedOverflow {
            logger.debug("persistent search overflow", metadata: ["messageID": "\(id)"])
            return try await done(LDAPResult(.adminLimitExceeded, diagnosticMessage: "persistent search ended: \(overflow)"))
        }
        if isAbandoned(id) { return }
        if state.withLock({ $0.shuttingDown }) {
            try await done(LDAPResult(.unavailable, diagnosticMessage: "the server is shutting down"))
        }
    }

    /// Subscribes a persistent search to the directory's changes while the session's requests are
    /// read, before the next request is read: a client that sends a persistent search (changesOnly) and
    /// then an ordinary search on the same connection misses no change between the two. A change
    /// committed between subscribing and the initial read may be returned twice, as the draft allows.
    func registerPersistentSearch(_ id: Int) {
        guard let subscription = backend.changeSubscription(bufferLimit: configuration.limits.persistentSearchBacklog) else { return }
        state.withLock { $0.persistent[id] = subscription }
    }

    /// Ends every persistent search of the session (its input ended: the client left or the server
    /// is shutting down), so the session's task group can finish.
    func endPersistentSearches() {
        let open = state.withLock { Array($0.persistent.values) }
        for subscription in open { subscription.cancel() }
    }
}
