// GVE — LDIFTests
// The streaming API (LDIFVisitor over borrowed bytes) reports exactly what the materialising reader
// returns: same records, same errors with the same lines and columns, the bad record abandoned.

import Foundation
import LDAPCore
@testable import LDIF
import Testing

/// Rebuilds records from events, independently of the reader's own builder, and logs the event kinds.
struct RebuildingVisitor: LDIFVisitor {
    var events: [String] = []
    var dn = ""
    var line = 0
    var controls: [LDIFControl] = []
    var type: LDIFChangeType?
    var attributes: [LDAPAttribute] = []
    var modifications: [LDAPModification] = []
    var modifyDNOperation: LDIFChange.Operation?
    var records: [LDIFRecord] = []

    mutating func beginRecord(dn: Span<UInt8>, line: Int) {
        self.dn = dn.utf8String
        self.line = line
        controls = []; type = nil; attributes = []; modifications = []; modifyDNOperation = nil
        events.append("begin \(self.dn) @\(line)")
    }
    mutating func control(_ control: LDIFControl) { controls.append(control); events.append("control") }
    mutating func changeType(_ type: LDIFChangeType) { self.type = type; events.append("changetype \(type)") }
    mutating func attribute(_ description: Span<UInt8>, value: Span<UInt8>) {
        let name = description.utf8String
        let bytes = value.withUnsafeBufferPointer { Array($0) }
        if let i = attributes.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) {
            attributes[i].values.append(bytes)
        } else {
            attributes.append(LDAPAttribute(name: name, values: [bytes]))
        }
        events.append("attribute \(name)")
    }
    mutating func beginModification(_ operation: LDAPModification.Operation, attribute: Span<UInt8>) {
        modifications.append(LDAPModification(operation, LDAPAttribute(name: attribute.utf8String, values: [])))
        events.append("modification \(operation)")
    }
    mutating func modificationValue(_ value: Span<UInt8>) {
        modifications[modifications.count - 1].attribute.values.append(value.withUnsafeBufferPointer { Array($0) })
    }
    mutating func endModification() { events.append("end modification") }
    mutating func modifyDN(newRDN: Span<UInt8>, deleteOldRDN: Bool, newSuperior: Span<UInt8>?) {
        let rdn = try! DistinguishedName(newRDN.utf8String).rdn!
        var superior: DistinguishedName?
        if let newSuperior { superior = try! DistinguishedName(newSuperior.utf8String) }
        modifyDNOperation = .modifyDN(newRDN: rdn, deleteOldRDN: deleteOldRDN, newSuperior: superior)
        events.append("modifydn")
    }
    mutating func endRecord() {
        let name = try! DistinguishedName(dn)
        switch type {
        case nil: records.append(.content(LDAPEntry(dn: name, attributes: attributes)))
        case .add: records.append(.change(LDIFChange(dn: name, controls: controls, operation: .add(attributes))))
        case .delete: records.append(.change(LDIFChange(dn: name, controls: controls, operation: .delete)))
        case .modify: records.append(.change(LDIFChange(dn: name, controls: controls, operation: .modify(modifications))))
        case .modifyDN: records.append(.change(LDIFChange(dn: name, controls: controls, operation: modifyDNOperation!)))
        }
        events.append("end")
    }
    mutating func abandonRecord() { events.append("abandon") }
}

@Suite struct LDIFVisitorTests {
    static let inputs: [String] = [
        RFC2849ExampleTests.example1, RFC2849ExampleTests.example2, RFC2849ExampleTests.example3,
        RFC2849ExampleTests.example4, RFC2849ExampleTests.example6, LDIFStreamingTests.sample,
    ]

    /// Streams `text` through a RebuildingVisitor, returning records and errors in the reader's format.
    static func streamed(_ text: String) -> (results: [String], visitor: RebuildingVisitor) {
        streamed(bytes: Array(text.utf8))
    }

    static func streamed(bytes: [UInt8]) -> (results: [String], visitor: RebuildingVisitor) {
        var reader = LDIFReader(bytes: bytes)
        var visitor = RebuildingVisitor()
        var out: [String] = []
        while true {
            do {
                let before = visitor.records.count
                guard try reader.nextRecord(into: &visitor) else { break }
                #expect(visitor.records.count == before + 1)
                out.append("\(visitor.records.last!)")
            } catch {
                out.append("error \(error.code) \(error.line):\(error.column)")
            }
        }
        return (out, visitor)
    }

    static func materialised(_ text: String) -> [String] {
        materialised(bytes: Array(text.utf8))
    }

    static func materialised(bytes: [UInt8]) -> [String] {
        LDIFReader(bytes: bytes).results().map { result in
            switch result {
            case .success(let record): "\(record)"
            case .failure(let error): "error \(error.code) \(error.line):\(error.column)"
            }
        }
    }

    /// For the RFC 2849 examples and a sample with every record kind and an error, the records
    /// rebuilt from events equal those the materialising reader returns, and errors match by code,
    /// line and column.
    @Test(arguments: 0..<inputs.count)
    func streamingAndMaterialisingAgree(_ index: Int) {
        let text = Self.inputs[index]
        let streamed = Self.streamed(text).results
        #expect(!streamed.isEmpty)
        #expect(streamed == Self.materialised(text))
    }

    /// A record that fails after its `dn:` is abandoned, and the next record is reported whole.
    @Test func badRecordIsAbandonedAndReadingResumes() {
        let text = "dn: cn=a\ncn: a\ncn:: !!!!\n\ndn: cn=b\ncn: b\n"
        let (results, visitor) = Self.streamed(text)
        #expect(results.count == 2)
        #expect(results.first == "error base64 3:6")
        #expect(visitor.events == ["begin cn=a @1", "attribute cn", "abandon", "begin cn=b @5", "attribute cn", "end"])
    }

    /// Base64 values and DNs arrive decoded, folded lines unfolded, and `dn:` lines report their line.
    @Test func valuesArriveDecodedAndUnfolded() {
        let text = "version: 1\ndn:: Y249w6lsw6hu\ndescription:: SGVsbG8=\ncn: fol\n ded\n"
        let (_, visitor) = Self.streamed(text)
        #expect(visitor.events.first == "begin cn=élèn @2")
        guard case .content(let entry)? = visitor.records.first else {
            Issue.record("no content record")
            return
        }
        #expect(entry.values("description") == ["Hello"])
        #expect(entry.values("cn") == ["folded"])
    }

    /// Change records give their events in order: controls, change type, mod-specs and their ends.
    @Test func changeRecordEventsAreOrdered() {
        let text = """
            dn: cn=x
            control: 1.2.840.113556.1.4.805 true
            changetype: modify
            add: mail
            mail: a@b
            -
            delete: cn

            dn: cn=y
            changetype: modrdn
            newrdn: cn=z
            deleteoldrdn: 1
            newsuperior: o=glue
            """
        let (results, visitor) = Self.streamed(text)
        #expect(!results.contains { $0.hasPrefix("error") })
        #expect(visitor.events == [
            "begin cn=x @1", "control", "changetype modify", "modification add", "end modification",
            "modification delete", "end modification", "end",
            "begin cn=y @9", "changetype modifyDN", "modifydn", "end",
        ])
    }

    /// DN syntax is checked by the streaming API too (nothing reaches the visitor for a bad DN).
    @Test func badDNIsReportedWithoutBeginningARecord() {
        let (results, visitor) = Self.streamed("dn: cn=a,=b\ncn: a\n")
        #expect(results.count == 1)
        #expect(results.first?.hasPrefix("error invalidDN 1:") == true)
        #expect(visitor.events.isEmpty)
    }

    /// Reading a file in tiny chunks (records, lines and base64 split across reads) reports the same
    /// records and errors through the visitor as reading the bytes whole.
    @Test(arguments: [1, 3, 64, 256 * 1024])
    func fileChunksDoNotChangeStreamedRecords(_ chunkSize: Int) throws {
        let text = Self.inputs.joined(separator: "\n")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gve-visitor-\(UUID().uuidString).ldif")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var reader = try LDIFReader(path: url.path, chunkSize: chunkSize)
        var visitor = RebuildingVisitor()
        var out: [String] = []
        while true {
            do {
                guard try reader.nextRecord(into: &visitor) else { break }
                out.append("\(visitor.records.last!)")
            } catch {
                out.append("error \(error.code) \(error.line):\(error.column)")
            }
        }
        #expect(out.count > 10)
        #expect(out == Self.streamed(text).results)
    }
}
