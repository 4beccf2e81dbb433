// GVE — InfoProvider
// Search (RFC 4511 §4.5): the root DSE, the subschema subentry, directory searches with size and time limits
// under the server's caps, and the paged results control (RFC 2696).

import Directory
import LDAPCore
import LDAPProtocol
import NIOCore

extension LDAPConnection {
    func search(_ message: LDAPMessage, _ request: SearchRequest, _ writer: ResponseWriter) async throws {
        let id = message.messageID
        func done(_ result: LDAPResult, controls: [LDAPControl] = []) async throws {
            if isAbandoned(id) { return }
            try await writer.send(LDAPMessage(messageID: id, .searchResultDone(SearchResultDone(result)), controls: controls))
        }
        let base: DistinguishedName
        do { base = try request.baseObject.distinguishedName() } catch {
            return try await done(LDAPResult(.invalidDNSyntax, diagnosticMessage: "\(error)"))
        }
        // Synthesized entries: the root DSE and the subschema subentry.
        if request.scope == .baseObject && (base.isRoot || base == RootDSE.subschemaDN) {
            let entry: LDAPEntry
            let operational: Set<String>
            if base.isRoot {
                // Publish the suffixes that hold data (all of them while the directory is empty), as BDII does.
                let held = backend.namingContexts.filter { suffix in
                    ((try? backend.search(SearchQuery(base: suffix, scope: .baseObject, attributes: ["1.1"])))?.entries.isEmpty == false)
                }
                entry = RootDSE.entry(namingContexts: held.isEmpty ? backend.namingContexts : held, startTLS: tlsContext != nil,
                                       persistentSearch: backend.supportsChangeFeed)
                operational = RootDSE.operational
            } else {
                entry = backend.subschemaEntry()
                operational = RootDSE.subschemaOperational
            }
            var buffer = writer.makeBuffer()
            if AttributeSelection.matches(request.filter, entry) {
                let projected = AttributeSelection.project(entry, request.attributes, operational: operational)
                SearchResultEntry.serializeMessage(messageID: id, entry: projected, typesOnly: request.typesOnly, into: &buffer)
            }
            LDAPMessage(messageID: id, .searchResultDone(SearchResultDone(.success))).serialize(into: &buffer)
            return try await writer.outbound.write(buffer)
        }

        if let c = message.controls.first(where: { $0.type == LDAPOID.persistentSearch }) {
            return try await persistentSearch(message, request, base: base, control: c, writer)
        }
        let limits = configuration.limits
        let paged: PagedResultsControl?
        if let c = message.controls.first(where: { $0.type == LDAPOID.pagedResults }) {
            do { paged = try PagedResultsControl(c) } catch {
                return try await done(LDAPResult(.protocolError, diagnosticMessage: "malformed paged results control: \(error.message)"))
            }
        } else {
            paged = nil
        }

        // Continue or cancel a paged search.
        if let paged, !paged.cookie.isEmpty {
            guard paged.cookie.count == 8 else {
                return try await done(LDAPResult(.unwillingToPerform, diagnosticMessage: "unknown paged results cookie"))
            }
            let key = paged.cookie.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let found = state.withLock { $0.paged.removeValue(forKey: key) }
            guard let found else {
                return try await done(LDAPResult(.unwillingToPerform, diagnosticMessage: "unknown paged results cookie"))
            }
            if paged.size == 0 {
                return try await done(.success, controls: [PagedResultsControl(size: 0).control()])
            }
            return try await sendPage(id, found, pageSize: paged.size, writer)
        }

        let sizeLimit = request.sizeLimit == 0 ? limits.sizeLimitCap : min(request.sizeLimit, limits.sizeLimitCap)
        let seconds = request.timeLimit == 0 ? limits.timeLimitCapSeconds : min(request.timeLimit, limits.timeLimitCapSeconds)
        let query = SearchQuery(base: base, scope: request.scope, filter: request.filter, attributes: request.attributes,
                                       typesOnly: request.typesOnly, sizeLimit: sizeLimit,
                                       deadline: seconds > 0 ? .now + .seconds(seconds) : nil, revealsPasswords: sessionIsRoot)
        if paged == nil {
            // An engine that stores entries encoded (the Directory) sends them as the BER it kept at write time.
            let encoded: EncodedSearchResults?
            do { encoded = try backend.encodedSearch(query) } catch {
                return try await done(LDAPResult(error.code, matchedDN: error.matchedDN.map { LDAPDN($0) } ?? "", diagnosticMessage: error.message))
            }
            if let encoded { return try await sendEncoded(id, encoded, writer) }
        }
        let results: SearchResults
        do { results = try backend.search(query) } catch {
            return try await done(LDAPResult(error.code, matchedDN: error.matchedDN.map { LDAPDN($0) } ?? "", diagnosticMessage: error.message))
        }
        if let paged, paged.size > 0 {
            let search = PagedSearch(entries: results.entries, offset: 0, code: results.code, typesOnly: request.typesOnly)
            return try await sendPage(id, search, pageSize: paged.size, writer)
        }
        try await sendEntries(id, results.entries[...], typesOnly: request.typesOnly, writer, final: LDAPResult(results.code), controls: paged == nil ? [] : [PagedResultsControl(size: 0).control()])
    }

    private func sendPage(_ id: Int, _ search: PagedSearch, pageSize: Int, _ writer: ResponseWriter) async throws {
        let end = min(search.offset + pageSize, search.entries.count)
        let page = search.entries[search.offset..<end]
        var cookie: [UInt8] = []
        if end < search.entries.count {
            var next = search
            next.offset = end
            let stored: UInt64? = state.withLock { s in
                guard s.paged.count < configuration.limits.maxPagedSearchesPerConnection else { return nil }
                let key = s.nextCookie
                s.nextCookie += 1
                s.paged[key] = next
                return key
            }
            guard let stored else {
                return try await writer.send(LDAPMessage(messageID: id, .searchResultDone(SearchResultDone(LDAPResult(.adminLimitExceeded,
                    diagnosticMessage: "more than \(configuration.limits.maxPagedSearchesPerConnection) paged searches open")))))
            }
            cookie = (0..<8).map { UInt8(truncatingIfNeeded: stored >> (8 * (7 - $0))) }
        }
        // The size/time limit outcome is reported with the last page.
        let code: LDAPResultCode = cookie.isEmpty ? search.code : .success
        try await sendEntries(id, page, typesOnly: search.typesOnly, writer, final: LDAPResult(code),
                              controls: [PagedResultsControl(size: search.entries.count, cookie: cookie).control()])
    }

    /// Copies pre-encoded entries into batches of about `writeBatchSize` bytes, one flush per batch.
    private func sendEncoded(_ id: Int, _ results: EncodedSearchResults, _ writer: ResponseWriter) async throws {
        var buffer = writer.makeBuffer()
        var scratch: [UInt8] = []
        scratch.reserveCapacity(4096)
        for i in 0..<results.count {
            results.writeMessage(i, messageID: id, scratch: &scratch) { buffer.writeBytes($0) }
            if buffer.readableBytes >= writer.batchSize {
                try await writer.outbound.write(buffer)
                if isAbandoned(id) { return }
                buffer = writer.makeBuffer()
            }
        }
        if isAbandoned(id) { return }
        LDAPMessage(messageID: id, .searchResultDone(SearchResultDone(LDAPResult(results.code)))).serialize(into: &buffer)
        try await writer.outbound.write(buffer)
    }

    /// Encodes entries into batches of about `writeBatchSize` bytes and writes each batch with one flush.
    private func sendEntries(_ id: Int, _ entries: ArraySlice<LDAPEntry>, typesOnly: Bool, _ writer: ResponseWriter,
                             final: LDAPResult, controls: [LDAPControl]) async throws {
        var buffer = writer.makeBuffer()
        for entry in entries {
            SearchResultEntry.serializeMessage(messageID: id, entry: entry, typesOnly: typesOnly, into: &buffer)
            if buffer.readableBytes >= writer.batchSize {
                try await writer.outbound.write(buffer)
                if isAbandoned(id) { return }
                buffer = writer.makeBuffer()
            }
        }
        if isAbandoned(id) { return }
        LDAPMessage(messageID: id, .searchResultDone(SearchResultDone(final)), controls: controls).serialize(into: &buffer)
        try await writer.outbound.write(buffer)
    }
}
