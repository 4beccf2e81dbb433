// GVE — SiteServiceTests
// Every fault code, identity rules and both SOAP versions, over real HTTP.
import Foundation
import SOAP
import Testing
@testable import SiteService

@Suite struct SOAPInterfaceTests {
    func expectFault(_ code: SiteError.Code, _ body: () async throws -> Void) async -> SiteError? {
        do {
            try await body()
            Issue.record("expected fault \(code)")
            return nil
        } catch let e as SiteError {
            #expect(e.code == code, "got \(e)")
            return e
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    /// Each fault code is produced with its machine-readable details.
    @Test func everyFaultCodeIsProduced() async throws {
        let f = try await Fixture.make()
        let agent = TestAgent(hostname: "host-a", cpus: 2, memoryMB: 4096, images: ["debian"])
        try await withAgent(agent) { agentPort in
            try await f.register(agent, port: agentPort)
            try await withSite(database: f.db, time: f.time) { port in
                let alice = f.client(port)
                let root = f.client(port, user: "root")
                #expect(try await eventually("images") { try await !alice.listImages().isEmpty })

                _ = await expectFault(.authenticationFailed) { _ = try await f.client(port, password: "wrong").getQuota() }
                _ = await expectFault(.notAuthorized) { _ = try await alice.listAgents() }
                let invalid = await expectFault(.invalidRequest) {
                    _ = try await alice.call("RequestVM", [SiteClient.el("image", "debian"), SiteClient.el("vcpus", "two"),
                                                           SiteClient.el("memoryMB", "1"), SiteClient.el("diskGB", "1")])
                }
                #expect(invalid?.details.first { $0.0 == "field" }?.1 == "vcpus")
                _ = await expectFault(.unknownImage) { _ = try await alice.requestVM(VMRequest(image: "windows", vcpus: 1, memoryMB: 1, diskGB: 1)) }
                let quota = await expectFault(.quotaExceeded) { _ = try await alice.requestVM(VMRequest(image: "debian", vcpus: 1, memoryMB: 20000, diskGB: 1)) }
                let d = Dictionary(quota?.details ?? [], uniquingKeysWith: { a, _ in a })
                #expect(d["resource"] == "memoryMB")
                #expect(d["limit"] == "10240")
                #expect(d["used"] == "0")
                #expect(d["requested"] == "20000")
                let capacity = await expectFault(.noCapacity) { _ = try await alice.requestVM(VMRequest(image: "debian", vcpus: 3, memoryMB: 1, diskGB: 1)) }
                #expect(capacity?.hostReasons.first?.host == "host-a")
                #expect(capacity?.hostReasons.first?.reason.contains("vCPUs") == true)
                _ = await expectFault(.notFound) { _ = try await alice.getJob("no-such-job") }
                _ = await expectFault(.notFound) { _ = try await alice.describeVM("gve-nothing") }

                let r = try await alice.requestVM(VMRequest(image: "debian", vcpus: 1, memoryMB: 256, diskGB: 1, clientRequestID: "same"))
                let again = try await alice.requestVM(VMRequest(image: "debian", vcpus: 1, memoryMB: 256, diskGB: 1, clientRequestID: "same"))
                #expect(again.replayed && again.jobs.map(\.id) == r.jobs.map(\.id))
                // Accepted and replayed requests are audited once each (in their own transaction); faults are audited too.
                let requests = try await f.db.queryAudit(actor: "alice", operation: "RequestVM")
                #expect(requests.filter { $0.outcome == "ok" }.count == 2)
                #expect(Set(requests.map(\.outcome)).isSuperset(of: ["InvalidRequest", "UnknownImage", "QuotaExceeded", "NoCapacity"]))
                #expect(try await eventually("running") { try await alice.getJob(r.jobs[0].id).state == .running })
                let name = try #require(r.jobs[0].vmName)
                #expect(try await alice.manageVM(name, action: .stop).state == "halted")
                _ = await expectFault(.invalidState) { _ = try await alice.manageVM(name, action: .suspend) }
                #expect(try await alice.manageVM(name, action: .start).state == "running")
                // Another user cannot see alice's VM.
                _ = try await root.createUser(name: "mallory", password: "mpw")
                _ = await expectFault(.notFound) { _ = try await f.client(port, user: "mallory", password: "mpw").describeVM(name) }
                let released = try await alice.releaseVM(name)
                #expect(released.state == .releasing || released.state == .released)
                #expect(try await eventually("released") { try await alice.getJob(r.jobs[0].id).state == .released })
                #expect(try await alice.releaseVM(name).state == .released)  // releasing again is idempotent
                _ = await expectFault(.invalidState) { _ = try await alice.manageVM(name, action: .start) }
            }
        }
    }

    /// Admin operations manage users, quotas and agents; the audit log records every call with its outcome.
    @Test func adminOperationsAndAudit() async throws {
        let f = try await Fixture.make()
        try await withSite(database: f.db, time: f.time) { port in
            let root = f.client(port, user: "root")
            let bob = try await root.createUser(name: "bob", password: "bobpw", role: .user)
            #expect(bob.role == .user && !bob.disabled)
            let q = try await root.setQuota(user: "bob", limits: QuotaLimits(vms: 2, vcpus: 4))
            #expect(q.limits == QuotaLimits(vms: 2, vcpus: 4))
            #expect(q.remaining == QuotaLimits(vms: 2, vcpus: 4))
            #expect(try await f.client(port, user: "bob", password: "bobpw").getQuota().limits.vms == 2)
            #expect(try await root.disableUser("bob").disabled)
            _ = await expectFault(.authenticationFailed) { _ = try await f.client(port, user: "bob", password: "bobpw").getQuota() }
            let a = try await root.registerAgent(name: "ag", url: "http://127.0.0.1:9", username: "s", password: "p", vmmType: "kvm")
            #expect(a.vmmType == "kvm")
            #expect(try await root.listAgents().map(\.name) == ["ag"])
            _ = await expectFault(.invalidRequest) { _ = try await root.registerAgent(name: "x", url: "ftp://h", username: "s", password: "p", vmmType: "kvm") }
            try await root.removeAgent("ag")
            #expect(try await root.listAgents().isEmpty)
            _ = await expectFault(.notFound) { try await root.removeAgent("ag") }
            let audit = try await root.queryAudit(actor: "root")
            #expect(audit.map(\.operation).starts(with: ["CreateUser", "SetQuota"]))
            #expect(audit.contains { $0.operation == "RemoveAgent" && $0.outcome == "NotFound" })
            #expect(audit.allSatisfy { !$0.arguments.contains("bobpw") })
            #expect(try await root.queryAudit(operation: "GetQuota").contains { $0.actor == "bob" && $0.outcome == "AuthenticationFailed" })
        }
    }

    /// WS-Security: Text and Digest tokens work over SOAP 1.1 and 1.2; a replayed nonce and a stale Created are refused.
    @Test func wsSecurityTokensAndReplayProtection() async throws {
        let f = try await Fixture.make()
        try await withSite(database: f.db, time: f.time) { port in
            for version in SOAPVersion.allCases {
                for auth in [SiteClient.Authentication.usernameTokenText, .usernameTokenDigest, .basic] {
                    var c = f.client(port, auth: auth)
                    c.version = version
                    let user = try await c.getQuota().user
                    #expect(user == "alice")
                }
            }
            let handler = SiteSOAPHandler(operations: SiteOperations(database: f.db, bcryptCost: 4, now: f.time.source),
                                          authenticator: Authenticator(database: f.db, now: f.time.source))
            let token = UsernameToken.digest(username: "alice", password: "alicepw", nonce: Data("fixed-nonce-1234".utf8), created: f.time.now())
            let env = SOAPEnvelope(version: .soap11, headerBlocks: [token.securityHeader()], body: SOAPElement("GetQuota", namespace: SiteWSDL.namespace))
            let first = await handler.handle(body: env.serialized(), contentType: "text/xml", authorization: nil, clientAddress: nil)
            #expect(first.status == 200)
            let replay = await handler.handle(body: env.serialized(), contentType: "text/xml", authorization: nil, clientAddress: nil)
            #expect(replay.status == 500)
            let replayCode = try SOAPEnvelope(data: replay.body).fault()?.applicationCode(namespace: SiteWSDL.namespace)
            #expect(replayCode == "AuthenticationFailed")
            let stale = UsernameToken.digest(username: "alice", password: "alicepw", nonce: Data("other-nonce-5678".utf8), created: f.time.now().addingTimeInterval(-3600))
            let staleEnv = SOAPEnvelope(version: .soap12, headerBlocks: [stale.securityHeader()], body: SOAPElement("GetQuota", namespace: SiteWSDL.namespace))
            let staleAnswer = await handler.handle(body: staleEnv.serialized(), contentType: "application/soap+xml", authorization: nil, clientAddress: nil)
            #expect(staleAnswer.status == 400)
        }
    }

    /// Repeated failures for a user or address slow down further attempts (the delay doubles up to a cap).
    @Test func repeatedFailuresAreSlowed() async throws {
        let f = try await Fixture.make()
        let auth = Authenticator(database: f.db, configuration: .init(freeFailures: 2, baseDelay: .milliseconds(1), maximumDelay: .milliseconds(8)), now: f.time.source)
        #expect(auth.delay(afterFailures: 1) == .zero)
        #expect(auth.delay(afterFailures: 2) == .milliseconds(1))
        #expect(auth.delay(afterFailures: 4) == .milliseconds(4))
        #expect(auth.delay(afterFailures: 40) == .milliseconds(8))
        let bad = HTTPBasicCredential(username: "alice", password: "nope").authorizationHeader
        for _ in 0..<3 {
            await #expect(throws: SiteError(.authenticationFailed, "")) { try await auth.authenticate(header: nil, authorization: bad, clientAddress: "10.0.0.1") }
        }
        #expect(auth.failures(for: "user:alice") == 3)
        #expect(auth.failures(for: "ip:10.0.0.1") == 3)
        let good = HTTPBasicCredential(username: "alice", password: "alicepw").authorizationHeader
        #expect(try await auth.authenticate(header: nil, authorization: good, clientAddress: "10.0.0.1").name == "alice")
        #expect(auth.failures(for: "user:alice") == 0)
    }

    /// Hostile XML (DTD/XXE, wrong envelope namespace, oversized) gets a fault, never a crash.
    @Test func hostileXMLGetsFaults() async throws {
        let f = try await Fixture.make()
        let handler = SiteSOAPHandler(operations: SiteOperations(database: f.db, bcryptCost: 4), authenticator: Authenticator(database: f.db),
                                      parserConfiguration: .init(maximumSize: 4096))
        let xxe = #"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Body><GetQuota xmlns="urn:gve:site:1">&e;</GetQuota></Body></Envelope>"#
        let a = await handler.handle(body: Data(xxe.utf8), contentType: "text/xml", authorization: nil, clientAddress: nil)
        #expect(a.status == 500)
        #expect(!String(decoding: a.body, as: UTF8.self).contains("root:"))
        #expect(try SOAPEnvelope(data: a.body).fault()?.reason.contains("DOCTYPE") == true)
        let wrong = #"<Envelope xmlns="urn:not-soap"><Body><GetQuota/></Body></Envelope>"#
        let b = await handler.handle(body: Data(wrong.utf8), contentType: "text/xml", authorization: nil, clientAddress: nil)
        #expect(try SOAPEnvelope(data: b.body).fault()?.code == .versionMismatch)
        let big = Data(repeating: UInt8(ascii: "a"), count: 5000)
        let c = await handler.handle(body: big, contentType: "text/xml", authorization: nil, clientAddress: nil)
        #expect(try SOAPEnvelope(data: c.body).fault()?.reason.contains("4096") == true)
    }

    /// A mandatory header block the service does not understand gets a MustUnderstand fault; wsse:Security is understood.
    @Test func unknownMandatoryHeaderIsMustUnderstandFault() async throws {
        let f = try await Fixture.make()
        let handler = SiteSOAPHandler(operations: SiteOperations(database: f.db, bcryptCost: 4), authenticator: Authenticator(database: f.db))
        for version in SOAPVersion.allCases {
            let mu = SOAPAttribute(name: "mustUnderstand", namespace: version.envelopeNamespace, value: "1")
            var security = UsernameToken(username: "alice", password: "alicepw", passwordType: .text).securityHeader()
            security.attributes.append(mu)
            let strange = SOAPElement("Transaction", namespace: "urn:other", attributes: [mu], children: [], text: "1")
            let body = SOAPElement("GetQuota", namespace: SiteWSDL.namespace)
            let ok = await handler.handle(body: SOAPEnvelope(version: version, headerBlocks: [security], body: body).serialized(),
                                          contentType: nil, authorization: nil, clientAddress: nil)
            #expect(ok.status == 200)
            let bad = await handler.handle(body: SOAPEnvelope(version: version, headerBlocks: [security, strange], body: body).serialized(),
                                           contentType: nil, authorization: nil, clientAddress: nil)
            let code = try SOAPEnvelope(data: bad.body).fault()?.code
            #expect(code == .mustUnderstand)
        }
    }
}
