// GVE — InfoProviderTests: a tiny in-memory backend, a running server and a raw-socket client.
import Dispatch
import Foundation
@testable import InfoProvider
import Directory
import LDAPCore
import LDAPProtocol
import Logging
import NIOCore
import NIOPosix
import Synchronization
import Testing

/// A small in-memory directory for protocol tests (the real engine has its own tests).
final class MemoryBackend: DirectoryBackend {
    let entries: Mutex<[LDAPEntry]>
    let namingContexts: [DistinguishedName]

    init(_ entries: [LDAPEntry], namingContexts: [DistinguishedName] = [try! DistinguishedName("o=glue")]) {
        self.entries = Mutex(entries)
        self.namingContexts = namingContexts
    }

    func search(_ q: SearchQuery) throws(DirectoryError) -> SearchResults {
        let all = entries.withLock { $0 }
        guard q.base.isRoot || all.contains(where: { $0.dn == q.base }) else {
            throw DirectoryError(code: .noSuchObject, message: "no such entry \(q.base)")
        }
        var out: [LDAPEntry] = []
        for e in all {
            let inScope: Bool
            switch q.scope {
            case .baseObject: inScope = e.dn == q.base
            case .singleLevel: inScope = e.dn.parent == q.base
            case .wholeSubtree: inScope = e.dn.isDescendant(of: q.base)
            }
            guard inScope, AttributeSelection.matches(q.filter, e) else { continue }
            if q.sizeLimit > 0 && out.count == q.sizeLimit { return SearchResults(entries: out, code: .sizeLimitExceeded) }
            var p = AttributeSelection.project(e, q.attributes, operational: [])
            if q.attributes.contains("1.1") && q.attributes.count == 1 { p.attributes = [] }
            if q.typesOnly { p.attributes = p.attributes.map { LDAPAttribute(name: $0.name, values: []) } }
            out.append(p)
        }
        return SearchResults(entries: out, code: .success)
    }

    func add(_ entry: LDAPEntry) throws(DirectoryError) {
        try entries.withLock { (all) throws(DirectoryError) in
            guard !all.contains(where: { $0.dn == entry.dn }) else { throw DirectoryError(code: .entryAlreadyExists, message: "\(entry.dn) exists") }
            all.append(entry)
        }
    }

    func modify(_ dn: DistinguishedName, _ changes: [LDAPModification]) throws(DirectoryError) {
        try entries.withLock { (all) throws(DirectoryError) in
            guard let i = all.firstIndex(where: { $0.dn == dn }) else { throw DirectoryError(code: .noSuchObject, message: "no \(dn)") }
            for c in changes where c.operation == .replace {
                all[i].attributes.removeAll { $0.typeKey == c.attribute.typeKey }
                all[i].attributes.append(c.attribute)
            }
        }
    }

    func delete(_ dn: DistinguishedName) throws(DirectoryError) {
        try entries.withLock { (all) throws(DirectoryError) in
            guard let i = all.firstIndex(where: { $0.dn == dn }) else { throw DirectoryError(code: .noSuchObject, message: "no \(dn)") }
            all.remove(at: i)
        }
    }

    func modifyDN(_ dn: DistinguishedName, newRDN: RelativeDistinguishedName, deleteOldRDN: Bool, newSuperior: DistinguishedName?) throws(DirectoryError) {
        try entries.withLock { (all) throws(DirectoryError) in
            guard let i = all.firstIndex(where: { $0.dn == dn }) else { throw DirectoryError(code: .noSuchObject, message: "no \(dn)") }
            all[i].dn = (newSuperior ?? dn.parent ?? .root).child(newRDN)
        }
    }

    func compare(_ dn: DistinguishedName, attribute: String, value: [UInt8]) throws(DirectoryError) -> Bool {
        guard let e = entries.withLock({ $0.first { $0.dn == dn } }) else { throw DirectoryError(code: .noSuchObject, message: "no \(dn)") }
        return e[attribute].contains(value)
    }

    func subschemaEntry() -> LDAPEntry {
        LDAPEntry(dn: RootDSE.subschemaDN, attributes: [
            LDAPAttribute(name: "objectClass", strings: ["top", "subentry", "subschema"]),
            LDAPAttribute(name: "cn", strings: ["Subschema"]),
            LDAPAttribute(name: "attributeTypes", strings: ["( 2.5.4.3 NAME 'cn' SUP name )"]),
            LDAPAttribute(name: "objectClasses", strings: ["( 2.5.6.0 NAME 'top' ABSTRACT MUST objectClass )"]),
        ])
    }

    /// o=glue with `services` GLUE2Service entries under GLUE2GroupID=resource, and a user with a password.
    static func sample(services: Int = 25) -> MemoryBackend {
        var entries = [
            LDAPEntry(dn: try! DistinguishedName("o=glue"), attributes: [
                LDAPAttribute(name: "objectClass", strings: ["organization"]), LDAPAttribute(name: "o", strings: ["glue"])]),
            LDAPEntry(dn: try! DistinguishedName("GLUE2GroupID=resource,o=glue"), attributes: [
                LDAPAttribute(name: "objectClass", strings: ["GLUE2Group"]), LDAPAttribute(name: "GLUE2GroupID", strings: ["resource"])]),
            LDAPEntry(dn: try! DistinguishedName("cn=admin,o=glue"), attributes: [
                LDAPAttribute(name: "objectClass", strings: ["person"]), LDAPAttribute(name: "cn", strings: ["admin"]),
                LDAPAttribute(name: "userPassword", strings: ["s3cret"])]),
        ]
        for i in 0..<services {
            entries.append(LDAPEntry(dn: try! DistinguishedName("GLUE2ServiceID=urn:svc:\(i),GLUE2GroupID=resource,o=glue"), attributes: [
                LDAPAttribute(name: "objectClass", strings: ["GLUE2Entity", "GLUE2Service"]),
                LDAPAttribute(name: "GLUE2ServiceID", strings: ["urn:svc:\(i)"]),
                LDAPAttribute(name: "GLUE2ServiceType", strings: [i % 2 == 0 ? "org.glite.ce.CREAM" : "org.nordugrid.arex"]),
                LDAPAttribute(name: "GLUE2EntityName", strings: ["Service \(i)"]),
            ]))
        }
        return MemoryBackend(entries)
    }
}

/// A server on a free loopback port for the duration of `body`.
func withServer<T>(_ backend: any DirectoryBackend = MemoryBackend.sample(),
                   configure: (inout LDAPServerConfiguration) -> Void = { _ in },
                   _ body: (LDAPServer, Int) async throws -> T) async throws -> T {
    var configuration = LDAPServerConfiguration(host: "127.0.0.1", port: 0)
    configure(&configuration)
    var logger = Logger(label: "test.ldap")
    logger.logLevel = .warning
    let server = LDAPServer(configuration: configuration, backend: backend, logger: logger)
    let task = Task { try await server.run() }
    defer { task.cancel() }
    let port = try await server.listeningPorts()[0]
    return try await body(server, port)
}

/// Records every byte the server sends until it closes.
final class Collector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    var received = ByteBuffer()
    let closed: EventLoopPromise<ByteBuffer>
    init(closed: EventLoopPromise<ByteBuffer>) { self.closed = closed }
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var b = unwrapInboundIn(data)
        received.writeBuffer(&b)
    }
    func channelInactive(context: ChannelHandlerContext) { closed.succeed(received) }
}

/// A client that writes raw bytes and reads everything the server sends until it closes.
final class RawClient: Sendable {
    let channel: any Channel
    let closed: EventLoopFuture<ByteBuffer>

    init(port: Int) async throws {
        let promise = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: ByteBuffer.self)
        channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Collector(closed: promise)) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        closed = promise.futureResult
    }

    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
    }

    func send(_ message: LDAPMessage) async throws {
        var b = ByteBuffer()
        message.serialize(into: &b)
        try await channel.writeAndFlush(b).get()
    }

    /// Everything received once the server has closed the connection, decoded into messages.
    func messagesUntilClose() async throws -> [LDAPMessage] {
        var all = try await closed.get()
        var decoder = LDAPMessageDecoder(limits: .init(maxPDUSize: 16 << 20))
        var out: [LDAPMessage] = []
        while let m = try decoder.decode(buffer: &all) { out.append(m) }
        return out
    }
}

extension LDAPMessage {
    /// The result code when this is a Notice of Disconnection.
    var noticeCode: LDAPResultCode? {
        guard messageID == 0, case .extendedResponse(let r) = protocolOp, r.name == LDAPOID.noticeOfDisconnection else { return nil }
        return r.result.resultCode
    }
}

/// Runs blocking work on its own thread, so it never occupies the (two-thread) cooperative pool that the
/// server under test needs.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.start()
    }
}

/// Runs a program to completion: exit status, standard output, standard error. Fails (does not skip)
/// when the program is missing.
func runProgram(_ path: String, _ arguments: [String], environment: [String: String]? = nil) async throws -> (status: Int32, out: String, err: String) {
    try await onThread {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        if let environment { p.environment = environment }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Drain standard error on a second thread so neither pipe can fill up and block the program.
        let errData = Mutex(Data())
        let errDone = DispatchSemaphore(value: 0)
        Thread {
            let d = err.fileHandleForReading.readDataToEndOfFile()
            errData.withLock { $0 = d }
            errDone.signal()
        }.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        errDone.wait()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: errData.withLock { $0 }, as: UTF8.self))
    }
}
