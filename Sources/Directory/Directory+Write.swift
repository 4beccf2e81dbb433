// GVE — Directory
// Add, Modify, Delete, ModifyDN and Compare (RFC 4511 §4.6–4.10), and atomic batches.
public import LDAPCore
import LDAPSchema

extension Directory {
    /// Adds an entry (RFC 4511 §4.7). The parent must exist unless the entry is a suffix.
    /// - Throws: ``DirectoryError``: entryAlreadyExists, noSuchObject (parent missing), a schema
    ///   violation's code (17, 19, 20, 21, 64, 65), or constraintViolation for NO-USER-MODIFICATION attributes.
    public func add(_ e: LDAPEntry) throws(DirectoryError) { try apply([.add(e)]) }

    /// Modifies an entry (RFC 4511 §4.6, RFC 4525 increment). A modify that changes nothing leaves
    /// modifyTimestamp alone.
    /// - Throws: ``DirectoryError``: noSuchObject, noSuchAttribute, attributeOrValueExists,
    ///   notAllowedOnRDN, constraintViolation, or a schema violation's code.
    public func modify(_ dn: DistinguishedName, _ changes: [LDAPModification]) throws(DirectoryError) {
        try apply([.modify(dn, changes)])
    }

    /// Deletes a leaf entry (RFC 4511 §4.8).
    /// - Throws: ``DirectoryError``: noSuchObject or notAllowedOnNonLeaf.
    public func delete(_ dn: DistinguishedName) throws(DirectoryError) { try apply([.delete(dn)]) }

    /// Renames or moves an entry and its subtree (RFC 4511 §4.9).
    /// - Throws: ``DirectoryError``: noSuchObject, entryAlreadyExists, unwillingToPerform (move below itself), schema violations.
    public func modifyDN(_ dn: DistinguishedName, newRDN: RelativeDistinguishedName, deleteOldRDN: Bool,
                         newSuperior: DistinguishedName?) throws(DirectoryError) {
        try apply([.modifyDN(dn, newRDN: newRDN, deleteOldRDN: deleteOldRDN, newSuperior: newSuperior)])
    }

    /// Compares an attribute value (RFC 4511 §4.10) using the attribute's equality rule. Any attribute may
    /// be compared, `userPassword` too: the server decides who may (``isWithheld(attribute:)``).
    /// - Returns: true for compareTrue, false for compareFalse.
    /// - Throws: ``DirectoryError``: noSuchObject, undefinedAttributeType, inappropriateMatching,
    ///   invalidAttributeSyntax, noSuchAttribute.
    public func compare(_ dn: DistinguishedName, attribute: String, value: [UInt8]) throws(DirectoryError) -> Bool {
        let state = snapshot()
        guard let id = state.id(ofNormalizedDN: dn.key), let e = state.entry(id) else {
            throw DirectoryError(code: .noSuchObject, message: "no such object: \(dn)", matchedDN: matchedDN(dn, in: state))
        }
        guard let at = schema.attributeType(named: attribute) else {
            throw DirectoryError(code: .undefinedAttributeType, message: "\(dn): attribute type '\(attribute)' undefined")
        }
        guard let eq = at.equality else {
            throw DirectoryError(code: .inappropriateMatching, message: "\(dn): attribute '\(attribute)' has no equality matching rule")
        }
        guard let key = schema.normalize(value, kind: eq.kind) else {
            throw DirectoryError(code: .invalidAttributeSyntax, message: "\(dn): assertion value invalid for '\(attribute)'")
        }
        let sel = FilterCompiler(schema: schema, revealsPasswords: true).selector(attribute)!.0
        let attrs = e.attributes.filter { sel.matches($0, e, schema) }
        guard !attrs.isEmpty else {
            throw DirectoryError(code: .noSuchAttribute, message: "\(dn): no attribute '\(attribute)'")
        }
        return attrs.contains { e.hasKey($0, key) }
    }

    /// Applies several changes atomically: all are validated in order (each sees the previous
    /// ones), then logged as one write-ahead record and published as one new snapshot. If any
    /// change fails, none is applied.
    /// - Throws: the first change's ``DirectoryError``, its message prefixed with the change's position.
    public func apply(_ changes: [DirectoryChange]) throws(DirectoryError) {
        try write(changes, trusted: false)
    }

    /// The write path. `trusted` (loading dumps) accepts operational attributes as given; `entryCheck`
    /// (see ``apply(_:entryCheck:)``) judges each entry a change writes, after the schema check.
    func write(_ changes: [DirectoryChange], trusted: Bool, entryCheck: EntryCheck? = nil) throws(DirectoryError) {
        guard !changes.isEmpty else { return }
        let result: Result<Void, DirectoryError> = writer.withLock { persistence in
            do throws(DirectoryError) {
                let now = GeneralizedTime.string(epochSeconds: configuration.clock())
                let mutations: [StateMutation]
                var work: DirectoryState?
                let feeding = changeFeed.isActive
                var events: [(DirectoryChangeEvent.Kind, EntryRecord, DistinguishedName?)] = []
                if changes.count == 1 {
                    // Validate against the snapshot, then apply in place (no copy when no reader holds it).
                    mutations = try validate(changes[0], state: snapshot(), now: now, trusted: trusted)
                    if feeding { events = changeEvents(mutations, before: snapshot()) }
                } else {
                    var w = snapshot()
                    var all: [StateMutation] = []
                    for (i, c) in changes.enumerated() {
                        do throws(DirectoryError) {
                            let m = try validate(c, state: w, now: now, trusted: trusted)
                            if feeding { events += changeEvents(m, before: w) }
                            w.apply(m, builder: builder)
                            all += m
                        } catch {
                            var e = DirectoryError(code: error.code, message: "change #\(i + 1): \(error.message)", matchedDN: error.matchedDN)
                            e.changeIndex = i
                            throw e
                        }
                    }
                    mutations = all
                    work = w
                }
                guard !mutations.isEmpty else { return .success(()) }
                if let entryCheck { try Self.checkEntries(entryCheck, in: mutations, of: changes) }
                if persistence != nil {
                    do {
                        try persistence!.append(mutations)
                    } catch {
                        throw DirectoryError(code: .other, message: "write-ahead log: \(error)")
                    }
                }
                if let work {
                    current.withLock { $0 = work }
                } else {
                    current.withLock { $0.apply(mutations, builder: builder) }
                }
                changeFeed.publish(events)  // under the writer lock: commit order
                if persistence?.wantsSnapshot == true {
                    let entries = snapshot().allEntries()
                    do {
                        try persistence!.writeSnapshot(entries, schemaDigest: builder.schemaDigest)
                    } catch {
                        throw DirectoryError(code: .other, message: "snapshot: \(error)")
                    }
                }
            } catch {
                return .failure(error)
            }
            return .success(())
        }
        try result.get()
        if changes.count >= 1000 { releaseFreeMemory() }
    }

    /// Writes a snapshot of the current state now and empties the write-ahead log, so the next
    /// start reads one file (call it after a bulk load or before shutdown). No-op in memory.
    /// - Throws: ``DirectoryError`` `other` when the snapshot cannot be written.
    public func checkpoint() throws(DirectoryError) {
        let result: Result<Void, DirectoryError> = writer.withLock { persistence in
            guard persistence != nil else { return .success(()) }
            do {
                try persistence!.writeSnapshot(snapshot().allEntries(), schemaDigest: builder.schemaDigest)
                return .success(())
            } catch {
                return .failure(DirectoryError(code: .other, message: "snapshot: \(error)"))
            }
        }
        try result.get()
    }

    // MARK: Validation

    func validate(_ change: DirectoryChange, state: DirectoryState, now: String, trusted: Bool) throws(DirectoryError) -> [StateMutation] {
        switch change {
        case .add(let e): return try validateAdd(e, state: state, now: now, trusted: trusted)
        case .modify(let dn, let mods): return try validateModify(dn, mods, state: state, now: now)
        case .delete(let dn):
            guard let id = state.id(ofNormalizedDN: dn.key) else {
                throw DirectoryError(code: .noSuchObject, message: "no such object: \(dn)", matchedDN: matchedDN(dn, in: state))
            }
            guard state.childIDs(id).isEmpty else {
                throw DirectoryError(code: .notAllowedOnNonLeaf, message: "\(dn): entry has \(state.childIDs(id).count) subordinate(s)")
            }
            return [.delete(normalizedDN: dn.key)]
        case .modifyDN(let dn, let newRDN, let deleteOldRDN, let newSuperior):
            return try validateModifyDN(dn, newRDN: newRDN, deleteOldRDN: deleteOldRDN, newSuperior: newSuperior, state: state, now: now)
        }
    }

    static let computedOperational: Set<String> = ["structuralobjectclass", "entrydn", "hassubordinates", "subschemasubentry",
                                                   "entrycsn", "creatorsname", "modifiersname", "createtimestamp",
                                                   "modifytimestamp", "entryuuid"]

    func validateAdd(_ e: LDAPEntry, state: DirectoryState, now: String, trusted: Bool) throws(DirectoryError) -> [StateMutation] {
        let norm = e.dn.key
        let parentKey = e.dn.parent?.key ?? ""
        guard !e.dn.isRoot else { throw DirectoryError(code: .unwillingToPerform, message: "cannot add the root DSE") }
        if state.id(ofNormalizedDN: norm) != nil {
            throw DirectoryError(code: .entryAlreadyExists, message: "entry already exists: \(e.dn)")
        }
        var mutations: [StateMutation] = []
        let isSuffix = suffixKeys.contains(norm)
        if !isSuffix {
            guard let parent = e.dn.parent, suffixKeys.contains(where: { norm.hasSuffix("," + $0) }) else {
                throw DirectoryError(code: .noSuchObject, message: "\(e.dn) is not below any naming context (\(configuration.suffixes.map(\.description).joined(separator: ", ")))")
            }
            if state.id(ofNormalizedDN: parentKey) == nil {
                if suffixKeys.contains(parentKey), let rdn = parent.rdn, rdn.attributes.count == 1, rdn.attributes[0].type.lowercased() == "o" {
                    // Suffixes are created as needed, as BDII's start script does.
                    let base = LDAPEntry(dn: parent, attributes: [LDAPAttribute(name: "objectClass", strings: ["organization"]),
                                                                   LDAPAttribute(name: rdn.attributes[0].type, strings: [rdn.attributes[0].value])])
                    mutations.append(.put(EntryRecord(dn: parent, attributes: base.attributes,
                                                      metadata: EntryMetadata(createTimestamp: now, modifyTimestamp: now, entryUUID: randomUUID()))))
                } else {
                    throw DirectoryError(code: .noSuchObject, message: "parent of \(e.dn) does not exist", matchedDN: matchedDN(e.dn, in: state))
                }
            }
        }
        var metadata = EntryMetadata(createTimestamp: now, modifyTimestamp: now, entryUUID: randomUUID())
        var attributes: [LDAPAttribute] = []
        for a in e.attributes {
            if let id = schema.attributeID(named: a.name), schema.attributeTypes[id].isOperational {
                let at = schema.attributeTypes[id]
                let key = at.name.lowercased()
                if at.isNoUserModification || Self.computedOperational.contains(key) {
                    guard trusted else {
                        throw DirectoryError(code: .constraintViolation, message: "\(e.dn): attribute '\(a.name)' is not user-modifiable")
                    }
                    let v = a.stringValues.first ?? ""
                    switch key {
                    case "createtimestamp": metadata.createTimestamp = v
                    case "modifytimestamp": metadata.modifyTimestamp = v
                    case "entryuuid": metadata.entryUUID = v
                    default: break
                    }
                    continue
                }
            }
            attributes.append(a)
        }
        let entry = LDAPEntry(dn: e.dn, attributes: Self.merged(attributes))
        try checkSchema(entry)
        mutations.append(.put(EntryRecord(dn: e.dn, attributes: entry.attributes, metadata: metadata)))
        return mutations
    }

    /// Merges repeated attribute descriptions (`cn: a` and `cn: b` on separate lines) into one attribute.
    static func merged(_ attrs: [LDAPAttribute]) -> [LDAPAttribute] {
        var out: [LDAPAttribute] = []
        var index: [String: Int] = [:]
        for a in attrs {
            let key = a.name.lowercased()
            if let i = index[key] { out[i].values += a.values } else { index[key] = out.count; out.append(a) }
        }
        return out
    }

    func checkSchema(_ e: LDAPEntry) throws(DirectoryError) {
        let violations = schema.check(entry: e)
        guard let first = violations.first else { return }
        throw DirectoryError(code: first.code, message: violations.map(\.description).joined(separator: "; "))
    }

    func validateModify(_ dn: DistinguishedName, _ mods: [LDAPModification], state: DirectoryState, now: String) throws(DirectoryError) -> [StateMutation] {
        guard let id = state.id(ofNormalizedDN: dn.key), let stored = state.entry(id) else {
            throw DirectoryError(code: .noSuchObject, message: "no such object: \(dn)", matchedDN: matchedDN(dn, in: state))
        }
        var attrs = stored.userEntry(schema: schema).attributes
        for m in mods {
            let name = m.attribute.name
            guard let at = schema.attributeType(named: name) else {
                throw DirectoryError(code: .undefinedAttributeType, message: "\(dn): attribute type '\(name)' undefined")
            }
            if at.isNoUserModification || Self.computedOperational.contains(m.attribute.typeKey) {
                throw DirectoryError(code: .constraintViolation, message: "\(dn): attribute '\(name)' is not user-modifiable")
            }
            let kind = at.equality?.kind
            func key(_ v: [UInt8]) -> [UInt8] { kind.flatMap { schema.normalize(v, kind: $0) } ?? v }
            let idx = attrs.firstIndex { $0.name.lowercased() == name.lowercased() }
            switch m.operation {
            case .add:
                guard !m.attribute.values.isEmpty else { continue }
                if let idx {
                    let existing = Set(attrs[idx].values.map(key))
                    for v in m.attribute.values where existing.contains(key(v)) {
                        throw DirectoryError(code: .attributeOrValueExists, message: "\(dn): attribute '\(name)' already has value '\(String(decoding: v, as: UTF8.self))'")
                    }
                    attrs[idx].values += m.attribute.values
                } else {
                    attrs.append(LDAPAttribute(name: name, values: m.attribute.values))
                }
            case .delete:
                guard let idx else {
                    throw DirectoryError(code: .noSuchAttribute, message: "\(dn): no attribute '\(name)' to delete")
                }
                if m.attribute.values.isEmpty {
                    attrs.remove(at: idx)
                } else {
                    for v in m.attribute.values {
                        guard let j = attrs[idx].values.firstIndex(where: { key($0) == key(v) }) else {
                            throw DirectoryError(code: .noSuchAttribute, message: "\(dn): attribute '\(name)' has no value '\(String(decoding: v, as: UTF8.self))'")
                        }
                        attrs[idx].values.remove(at: j)
                    }
                    if attrs[idx].values.isEmpty { attrs.remove(at: idx) }
                }
            case .replace:
                if m.attribute.values.isEmpty {
                    if let idx { attrs.remove(at: idx) }
                } else if let idx {
                    attrs[idx].values = m.attribute.values
                } else {
                    attrs.append(LDAPAttribute(name: name, values: m.attribute.values))
                }
            case .increment:
                guard at.equality?.kind == .integer || at.effectiveSyntaxOID == SyntaxOID.integer else {
                    throw DirectoryError(code: .constraintViolation, message: "\(dn): increment of non-integer attribute '\(name)'")
                }
                guard m.attribute.values.count == 1, let delta = Int64(String(decoding: m.attribute.values[0], as: UTF8.self)) else {
                    throw DirectoryError(code: .invalidAttributeSyntax, message: "\(dn): increment of '\(name)' needs one integer value")
                }
                guard let idx else {
                    throw DirectoryError(code: .noSuchAttribute, message: "\(dn): no attribute '\(name)' to increment")
                }
                var newValues: [[UInt8]] = []
                for v in attrs[idx].values {
                    guard let n = Int64(String(decoding: v, as: UTF8.self)) else {
                        throw DirectoryError(code: .constraintViolation, message: "\(dn): value of '\(name)' is not an integer")
                    }
                    let (sum, overflow) = n.addingReportingOverflow(delta)
                    if overflow { throw DirectoryError(code: .constraintViolation, message: "\(dn): increment of '\(name)' overflows") }
                    newValues.append(Array(String(sum).utf8))
                }
                attrs[idx].values = newValues
            }
        }
        // The RDN's values must stay.
        if let rdn = dn.rdn {
            for ava in rdn.attributes {
                let probe = LDAPEntry(dn: dn, attributes: attrs)
                let kind = schema.attributeType(named: ava.type)?.equality?.kind
                let want = kind.flatMap { schema.normalize(Array(ava.value.utf8), kind: $0) } ?? Array(ava.value.utf8)
                if !probe[ava.type].contains(where: { v in (kind.flatMap { k in schema.normalize(v, kind: k) } ?? v) == want }) {
                    throw DirectoryError(code: .notAllowedOnRDN, message: "\(dn): cannot remove naming attribute value \(ava)")
                }
            }
        }
        let updated = LDAPEntry(dn: dn, attributes: attrs)
        if Self.sameContent(updated.attributes, stored.userEntry(schema: schema).attributes) { return [] }
        try checkSchema(updated)
        var metadata = stored.metadata
        metadata.modifyTimestamp = now
        return [.put(EntryRecord(dn: stored.dn, attributes: attrs, metadata: metadata))]
    }

    /// Same attributes and values, regardless of order.
    static func sameContent(_ a: [LDAPAttribute], _ b: [LDAPAttribute]) -> Bool {
        guard a.count == b.count else { return false }
        func canon(_ x: [LDAPAttribute]) -> [String: [[UInt8]]] {
            var d: [String: [[UInt8]]] = [:]
            for at in x { d[at.name.lowercased(), default: []] += at.values }
            return d.mapValues { $0.sorted { $0.lexicographicallyPrecedes($1) } }
        }
        return canon(a) == canon(b)
    }

    func validateModifyDN(_ dn: DistinguishedName, newRDN: RelativeDistinguishedName, deleteOldRDN: Bool,
                          newSuperior: DistinguishedName?, state: DirectoryState, now: String) throws(DirectoryError) -> [StateMutation] {
        guard let id = state.id(ofNormalizedDN: dn.key), let stored = state.entry(id) else {
            throw DirectoryError(code: .noSuchObject, message: "no such object: \(dn)", matchedDN: matchedDN(dn, in: state))
        }
        guard let parentDN = newSuperior ?? dn.parent else {
            throw DirectoryError(code: .unwillingToPerform, message: "cannot rename the root")
        }
        let newDN = parentDN.child(newRDN)
        if !parentDN.isRoot {
            guard let pid = state.id(ofNormalizedDN: parentDN.key) else {
                throw DirectoryError(code: .noSuchObject, message: "new superior \(parentDN) does not exist", matchedDN: matchedDN(parentDN, in: state))
            }
            if isInSubtree(pid, of: id, state) {
                throw DirectoryError(code: .unwillingToPerform, message: "cannot move \(dn) below itself")
            }
        } else if !suffixKeys.contains(newDN.key) {
            throw DirectoryError(code: .unwillingToPerform, message: "\(newDN) is not below any naming context")
        }
        if newDN.key != dn.key, state.id(ofNormalizedDN: newDN.key) != nil {
            throw DirectoryError(code: .entryAlreadyExists, message: "entry already exists: \(newDN)")
        }
        var attrs = stored.userEntry(schema: schema).attributes
        func norm(_ type: String, _ v: String) -> [UInt8] {
            let kind = schema.attributeType(named: type)?.equality?.kind
            return kind.flatMap { schema.normalize(Array(v.utf8), kind: $0) } ?? Array(v.utf8)
        }
        func has(_ type: String, _ v: String) -> Bool {
            let k = norm(type, v)
            return LDAPEntry(dn: dn, attributes: attrs)[type].contains { norm(type, String(decoding: $0, as: UTF8.self)) == k }
        }
        if deleteOldRDN, let old = dn.rdn {
            for ava in old.attributes where !newRDN.attributes.contains(where: { $0.type.lowercased() == ava.type.lowercased() && norm($0.type, $0.value) == norm(ava.type, ava.value) }) {
                let k = norm(ava.type, ava.value)
                for i in attrs.indices where attrs[i].typeKey == ava.type.lowercased() {
                    attrs[i].values.removeAll { norm(ava.type, String(decoding: $0, as: UTF8.self)) == k }
                }
                attrs.removeAll { $0.values.isEmpty }
            }
        }
        for ava in newRDN.attributes where !has(ava.type, ava.value) {
            if let i = attrs.firstIndex(where: { $0.typeKey == ava.type.lowercased() }) {
                attrs[i].values.append(Array(ava.value.utf8))
            } else {
                attrs.append(LDAPAttribute(name: ava.type, strings: [ava.value]))
            }
        }
        let renamed = LDAPEntry(dn: newDN, attributes: attrs)
        try checkSchema(renamed)
        var metadata = stored.metadata
        metadata.modifyTimestamp = now
        var mutations: [StateMutation] = [.rename(fromNormalizedDN: dn.key, to: EntryRecord(dn: newDN, attributes: attrs, metadata: metadata))]
        // Descendants keep their content; their DNs follow the move (parents before children).
        var stack = state.childIDs(id).reversed().map { $0 }
        var descendants: [EntryID] = []
        while let c = stack.popLast() {
            descendants.append(c)
            stack.append(contentsOf: state.childIDs(c).reversed())
        }
        for c in descendants {
            guard let d = state.entry(c), let moved = d.dn.rebased(from: dn, to: newDN) else { continue }
            mutations.append(.rename(fromNormalizedDN: d.normalizedDN, to: EntryRecord(dn: moved, attributes: d.userEntry(schema: schema).attributes, metadata: d.metadata)))
        }
        return mutations
    }
}
