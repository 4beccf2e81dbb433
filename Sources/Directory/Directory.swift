// GVE — Directory
// The directory engine: an in-memory DIT searched from immutable snapshots, written through a
// write-ahead log. No sockets; the LDAP server calls it.
public import LDAPCore
public import LDAPSchema
import Synchronization

/// An in-memory directory information tree with indexes, three-valued filter evaluation,
/// schema checking and optional persistence.
///
/// Readers take the current snapshot (a value) under a lock held only to copy it, then search
/// without locks; writers are serialized among themselves and publish a new snapshot atomically,
/// so readers never block writers and always see a consistent state.
public final class Directory: Sendable {
    public let schema: Schema
    public let configuration: DirectoryConfiguration
    let builder: EntryBuilder
    let current: Mutex<DirectoryState>
    /// Serializes writers; holds the persistence handle.
    let writer: Mutex<Persistence?>
    let subschemaTimestamp: String
    /// DN index keys of the configured suffixes.
    let suffixKeys: [String]
    /// Subscribers to committed changes (see ``subscribeChanges(bufferLimit:)``).
    let changeFeed = ChangeFeed()

    /// Creates a directory, loading the last state from `configuration.dataDirectory` when set.
    /// - Throws: ``DirectoryError`` (code `other`) when the data directory cannot be read or written.
    public init(schema: Schema, configuration: DirectoryConfiguration = DirectoryConfiguration()) throws(DirectoryError) {
        self.schema = schema
        self.configuration = configuration
        builder = EntryBuilder(schema: schema)
        suffixKeys = configuration.suffixes.map(\.key)
        subschemaTimestamp = GeneralizedTime.string(epochSeconds: configuration.clock())
        var state = DirectoryState(attributeCount: schema.attributeTypes.count)
        var persistence: Persistence?
        if let dir = configuration.dataDirectory {
            let b = builder
            let context = Persistence.SnapshotContext(schemaDigest: b.schemaDigest, attributeTypeCount: schema.attributeTypes.count)
            persistence = try Persistence.open(directory: dir, snapshotAfterLogBytes: configuration.limits.snapshotAfterLogBytes, context: context,
                                               load: { e, same in state.insert(e, sameSchema: same, builder: b) },
                                               replay: { m in state.apply(m, builder: b) })
            state.finishBatch()
            releaseFreeMemory()
        }
        current = Mutex(state)
        writer = Mutex(persistence)
        _ = keepWorkingHeap
    }

    /// The naming contexts (suffixes) this directory holds.
    public var namingContexts: [DistinguishedName] { configuration.suffixes }

    /// The number of entries.
    public var count: Int { snapshot().count }

    /// The subschema subentry (`cn=Subschema`) rendered from the schema.
    public func subschemaEntry() -> LDAPEntry { schema.subschemaEntry(timestamp: subschemaTimestamp) }

    func snapshot() -> DirectoryState { current.withLock { $0 } }

    // MARK: Search

    /// Searches the tree (RFC 4511 §4.5.1).
    /// - Parameter q: base, scope, filter, attribute selection, size limit and deadline.
    /// - Returns: the matching entries projected, with `success`, `sizeLimitExceeded` or `timeLimitExceeded`.
    /// - Throws: ``DirectoryError`` `noSuchObject` (with the matched DN) when the base does not exist.
    public func search(_ q: SearchQuery) throws(DirectoryError) -> SearchResults {
        let m = try matches(q)
        var out: [LDAPEntry] = []
        out.reserveCapacity(m.entries.count)
        for e in m.entries {
            let hasChildren = m.projection.operational.contains("hasSubordinates") && !m.state.childIDs(e.id).isEmpty
            out.append(m.projection.project(e, hasChildren: hasChildren, schema: schema))
        }
        return SearchResults(entries: out, code: m.code)
    }

    /// Searches like ``search(_:)`` but returns the results ready to be sent: each entry is
    /// encoded as an RFC 4511 SearchResultEntry when asked, copying the stored BER of its
    /// attributes instead of building values.
    /// - Parameter q: base, scope, filter, attribute selection, size limit and deadline.
    /// - Returns: the matching entries and `success`, `sizeLimitExceeded` or `timeLimitExceeded`.
    /// - Throws: ``DirectoryError`` `noSuchObject` (with the matched DN) when the base does not exist.
    public func searchEncoded(_ q: SearchQuery) throws(DirectoryError) -> EncodedSearchResults {
        let m = try matches(q)
        return EncodedSearchResults(entries: m.entries, code: m.code, projection: m.projection, state: m.state, schema: schema)
    }

    /// The entries a search returns, in order, with the resolved projection.
    func matches(_ q: SearchQuery) throws(DirectoryError)
        -> (entries: [StoredEntry], code: LDAPResultCode, projection: Projection, state: DirectoryState) {
        if q.filter.depth > configuration.limits.maxFilterDepth {
            throw DirectoryError(code: .unwillingToPerform, message: "filter nested deeper than \(configuration.limits.maxFilterDepth)")
        }
        let state = snapshot()
        let filter = FilterCompiler(schema: schema, revealsPasswords: q.revealsPasswords).compile(q.filter)
        let evaluator = FilterEvaluator(schema: schema)
        let projection = Projection(q.attributes, typesOnly: q.typesOnly, revealsPasswords: q.revealsPasswords, schema: schema)
        var sizeLimit = q.sizeLimit
        if configuration.limits.maxSearchResults > 0 && (sizeLimit == 0 || sizeLimit > configuration.limits.maxSearchResults) {
            sizeLimit = configuration.limits.maxSearchResults
        }

        if q.base == Schema.subschemaDN {
            guard q.scope == .baseObject || q.scope == .wholeSubtree else { return ([], .success, projection, state) }
            let sub = builder.stored(EntryRecord(dn: Schema.subschemaDN, attributes: subschemaEntry().attributes,
                                                 metadata: EntryMetadata(createTimestamp: subschemaTimestamp, modifyTimestamp: subschemaTimestamp, entryUUID: "")),
                                     id: 0, parent: nil)
            guard evaluator.evaluate(filter, sub) == .isTrue else { return ([], .success, projection, state) }
            // Not in the tree: it has no children (id 0 is another entry's).
            return ([sub], .success, projection, DirectoryState(attributeCount: 0))
        }

        // Scope: the ids the search may return, as a test on candidates or a list.
        var baseID: EntryID?
        if !q.base.isRoot {
            guard let id = state.id(ofNormalizedDN: q.base.key) else {
                throw DirectoryError(code: .noSuchObject, message: "no such object: \(q.base)", matchedDN: matchedDN(q.base, in: state))
            }
            baseID = id
        }
        let candidates = CandidateSelector(state: state).candidates(filter)
        var ids: [EntryID]
        switch (q.scope, candidates) {
        case (.baseObject, _):
            ids = baseID.map { [$0] } ?? []
        case (.singleLevel, .all):
            ids = baseID.map { state.childIDs($0) } ?? suffixIDs(state)
        case (.singleLevel, .some(let c)):
            ids = c.filter { id in state.entry(id)?.parent == baseID && (baseID != nil || isSuffix(id, state)) }
        case (.wholeSubtree, .all):
            ids = baseID.map { subtree($0, state) } ?? suffixIDs(state).flatMap { subtree($0, state) }.sorted()
        case (.wholeSubtree, .some(let c)):
            if let baseID {
                // When the base is the tree's only top entry, every entry lies below it.
                let onlyRoot = state.rootCount == 1 && state.entry(baseID)?.parent == nil
                ids = onlyRoot ? c : c.filter { isInSubtree($0, of: baseID, state) }
            } else {
                ids = c
            }
        }

        var out: [StoredEntry] = []
        var code = LDAPResultCode.success
        for (n, id) in ids.enumerated() {
            if n & 255 == 0, let deadline = q.deadline, ContinuousClock.now >= deadline {
                code = .timeLimitExceeded
                break
            }
            guard let e = state.entry(id), evaluator.evaluate(filter, e) == .isTrue else { continue }
            if sizeLimit > 0 && out.count >= sizeLimit {
                code = .sizeLimitExceeded
                break
            }
            out.append(e)
        }
        return (out, code, projection, state)
    }

    func suffixIDs(_ state: DirectoryState) -> [EntryID] {
        suffixKeys.compactMap { state.id(ofNormalizedDN: $0) }
    }

    func isSuffix(_ id: EntryID, _ state: DirectoryState) -> Bool { suffixIDs(state).contains(id) }

    /// The base and all its descendants, in id order.
    func subtree(_ root: EntryID, _ state: DirectoryState) -> [EntryID] {
        var out: [EntryID] = [root]
        var stack = [root]
        while let id = stack.popLast() {
            let kids = state.childIDs(id)
            out.append(contentsOf: kids)
            stack.append(contentsOf: kids)
        }
        out.sort()
        return out
    }

    func isInSubtree(_ id: EntryID, of base: EntryID, _ state: DirectoryState) -> Bool {
        var cur: EntryID? = id
        while let c = cur {
            if c == base { return true }
            cur = state.entry(c)?.parent
        }
        return false
    }

    func matchedDN(_ dn: DistinguishedName, in state: DirectoryState) -> DistinguishedName? {
        var cur = dn.parent
        while let c = cur, !c.isRoot {
            if state.id(ofNormalizedDN: c.key) != nil { return c }
            cur = c.parent
        }
        return nil
    }

    /// Reads one entry with all user attributes, or nil.
    public func entry(_ dn: DistinguishedName) -> LDAPEntry? {
        let state = snapshot()
        return state.id(ofNormalizedDN: dn.key).flatMap { state.entry($0)?.userEntry(schema: schema) }
    }
}
