// GVE — LDIF
// The materialising visitor: turns the parser's events into `LDIFRecord` values. `LDIFParser.next()` and
// `LDIFReader.next()` are this visitor over the one grammar in RecordAssembler.

import LDAPCore

struct RecordBuilder: LDIFVisitor {
    var interner = NameInterner()
    var dnCache = DNSuffixCache()
    var dn = DistinguishedName.root
    var changeType: LDIFChangeType?
    var controls: [LDIFControl] = []
    var attributes: [LDAPAttribute] = []
    var attributeHashes: [UInt64] = []
    /// Lower-cased name → index in `attributes`, built once a record has ``indexThreshold`` attributes.
    var attributeIndex: [String: Int] = [:]
    static let indexThreshold = 64
    var modifications: [LDAPModification] = []
    var currentModification: LDAPModification?
    var modifyDN: LDIFChange.Operation?
    /// The record completed by the last ``endRecord()``.
    var record: LDIFRecord?

    mutating func clear() {
        changeType = nil
        if !controls.isEmpty { controls = [] }
        attributes.removeAll(keepingCapacity: true)
        attributeHashes.removeAll(keepingCapacity: true)
        if !attributeIndex.isEmpty { attributeIndex = [:] }
        if !modifications.isEmpty { modifications = [] }
        currentModification = nil
        modifyDN = nil
    }

    /// Builds a DN the parser has already checked.
    mutating func makeDN(_ bytes: UnsafeBufferPointer<UInt8>) -> DistinguishedName {
        if let fast = DNFastPath.parse(bytes, interner: &interner) { return fast }
        return (try? DistinguishedName(String(decoding: bytes, as: UTF8.self))) ?? .root
    }

    mutating func beginRecord(dn: Span<UInt8>, line: Int) {
        clear()
        self.dn = dn.withUnsafeBufferPointer { bytes in
            if let cached = dnCache.parse(bytes, interner: &interner) { return cached }
            return (try? DistinguishedName(String(decoding: bytes, as: UTF8.self))) ?? .root
        }
    }

    mutating func control(_ control: LDIFControl) { controls.append(control) }

    mutating func changeType(_ type: LDIFChangeType) { changeType = type }

    mutating func attribute(_ description: Span<UInt8>, value: Span<UInt8>) {
        let v = value.withUnsafeBufferPointer { Array($0) }
        description.withUnsafeBufferPointer { name in add(name: name, value: v) }
    }

    mutating func add(name: UnsafeBufferPointer<UInt8>, value v: [UInt8]) {
        let hash = NameInterner.foldedHash(name)
        if attributes.count >= Self.indexThreshold {
            // Many attributes (hostile or unusual input): a dictionary keyed by the lower-cased
            // name keeps each line O(1) instead of a scan over every attribute so far.
            if attributeIndex.isEmpty {
                for (i, a) in attributes.enumerated() { attributeIndex[a.name.lowercased()] = i }
            }
            let key = String(decoding: name, as: UTF8.self).lowercased()
            if let k = attributeIndex[key] {
                attributes[k].values.append(v)
            } else {
                attributeIndex[key] = attributes.count
                attributes.append(LDAPAttribute(name: interner.intern(name, hash: hash), values: [v]))
                attributeHashes.append(hash)
            }
            return
        }
        var k = attributeHashes.count - 1
        while k >= 0 {
            if attributeHashes[k] == hash && equalsIgnoringCase(attributes[k].name, name) {
                attributes[k].values.append(v)
                return
            }
            k -= 1
        }
        attributes.append(LDAPAttribute(name: interner.intern(name, hash: hash), values: [v]))
        attributeHashes.append(hash)
    }

    mutating func beginModification(_ operation: LDAPModification.Operation, attribute: Span<UInt8>) {
        let name = attribute.withUnsafeBufferPointer { interner.intern($0, hash: NameInterner.foldedHash($0)) }
        currentModification = LDAPModification(operation, LDAPAttribute(name: name, values: []))
    }

    mutating func modificationValue(_ value: Span<UInt8>) {
        guard var mod = currentModification else { return }
        currentModification = nil  // keep the values array uniquely referenced
        mod.attribute.values.append(value.withUnsafeBufferPointer { Array($0) })
        currentModification = mod
    }

    mutating func endModification() {
        if let mod = currentModification { modifications.append(mod) }
        currentModification = nil
    }

    mutating func modifyDN(newRDN: Span<UInt8>, deleteOldRDN: Bool, newSuperior: Span<UInt8>?) {
        let rdn = newRDN.withUnsafeBufferPointer { makeDN($0) }.rdn ?? RelativeDistinguishedName([])
        var superior: DistinguishedName?
        if let newSuperior { superior = newSuperior.withUnsafeBufferPointer { makeDN($0) } }
        modifyDN = .modifyDN(newRDN: rdn, deleteOldRDN: deleteOldRDN, newSuperior: superior)
    }

    mutating func endRecord() {
        switch changeType {
        case nil:
            record = .content(LDAPEntry(dn: dn, attributes: attributes))
        case .add:
            record = .change(LDIFChange(dn: dn, controls: controls, operation: .add(attributes)))
        case .delete:
            record = .change(LDIFChange(dn: dn, controls: controls, operation: .delete))
        case .modify:
            record = .change(LDIFChange(dn: dn, controls: controls, operation: .modify(modifications)))
        case .modifyDN:
            record = modifyDN.map { .change(LDIFChange(dn: dn, controls: controls, operation: $0)) }
        }
        // Hand the attributes array over to the record; start the next one with the same capacity.
        let capacity = attributes.count
        attributes = []
        attributes.reserveCapacity(capacity)
        clear()
    }

    mutating func abandonRecord() {
        clear()
        record = nil
    }

    /// Takes the completed record.
    mutating func take() -> LDIFRecord? {
        defer { record = nil }
        return record
    }
}
