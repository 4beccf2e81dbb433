// GVE — LDIFTests
// parse(write(x)) == x for random entries and change records (seeded, reproducible).

import LDAPCore
@testable import LDIF
import Testing

struct RandomLDIF {
    var rng: SplitMix64

    static let names = ["cn", "sn", "description", "description;lang-en", "GLUE2EntityName", "userPassword",
                        "jpegPhoto", "o", "ou;lang-ja;phonetic", "2.5.4.3", "mail", "x-custom-attr"]
    static let pieces: [String] = [
        "a", "Z", "0", " ", "  ", ":", "<", "#", ",", "+", "=", "\\", "\"", ";", "é", "営業部", "😀", "\t", "-",
        "\n", "\r", "\u{0}", "long value that goes on and on well past seventy-six columns of text so it is folded",
    ]

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }

    mutating func string(maxPieces: Int = 6) -> String {
        (0..<int(0...maxPieces)).map { _ in Self.pieces[int(0...Self.pieces.count - 1)] }.joined()
    }

    mutating func bytes() -> [UInt8] {
        if int(0...3) == 0 { return (0..<int(0...120)).map { _ in UInt8.random(in: 0...255, using: &rng) } }
        return Array(string().utf8)
    }

    mutating func dn() -> DistinguishedName {
        let types = ["cn", "ou", "o", "dc", "GLUE2ServiceID", "uid"]
        return DistinguishedName((0..<int(0...4)).map { _ in
            var avas = [AttributeTypeAndValue(type: types[int(0...types.count - 1)], value: nonEmptyDNValue())]
            if int(0...5) == 0 { avas.append(AttributeTypeAndValue(type: "uid", value: nonEmptyDNValue())) }
            return RelativeDistinguishedName(avas)
        })
    }

    mutating func nonEmptyDNValue() -> String {
        let s = string(maxPieces: 4).replacingOccurrences(of: "\u{0}", with: "")
        return s.isEmpty ? "x" : s
    }

    mutating func attributes(max: Int = 6) -> [LDAPAttribute] {
        var chosen = Self.names.shuffled(using: &rng).prefix(int(1...max))
        if chosen.contains("description") && chosen.contains("description;lang-en") { chosen.removeAll { $0 == "description" } }
        return chosen.map { name in LDAPAttribute(name: name, values: (0..<int(1...3)).map { _ in bytes() }) }
    }

    mutating func record() -> LDIFRecord {
        switch int(0...5) {
        case 0, 1: return .content(LDAPEntry(dn: dn(), attributes: attributes()))
        case 2: return .change(LDIFChange(dn: dn(), controls: controls(), operation: .add(attributes())))
        case 3: return .change(LDIFChange(dn: dn(), controls: controls(), operation: .delete))
        case 4:
            let ops: [LDAPModification.Operation] = [.add, .delete, .replace, .increment]
            return .change(LDIFChange(dn: dn(), controls: controls(), operation: .modify(
                (0..<int(0...4)).map { _ in
                    LDAPModification(ops[int(0...3)], LDAPAttribute(name: Self.names[int(0...Self.names.count - 1)],
                                                                   values: (0..<int(0...2)).map { _ in bytes() }))
                })))
        default:
            var rdn = dn()
            if rdn.rdns.isEmpty { rdn = DistinguishedName([RelativeDistinguishedName(type: "cn", value: "x")]) }
            return .change(LDIFChange(dn: dn(), controls: controls(), operation: .modifyDN(
                newRDN: rdn.rdns[0], deleteOldRDN: int(0...1) == 1, newSuperior: int(0...1) == 1 ? dn() : nil)))
        }
    }

    mutating func controls() -> [LDIFControl] {
        (0..<int(0...2)).map { _ in
            LDIFControl(oid: "1.3.6.1.4.1.\(int(1...99999))", isCritical: int(0...1) == 1, value: int(0...1) == 1 ? bytes() : nil)
        }
    }
}

@Suite struct LDIFRoundTripTests {
    /// Random records read back equal after writing, with and without folding.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func randomRecordsRoundTrip(seed: UInt64) throws {
        var gen = RandomLDIF(seed: seed)
        let input = (0..<150).map { _ in gen.record() }
        for config in [LDIFWriter.Configuration(), .init(foldWidth: nil, writesVersion: false), .init(foldWidth: 2)] {
            let text = LDIFWriter(configuration: config).bytes(for: input)
            let output = try LDIFReader.parse(bytes: text)
            #expect(output.count == input.count)
            for (a, b) in zip(input, output) where a != b {
                Issue.record("round trip changed a record (seed \(seed)):\n\(a)\n\(b)\nLDIF:\n\(LDIFWriter().string(for: [a]))")
                break
            }
        }
    }

    /// DN values with specials, spaces and non-ASCII keep every character.
    @Test func trickyDNValuesRoundTrip() throws {
        let values = [" leading", "trailing ", "#hash", "a,b+c=d", "back\\slash", "quote\"", "営業部", "two  spaces", "new\nline"]
        for v in values {
            let entry = LDAPEntry(dn: DistinguishedName([RelativeDistinguishedName(type: "cn", value: v)]),
                                  attributes: [LDAPAttribute(name: "cn", strings: [v])])
            let back = try LDIFReader.parse(bytes: LDIFWriter().bytes(for: [.content(entry)]))
            #expect(back == [.content(entry)])
            guard case .content(let e) = back.first else { continue }
            #expect(e.dn.rdn?.attributes.first?.value == v)
        }
    }
}
