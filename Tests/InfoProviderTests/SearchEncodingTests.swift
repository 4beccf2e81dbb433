// GVE — InfoProviderTests: the directory's pre-encoded search results are byte for byte what the
// protocol encoder writes for the same entries; Abandon stops a long search on the wire.
import Directory
import Foundation
@testable import InfoProvider
import LDAPCore
import LDAPProtocol
import NIOCore
import NIOPosix
import Testing

@Suite struct SearchEncodingTests {
    /// A directory with `services` computing services, each carrying `padding` bytes of extra value.
    static func directory(services: Int, padding: Int = 0) throws -> Directory {
        var ldif = DirectoryServerTests.ldif(services: services)
        if padding > 0 {
            let pad = String(repeating: "x", count: padding)
            ldif = ldif.replacingOccurrences(of: "GLUE2ServiceQualityLevel: production\n", with: "GLUE2ServiceQualityLevel: production\nGLUE2ServiceStatusInfo: \(pad)\n")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gve-enc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("data.ldif").path
        try ldif.write(toFile: file, atomically: true, encoding: .utf8)
        return try DirectoryLoader.load(ldifFiles: [file])
    }

    /// Every attribute selection (all, named, options, `+`, `1.1`, typesOnly, the subschema entry)
    /// encodes to the same bytes as `SearchResultEntry.serializeMessage` of the projected entry.
    @Test(arguments: [
        (["*"], false), ([], false), (["GLUE2ServiceID", "objectClass"], false), (["glue2entityname"], false),
        (["*", "+"], false), (["+"], false), (["1.1"], false), (["*"], true), (["GLUE2EntityName", "entryDN"], true),
    ])
    func preEncodedEntriesMatchTheProtocolEncoder(_ attributes: [String], _ typesOnly: Bool) throws {
        let directory = try Self.directory(services: 12)
        for (base, filter) in [("o=glue", "(objectClass=*)"), ("cn=Subschema", "(objectClass=*)")] {
            let query = SearchQuery(base: try DistinguishedName(base), scope: base == "o=glue" ? .wholeSubtree : .baseObject,
                                    filter: try LDAPFilter(filter), attributes: attributes, typesOnly: typesOnly)
            let plain = try directory.search(query)
            let encoded = try directory.searchEncoded(query)
            #expect(encoded.count == plain.entries.count)
            #expect(encoded.code == plain.code)
            for (i, entry) in plain.entries.enumerated() {
                var expected = ByteBuffer()
                SearchResultEntry.serializeMessage(messageID: 300 + i, entry: entry, typesOnly: typesOnly, into: &expected)
                var bytes: [UInt8] = []
                encoded.encodeMessage(i, messageID: 300 + i, into: &bytes)
                #expect(bytes == Array(expected.readableBytesView), "entry \(entry.dn) for \(attributes) typesOnly \(typesOnly)")
            }
        }
    }

    /// A client that sends Abandon while a large search is still being written gets only part of
    /// the entries and no SearchResultDone for it, and the connection keeps serving.
    @Test func abandonStopsALongSearchOnTheWire() async throws {
        let services = 1500
        let directory = try Self.directory(services: services, padding: 32 * 1024)
        try await withServer(directory) { _, port in
            let promise = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: ByteBuffer.self)
            // No reading until Abandon is sent: the server's writes back up, so the search is still
            // running when the Abandon arrives.
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelOption(.autoRead, value: false)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Collector(closed: promise)) }
                }
                .connect(host: "127.0.0.1", port: port).get()
            func send(_ m: LDAPMessage) async throws {
                var b = ByteBuffer()
                m.serialize(into: &b)
                try await channel.writeAndFlush(b).get()
            }
            try await send(LDAPMessage(messageID: 1, .searchRequest(SearchRequest(baseObject: "o=glue", scope: .wholeSubtree,
                                                                                    filter: .present(attribute: "objectClass")))))
            try await send(LDAPMessage(messageID: 2, .abandonRequest(AbandonRequest(messageID: 1))))
            try await send(LDAPMessage(messageID: 3, .searchRequest(SearchRequest(baseObject: "", scope: .baseObject, attributes: ["1.1"]))))
            try await channel.setOption(.autoRead, value: true).get()
            channel.read()
            // Read until the root DSE search is answered, then say goodbye.
            var pending = ByteBuffer()
            var decoder = LDAPMessageDecoder(limits: .init(maxPDUSize: 16 << 20))
            var messages: [LDAPMessage] = []
            func isDone(_ m: LDAPMessage, _ id: Int) -> Bool {
                if m.messageID == id, case .searchResultDone = m.protocolOp { return true }
                return false
            }
            while !messages.contains(where: { isDone($0, 3) }) {
                try await Task.sleep(for: .milliseconds(20))
                var fresh = try await channel.eventLoop.submit { () -> ByteBuffer in
                    let collector = try channel.pipeline.syncOperations.handler(type: Collector.self)
                    defer { collector.received.clear() }
                    return collector.received
                }.get()
                pending.writeBuffer(&fresh)
                while let m = try decoder.decode(buffer: &pending) { messages.append(m) }
            }
            try await send(LDAPMessage(messageID: 4, .unbindRequest))
            var rest = try await promise.futureResult.get()
            pending.writeBuffer(&rest)
            while let m = try decoder.decode(buffer: &pending) { messages.append(m) }
            let entries = messages.filter { if $0.messageID == 1, case .searchResultEntry = $0.protocolOp { true } else { false } }.count
            let done = messages.contains { isDone($0, 1) }
            #expect(entries < services)
            #expect(!done)
        }
    }
}
