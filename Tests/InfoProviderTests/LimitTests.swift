// GVE — InfoProviderTests: misbehaving clients get a Notice of Disconnection and are closed, while a
// well-behaved client on another connection keeps working.
@testable import InfoProvider
import LDAPCore
import LDAPProtocol
import NIOCore
import ServiceLifecycle
import Logging
import Testing

@Suite struct LimitTests {
    let glue = try! DistinguishedName("o=glue")

    func stillServes(_ client: LDAPClient) async throws {
        let r = try await client.search(base: glue, filter: try LDAPFilter("(objectClass=GLUE2Service)"))
        #expect(r.entries.count == 25)
    }

    /// Garbage bytes get a protocolError Notice of Disconnection and the connection is closed.
    @Test func garbageGetsNoticeAndClose() async throws {
        try await withServer { _, port in
            let good = try await LDAPClient.connect(url: "ldap://127.0.0.1:\(port)")
            let bad = try await RawClient(port: port)
            try await bad.send(Array("GET / HTTP/1.1\r\n\r\n".utf8))
            let got = try await bad.messagesUntilClose()
            #expect(got.map(\.noticeCode) == [.protocolError])
            try await stillServes(good)
            await good.close()
        }
    }

    /// Indefinite length, a response PDU from a client, and an over-deep filter all disconnect.
    @Test(arguments: [
        [0x30, 0x80, 0x02, 0x01, 0x01, 0x42, 0x00, 0x00, 0x00],
        [0x30, 0x0C, 0x02, 0x01, 0x01, 0x61, 0x07, 0x0A, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00],
    ] as [[UInt8]])
    func protocolViolationsDisconnect(_ bytes: [UInt8]) async throws {
        try await withServer { _, port in
            let bad = try await RawClient(port: port)
            try await bad.send(bytes)
            #expect(try await bad.messagesUntilClose().last?.noticeCode == .protocolError)
        }
    }

    /// A filter deeper than the limit disconnects with protocolError.
    @Test func tooDeepFilterDisconnects() async throws {
        try await withServer(configure: { $0.limits.maxFilterDepth = 5 }) { _, port in
            var f: LDAPFilter = .present(attribute: "cn")
            for _ in 0..<6 { f = .not(f) }
            let bad = try await RawClient(port: port)
            try await bad.send(LDAPMessage(messageID: 1, .searchRequest(SearchRequest(baseObject: "o=glue", scope: .wholeSubtree, filter: f))))
            #expect(try await bad.messagesUntilClose().last?.noticeCode == .protocolError)
        }
    }

    /// A PDU header announcing more than maxPDUSize is refused before the body is sent.
    @Test func oversizePDUDisconnects() async throws {
        try await withServer(configure: { $0.limits.maxPDUSize = 4096 }) { _, port in
            let good = try await LDAPClient.connect(url: "ldap://127.0.0.1:\(port)")
            let bad = try await RawClient(port: port)
            try await bad.send([0x30, 0x84, 0x00, 0x10, 0x00, 0x00, 0x02, 0x01, 0x01])
            #expect(try await bad.messagesUntilClose().map(\.noticeCode) == [.protocolError])
            try await stillServes(good)
            await good.close()
        }
    }

    /// Connections beyond maxConnections are told `unavailable` and closed; existing ones keep working.
    @Test func tooManyConnectionsAreRefused() async throws {
        try await withServer(configure: { $0.limits.maxConnections = 2 }) { server, port in
            let a = try await LDAPClient.connect(url: "ldap://127.0.0.1:\(port)")
            let b = try await LDAPClient.connect(url: "ldap://127.0.0.1:\(port)")
            try await a.simpleBind()
            try await b.simpleBind()
            let c = try await RawClient(port: port)
            #expect(try await c.messagesUntilClose().map(\.noticeCode) == [.unavailable])
            try await stillServes(a)
            try await stillServes(b)
            await a.close()
            await b.close()
        }
    }

    /// A silent connection is closed after the idle timeout with a notice; an active one is not.
    @Test func idleConnectionIsClosed() async throws {
        try await withServer(configure: { $0.limits.idleTimeoutSeconds = 1 }) { _, port in
            let idle = try await RawClient(port: port)
            #expect(try await idle.messagesUntilClose().map(\.noticeCode) == [.unavailable])
        }
    }

    /// More operations in flight than allowed on one connection are answered busy, not queued.
    @Test func opsInFlightBeyondLimitAreBusy() async throws {
        try await withServer(MemoryBackend.sample(services: 3000), configure: { $0.limits.maxOperationsPerConnection = 1 }) { _, port in
            let client = try await LDAPClient.connect(url: "ldap://127.0.0.1:\(port)")
            let codes = try await withThrowingTaskGroup(of: LDAPResultCode?.self) { group in
                for _ in 1...20 {
                    group.addTask { try await client.send(.searchRequest(SearchRequest(baseObject: "o=glue", scope: .wholeSubtree))).last?.result?.resultCode }
                }
                var out: [LDAPResultCode?] = []
                for try await c in group { out.append(c) }
                return out
            }
            #expect(codes.contains(.busy))
            #expect(codes.contains(.success))
            #expect(codes.count == 20)
            await client.close()
        }
    }

    /// A graceful shutdown finishes and sends every client the Notice of Disconnection (unavailable).
    @Test func gracefulShutdownSendsNotice() async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let server = LDAPServer(configuration: .init(host: "127.0.0.1", port: 0), backend: MemoryBackend.sample(), logger: logger)
        let group = ServiceGroup(services: [server], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = try await server.listeningPorts()[0]
            let raw = try await RawClient(port: port)
            try await raw.send(LDAPMessage(messageID: 1, .bindRequest(.anonymous)))
            let client = try await LDAPClient.connect(url: "ldap://127.0.0.1:\(port)")
            try await client.simpleBind()
            await group.triggerGracefulShutdown()
            let got = try await raw.messagesUntilClose()
            #expect(got.first?.result?.resultCode == .success)
            #expect(got.last?.noticeCode == .unavailable)
            try await tasks.waitForAll()
        }
    }
}
