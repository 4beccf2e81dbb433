// GVE — Directory
// Snapshot format 2: entries as stored (the encoded attribute list with its keys, the attribute
// table, the DN's leaf RDN below a parent written earlier), so loading copies one buffer per
// entry instead of parsing and normalizing values. The table is only valid for the schema it was
// built with: the snapshot records a digest of the schema, and a snapshot written with another
// schema is loaded through the slow path (values read back from the BER and rebuilt).
import LDAPCore
import LDAPSchema

/// One entry read from a format 2 snapshot.
struct SnapshotEntry {
    /// The leaf RDN, when the parent was written before (its DN completes this one).
    var leaf: RelativeDistinguishedName?
    /// The whole DN, for entries without a parent in the snapshot.
    var fullDN: DistinguishedName?
    var normalizedDN: String
    var metadata: EntryMetadata
    var structuralObjectClass: String?
    var attributes: [StoredAttribute]
    var data: [UInt8]
    var attributeListEnd: Int
    var dnStringStart: Int

    /// The normalized key of the parent: `normalizedDN` after its first unescaped comma.
    var parentKey: Substring? {
        let utf8 = normalizedDN.utf8
        var i = utf8.startIndex
        while i < utf8.endIndex {
            let b = utf8[i]
            if b == UInt8(ascii: "\\") {
                i = utf8.index(after: i)
                if i < utf8.endIndex { i = utf8.index(after: i) }
                continue
            }
            if b == UInt8(ascii: ",") { return normalizedDN[normalizedDN.utf8.index(after: i)...] }
            i = utf8.index(after: i)
        }
        return nil
    }

    /// The user attributes read back from the BER (names as written), for rebuilding the entry
    /// under another schema.
    func record(dn: DistinguishedName) -> EntryRecord {
        var attrs: [LDAPAttribute] = []
        data.withUnsafeBufferPointer { p in
            var i = BERBytes.length(p, at: 0).header
            while i < attributeListEnd {
                let (seqLength, seqHeader) = BERBytes.length(p, at: i)
                let end = i + seqHeader + seqLength
                var j = i + seqHeader
                let (nameLength, nameHeader) = BERBytes.length(p, at: j)
                let name = String(decoding: UnsafeBufferPointer(rebasing: p[(j + nameHeader)..<(j + nameHeader + nameLength)]), as: UTF8.self)
                j += nameHeader + nameLength
                j += BERBytes.length(p, at: j).header
                var values: [[UInt8]] = []
                while j < end {
                    let (l, h) = BERBytes.length(p, at: j)
                    values.append(Array(p[(j + h)..<(j + h + l)]))
                    j += h + l
                }
                attrs.append(LDAPAttribute(name: name, values: values))
                i = end
            }
        }
        return EntryRecord(dn: dn, attributes: attrs, metadata: metadata)
    }
}

extension EntryBuilder {
    /// A digest of everything the stored form depends on: attribute types (names, rules,
    /// supertypes, syntaxes) and object classes (kinds, superclasses), plus the format revision
    /// of keys (bump it when a normalization changes). FNV-1a, 64 bits.
    static func schemaDigest(_ schema: Schema) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ s: String) {
            for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            h = (h ^ 0xFF) &* 0x0000_0100_0000_01B3
        }
        mix("keys-1")
        for at in schema.attributeTypes {
            mix(at.oid)
            at.names.forEach(mix)
            for rule in [at.equality, at.ordering, at.substring] { mix(rule.map { "\($0.oid) \($0.kind.rawValue)" } ?? "-") }
            mix(at.superiorID.map(String.init) ?? "-")
            mix(at.effectiveSyntaxOID ?? "-")
            mix(at.isOperational ? "op" : "user")
        }
        for oc in schema.objectClasses {
            mix(oc.oid)
            oc.names.forEach(mix)
            mix("\(oc.kind)")
            mix(oc.ancestorIDs.map(String.init).joined(separator: ","))
        }
        return h
    }
}

extension BinaryWriter {
    mutating func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }

    /// One entry in snapshot format 2. `leafOnly` when its parent precedes it in the snapshot.
    mutating func storedEntry(_ e: StoredEntry, leafOnly: Bool) {
        let rdns = leafOnly ? Array(e.dn.rdns.prefix(1)) : e.dn.rdns
        u8(leafOnly ? 1 : 0)
        u32(UInt32(rdns.count))
        for rdn in rdns {
            u32(UInt32(rdn.attributes.count))
            for ava in rdn.attributes { string(ava.type); string(ava.value) }
        }
        string(e.normalizedDN)
        string(e.metadata.createTimestamp)
        string(e.metadata.modifyTimestamp)
        string(e.metadata.entryUUID)
        u8(e.structuralObjectClass == nil ? 0 : 1)
        string(e.structuralObjectClass ?? "")
        u32(UInt32(e.attributeListEnd))
        u32(UInt32(e.dnStringStart))
        u32(UInt32(e.attributes.count))
        for a in e.attributes {
            u16(a.type)
            u8(a.nameIndex)
            u8(a.hasOptions ? 1 : 0)
            u32(a.start); u32(a.valuesStart); u32(a.end); u32(a.keysStart); u32(a.keysEnd)
        }
        blob(e.data)
    }
}

extension BinaryReader {
    mutating func u16() throws(BinaryFormatError) -> UInt16 {
        UInt16(try u8()) | UInt16(try u8()) << 8
    }

    mutating func storedEntry(attributeTypeCount: Int) throws(BinaryFormatError) -> SnapshotEntry {
        let leafOnly = try u8() == 1
        let rdnCount = Int(try u32())
        guard rdnCount <= end - i, !leafOnly || rdnCount == 1 else { throw BinaryFormatError(offset: i, reason: "bad RDN count") }
        var rdns: [RelativeDistinguishedName] = []
        rdns.reserveCapacity(rdnCount)
        for _ in 0..<rdnCount {
            let n = Int(try u32())
            guard n >= 1, n <= end - i else { throw BinaryFormatError(offset: i, reason: "bad AVA count") }
            var avas: [AttributeTypeAndValue] = []
            for _ in 0..<n { avas.append(AttributeTypeAndValue(type: try string(), value: try string())) }
            rdns.append(RelativeDistinguishedName(avas))
        }
        let normalizedDN = try string()
        let metadata = EntryMetadata(createTimestamp: try string(), modifyTimestamp: try string(), entryUUID: try string())
        let hasStructural = try u8() == 1
        let structural = try string()
        let listEnd = Int(try u32())
        let dnStart = Int(try u32())
        let n = Int(try u32())
        guard n <= end - i else { throw BinaryFormatError(offset: i, reason: "bad attribute count") }
        var attributes: [StoredAttribute] = []
        attributes.reserveCapacity(n)
        for _ in 0..<n {
            let type = try u16()
            let nameIndex = try u8()
            let hasOptions = try u8() == 1
            let a = StoredAttribute(type: type, nameIndex: nameIndex, hasOptions: hasOptions, start: try u32(), valuesStart: try u32(),
                                    end: try u32(), keysStart: try u32(), keysEnd: try u32())
            guard Int(type) < attributeTypeCount else { throw BinaryFormatError(offset: i, reason: "attribute type \(type) out of range") }
            attributes.append(a)
        }
        let data = try blob()
        // The offsets index `data` directly; check them once here so reads need no checks.
        guard listEnd <= dnStart, dnStart <= data.count,
              attributes.allSatisfy({ a in
                  a.start <= a.valuesStart && a.valuesStart <= a.end && Int(a.end) <= listEnd
                      && (a.keysStart == StoredAttribute.sameAsValues || (a.keysStart <= a.keysEnd && Int(a.keysEnd) <= dnStart))
              })
        else { throw BinaryFormatError(offset: i, reason: "entry offsets out of range") }
        return SnapshotEntry(leaf: leafOnly ? rdns[0] : nil, fullDN: leafOnly ? nil : DistinguishedName(rdns), normalizedDN: normalizedDN,
                             metadata: metadata, structuralObjectClass: hasStructural ? structural : nil, attributes: attributes,
                             data: data, attributeListEnd: listEnd, dnStringStart: dnStart)
    }
}
