// GVE — Directory
// Search results encoded for the wire (RFC 4511 §4.5.2): the stored PartialAttributeList of an
// entry is copied whole when every attribute is selected, or attribute by attribute otherwise;
// only the DN, the message header and computed operational attributes are encoded per search.
public import LDAPCore
import LDAPSchema

/// The entries a search matched, each encoded on demand as a complete LDAPMessage carrying a
/// SearchResultEntry. Holds the snapshot searched, so encoding sees the same state as matching.
public struct EncodedSearchResults: Sendable {
    let entries: [StoredEntry]
    /// `success`, `sizeLimitExceeded` or `timeLimitExceeded`.
    public let code: LDAPResultCode
    let projection: Projection
    let state: DirectoryState
    let schema: Schema

    /// The number of entries.
    public var count: Int { entries.count }

    /// Appends `LDAPMessage ::= SEQUENCE { messageID, searchResEntry }` for entry `index`
    /// (RFC 4511 §4.2, §4.5.2), with the attributes the search selected.
    /// - Parameters:
    ///   - index: the entry's position, `0..<count`.
    ///   - messageID: the search request's message id.
    ///   - out: the bytes to append to.
    public func encodeMessage(_ index: Int, messageID: Int, into out: inout [UInt8]) {
        let e = entries[index]
        let dnLength = e.data.count - e.dnStringStart
        let allAttributes = wholeList(e)
        var operational: [(name: String, value: [UInt8])] = []
        var listLength = 0
        if allAttributes {
            listLength = e.attributeListEnd - BERBytes.headerLength(e.data, at: 0)
        } else {
            for a in e.attributes where projection.wanted[a.typeID] {
                listLength += projection.typesOnly ? Self.typeOnlySize(e, a) : Int(a.end - a.start)
            }
            for name in Projection.operationalNames where projection.operational.contains(name) {
                guard let value = operationalValue(name, e) else { continue }
                operational.append((name, value))
                let set = projection.typesOnly ? 0 : BERBytes.elementSize(value.count)
                listLength += BERBytes.elementSize(BERBytes.elementSize(name.utf8.count) + BERBytes.elementSize(set))
            }
        }
        let entryLength = BERBytes.elementSize(dnLength) + BERBytes.elementSize(listLength)
        let idLength = Self.integerLength(messageID)
        out.reserveCapacity(out.count + BERBytes.elementSize(BERBytes.elementSize(idLength) + BERBytes.elementSize(entryLength)))
        BERBytes.appendHeader(BERBytes.sequence, BERBytes.elementSize(idLength) + BERBytes.elementSize(entryLength), to: &out)
        BERBytes.appendHeader(0x02, idLength, to: &out)
        for i in stride(from: idLength - 1, through: 0, by: -1) { out.append(UInt8(truncatingIfNeeded: messageID >> (8 * i))) }
        BERBytes.appendHeader(Self.searchResultEntryTag, entryLength, to: &out)
        BERBytes.appendHeader(BERBytes.octetString, dnLength, to: &out)
        out.append(contentsOf: e.data[e.dnStringStart...])
        if allAttributes {
            out.append(contentsOf: e.data[0..<e.attributeListEnd])
            return
        }
        BERBytes.appendHeader(BERBytes.sequence, listLength, to: &out)
        for a in e.attributes where projection.wanted[a.typeID] {
            if projection.typesOnly {
                let name = Array(e.name(a, schema: schema).utf8)
                BERBytes.appendHeader(BERBytes.sequence, BERBytes.elementSize(name.count) + 2, to: &out)
                BERBytes.appendOctetString(name, to: &out)
                BERBytes.appendHeader(BERBytes.set, 0, to: &out)
            } else {
                out.append(contentsOf: e.data[Int(a.start)..<Int(a.end)])
            }
        }
        for (name, value) in operational {
            let set = projection.typesOnly ? 0 : BERBytes.elementSize(value.count)
            BERBytes.appendHeader(BERBytes.sequence, BERBytes.elementSize(name.utf8.count) + BERBytes.elementSize(set), to: &out)
            BERBytes.appendOctetString(name.utf8, to: &out)
            BERBytes.appendHeader(BERBytes.set, set, to: &out)
            if !projection.typesOnly { BERBytes.appendOctetString(value, to: &out) }
        }
    }

    /// Hands the bytes of `LDAPMessage ::= SEQUENCE { messageID, searchResEntry }` for entry
    /// `index` to `write`, in one or more pieces; when every attribute is selected, the stored
    /// attribute list is handed over without an intermediate copy.
    /// - Parameters:
    ///   - index: the entry's position, `0..<count`.
    ///   - messageID: the search request's message id.
    ///   - scratch: reusable working storage.
    ///   - write: receives the pieces in order.
    public func writeMessage(_ index: Int, messageID: Int, scratch: inout [UInt8], _ write: (UnsafeRawBufferPointer) -> Void) {
        withEntry(index) { e in writeMessage(e, index, messageID: messageID, scratch: &scratch, write) }
    }

    /// Calls `body` with entry `index` borrowed from ``entries``, which holds it for as long as `self` lives:
    /// no retain and release, so concurrent searches sending the same entries do not contend on their
    /// reference counts (an atomic on a shared cache line cost ~15 % of the server's time on large results).
    @inline(__always) func withEntry<R>(_ index: Int, _ body: (StoredEntry) -> R) -> R {
        precondition(index >= 0 && index < entries.count, "entry index \(index) out of range 0..<\(entries.count)")
        return entries.withUnsafeBufferPointer { p in
            UnsafeRawPointer(p.baseAddress!).load(fromByteOffset: index * MemoryLayout<StoredEntry>.stride, as: Unmanaged<StoredEntry>.self)
                ._withUnsafeGuaranteedRef(body)
        }
    }

    private func writeMessage(_ e: StoredEntry, _ index: Int, messageID: Int, scratch: inout [UInt8],
                              _ write: (UnsafeRawBufferPointer) -> Void) {
        scratch.removeAll(keepingCapacity: true)
        guard wholeList(e) else {
            encodeMessage(index, messageID: messageID, into: &scratch)
            scratch.withUnsafeBytes(write)
            return
        }
        let dnLength = e.data.count - e.dnStringStart
        let listElement = e.attributeListEnd
        let entryLength = BERBytes.elementSize(dnLength) + listElement
        let idLength = Self.integerLength(messageID)
        BERBytes.appendHeader(BERBytes.sequence, BERBytes.elementSize(idLength) + BERBytes.elementSize(entryLength), to: &scratch)
        BERBytes.appendHeader(0x02, idLength, to: &scratch)
        for i in stride(from: idLength - 1, through: 0, by: -1) { scratch.append(UInt8(truncatingIfNeeded: messageID >> (8 * i))) }
        BERBytes.appendHeader(Self.searchResultEntryTag, entryLength, to: &scratch)
        BERBytes.appendHeader(BERBytes.octetString, dnLength, to: &scratch)
        e.data.withUnsafeBytes { d in
            scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: d[e.dnStringStart...]))
            scratch.withUnsafeBytes(write)
            write(UnsafeRawBufferPointer(rebasing: d[0..<listElement]))
        }
    }

    /// Whether the entry goes out with its whole stored attribute list.
    @inline(__always) func wholeList(_ e: StoredEntry) -> Bool {
        projection.allUser && !projection.typesOnly && projection.operational.isEmpty && e.onlyUserAttributes
    }

    /// `[APPLICATION 4]`, constructed.
    static let searchResultEntryTag: UInt8 = 0x64

    static func typeOnlySize(_ e: StoredEntry, _ a: StoredAttribute) -> Int {
        let nameStart = Int(a.start) + BERBytes.headerLength(e.data, at: Int(a.start))
        let nameElement = Int(a.valuesStart) - 2 - nameStart - (BERBytes.lengthSize(Int(a.end - a.valuesStart)) - 1)
        return BERBytes.elementSize(nameElement + 2)
    }

    func operationalValue(_ name: String, _ e: StoredEntry) -> [UInt8]? {
        switch name {
        case "structuralObjectClass": return e.structuralObjectClass.map { Array($0.utf8) }
        case "entryUUID": return Array(e.metadata.entryUUID.utf8)
        case "createTimestamp": return Array(e.metadata.createTimestamp.utf8)
        case "modifyTimestamp": return Array(e.metadata.modifyTimestamp.utf8)
        case "entryDN": return Array(e.dn.description.utf8)
        case "subschemaSubentry": return Array(Schema.subschemaDN.description.utf8)
        default: return Array((state.childIDs(e.id).isEmpty ? "FALSE" : "TRUE").utf8)
        }
    }

    /// The number of content bytes of a BER INTEGER holding `value` (two's complement, shortest
    /// form, X.690 §8.3); the bytes are the low `n` bytes of `value`, big-endian.
    static func integerLength(_ value: Int) -> Int {
        var n = 1
        while n < 8 {
            let shifted = value >> (8 * n - 1)
            if shifted == 0 || shifted == -1 { break }
            n += 1
        }
        return n
    }

    /// The RFC 4514 string form of `dn` (the escaping LDAPProtocol's encoder uses: the special
    /// characters, a leading `#`, leading and trailing spaces, NUL as `\00`).
    static func appendDNString(_ dn: DistinguishedName, to out: inout [UInt8]) {
        for (r, rdn) in dn.rdns.enumerated() {
            if r > 0 { out.append(UInt8(ascii: ",")) }
            for (a, ava) in rdn.attributes.enumerated() {
                if a > 0 { out.append(UInt8(ascii: "+")) }
                out.append(contentsOf: ava.type.utf8)
                out.append(UInt8(ascii: "="))
                let utf8 = ava.value.utf8
                let n = utf8.count
                var i = 0
                for b in utf8 {
                    switch b {
                    case UInt8(ascii: ","), UInt8(ascii: "+"), UInt8(ascii: "\""), UInt8(ascii: "\\"),
                         UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: ";"), UInt8(ascii: "="):
                        out.append(UInt8(ascii: "\\")); out.append(b)
                    case UInt8(ascii: "#") where i == 0:
                        out.append(UInt8(ascii: "\\")); out.append(b)
                    case UInt8(ascii: " ") where i == 0 || i == n - 1:
                        out.append(UInt8(ascii: "\\")); out.append(b)
                    case 0:
                        out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                    default:
                        out.append(b)
                    }
                    i += 1
                }
            }
        }
    }
}
