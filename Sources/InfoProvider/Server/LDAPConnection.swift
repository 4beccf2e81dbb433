// GVE — InfoProvider
// One client session: reads requests, runs them (concurrently, except Bind, Unbind, Abandon and
// StartTLS), writes responses in batches, and ends the session with a Notice of Disconnection when the
// client breaks the protocol or the server shuts down (RFC 4511 §4.4.1).

import Directory
import LDAPCore
import LDAPProtocol
import Logging
import NIOCore
import NIOSSL
import Synchronization

/// Per-session state shared by the session's operations.
struct ConnectionState: Sendable {
    /// Bound identity; nil is anonymous.
    var identity: DistinguishedName?
    /// Message IDs of operations running.
    var running: Set<Int> = []
    /// Message IDs abandoned by the client while running.
    var abandoned: Set<Int> = []
    /// Paged searches in progress, by cookie.
    var paged: [UInt64: PagedSearch] = [:]
    var nextCookie: UInt64 = 1
    var tlsActive = false
    var shuttingDown = false
    /// Persistent searches open, by messageID (ended by Abandon or the end of the session).
    var persistent: [Int: DirectoryChangeSubscription] = [:]
}

/// A paged search's remaining results (RFC 2696).
struct PagedSearch: Sendable {
    var entries: [LDAPEntry]
    var offset: Int
    var code: LDAPResultCode
    var typesOnly: Bool
}

final class LDAPConnection: Sendable {
    let channel: any Channel
    let backend: any DirectoryBackend
    let configuration: LDAPServerConfiguration
    let tlsContext: NIOSSLContext?
    let access: SessionAccess
    let logger: Logger
    let state: Mutex<ConnectionState>

    init(channel: any Channel, backend: any DirectoryBackend, configuration: LDAPServerConfiguration,
         tlsContext: NIOSSLContext?, tlsActive: Bool, access: SessionAccess, logger: Logger) {
        self.channel = channel
        self.backend = backend
        self.configuration = configuration
        self.tlsContext = tlsContext
        self.access = access
        self.logger = logger
        self.state = Mutex(ConnectionState(tlsActive: tlsActive))
    }

    /// Asks the session to finish: no new requests are read, running ones complete, then the Notice of
    /// Disconnection (`unavailable`) is sent and the connection closed.
    func beginShutdown() {
        state.withLock { $0.shuttingDown = true }
        channel.close(mode: .input, promise: nil)
    }

    /// Runs the session until the client leaves, breaks the protocol, or the server shuts down.
    func run(_ asyncChannel: NIOAsyncChannel<LDAPMessage, ByteBuffer>) async {
        do {
            try await asyncChannel.executeThenClose { inbound, outbound in
                let writer = ResponseWriter(outbound: outbound, allocator: channel.allocator,
                                            batchSize: configuration.writeBatchSize)
                do {
                    try await serve(inbound, writer)
                } catch let error as LDAPProtocolError {
                    logger.debug("protocol error, disconnecting", metadata: ["error": "\(error)"])
                    return try await writer.notice(.protocolError, error.message)
                } catch let error as SessionError {
                    return try await writer.notice(error.code, error.message)
                } catch {
                    // The peer went away, or input was closed for shutdown (which may surface as an error).
                    logger.debug("session input ended", metadata: ["error": "\(error)"])
                }
                if state.withLock({ $0.shuttingDown }) {
                    try await writer.notice(.unavailable, "the server is shutting down")
                }
            }
        } catch {
            logger.debug("close failed", metadata: ["error": "\(error)"])
        }
    }

    /// A request that ends the session with a notice.
    struct SessionError: Error {
        var code: LDAPResultCode
        var message: String
    }

    private func serve(_ inbound: NIOAsyncChannelInboundStream<LDAPMessage>, _ writer: ResponseWriter) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            for try await message in inbound {
                let id = message.messageID
                switch message.protocolOp {
                case .unbindRequest:
                    group.cancelAll()
                    return
                case .abandonRequest(let a):
                    let persistent = state.withLock { s in
                        if s.running.contains(a.messageID) { s.abandoned.insert(a.messageID) }
                        return s.persistent[a.messageID]
                    }
                    persistent?.cancel()
                case .bindRequest(let bind):
                    let result = await self.bind(bind, message)
                    backend.answered("bind", result: result.resultCode)
                    try await writer.send(LDAPMessage(messageID: id, .bindResponse(BindResponse(result))))
                case .extendedRequest(let x) where x.name == LDAPOID.startTLS:
                    try await startTLS(id, writer)
                case .searchRequest, .modifyRequest, .addRequest, .delRequest, .modifyDNRequest, .compareRequest, .extendedRequest:
                    guard id != 0 else { throw SessionError(code: .protocolError, message: "messageID 0 is reserved for notifications") }
                    let admitted = state.withLock { s -> Bool in
                        guard s.running.count < configuration.limits.maxOperationsPerConnection, !s.running.contains(id) else { return false }
                        s.running.insert(id)
                        return true
                    }
                    guard admitted else {
                        try await writer.send(Self.response(to: message, LDAPResult(.busy, diagnosticMessage:
                            "more than \(configuration.limits.maxOperationsPerConnection) operations in flight, or messageID \(id) in use")))
                        continue
                    }
                    if case .searchRequest = message.protocolOp, message.controls.contains(where: { $0.type == LDAPOID.persistentSearch }) {
                        registerPersistentSearch(id)
                    }
                    group.addTask {
                        defer {
                            let persistent = self.state.withLock { s in
                                s.running.remove(id)
                                s.abandoned.remove(id)
                                return s.persistent.removeValue(forKey: id)
                            }
                            persistent?.cancel()
                        }
                        do {
                            try await self.perform(message, writer)
                        } catch {
                            self.logger.debug("operation failed", metadata: ["messageID": "\(id)", "error": "\(error)"])
                        }
                    }
                default:
                    throw SessionError(code: .protocolError, message: "a client may not send \(Self.opName(message.protocolOp))")
                }
            }
            endPersistentSearches()
        }
    }

    static func opName(_ op: LDAPMessage.ProtocolOp) -> String {
        "\(op)".prefix { $0 != "(" }.description
    }

    /// The response PDU that answers `request` with `result`.
    static func response(to request: LDAPMessage, _ result: LDAPResult) -> LDAPMessage {
        let op: LDAPMessage.ProtocolOp
        switch request.protocolOp {
        case .searchRequest: op = .searchResultDone(SearchResultDone(result))
        case .modifyRequest: op = .modifyResponse(ModifyResponse(result))
        case .addRequest: op = .addResponse(AddResponse(result))
        case .delRequest: op = .delResponse(DelResponse(result))
        case .modifyDNRequest: op = .modifyDNResponse(ModifyDNResponse(result))
        case .compareRequest: op = .compareResponse(CompareResponse(result))
        case .bindRequest: op = .bindResponse(BindResponse(result))
        default: op = .extendedResponse(ExtendedResponse(result))
        }
        return LDAPMessage(messageID: request.messageID, op)
    }

    // MARK: Bind (RFC 4511 §4.2, RFC 4513 §5)

    func bind(_ bind: BindRequest, _ message: LDAPMessage) async -> LDAPResult {
        // A failed or new bind leaves the session anonymous until it succeeds.
        state.withLock { $0.identity = nil }
        guard bind.version == 3 else { return LDAPResult(.protocolError, diagnosticMessage: "only LDAP version 3 is supported") }
        guard case .simple(let passwordBytes) = bind.authentication else {
            return LDAPResult(.authMethodNotSupported, diagnosticMessage: "SASL is not supported; use a simple bind")
        }
        let dn: DistinguishedName
        do { dn = try bind.name.distinguishedName() } catch {
            return LDAPResult(.invalidDNSyntax, diagnosticMessage: "\(error)")
        }
        if dn.isRoot {
            return passwordBytes.isEmpty ? .success : LDAPResult(.invalidCredentials, diagnosticMessage: "a password needs a bind DN")
        }
        guard !passwordBytes.isEmpty else {
            return LDAPResult(.unwillingToPerform, diagnosticMessage: "unauthenticated bind (DN with no password) disallowed")
        }
        let ok: Bool
        switch access.control.bindTarget(dn) {
        case .account(let verify): ok = verify(passwordBytes)
        case .entry: ok = entryPasswordMatches(dn, passwordBytes)
        }
        guard ok else {
            // Repeated failures for a DN are answered ever more slowly (BindThrottle).
            let delay = access.throttle.failed(dn)
            logger.notice("failed bind", metadata: ["dn": "\(dn)", "peer": "\(channel.remoteAddress.map { "\($0)" } ?? "?")",
                                                    "delay": "\(delay)"])
            try? await Task.sleep(for: delay)
            return LDAPResult(.invalidCredentials)
        }
        access.throttle.succeeded(dn)
        state.withLock { $0.identity = dn }
        return .success
    }

    /// Whether an entry's `userPassword` holds this password: a `{SCHEME}` value is verified as a hash, any
    /// other value compared in constant time. Such identities may read, never write (they are not publishers).
    private func entryPasswordMatches(_ dn: DistinguishedName, _ password: [UInt8]) -> Bool {
        guard let found = try? backend.search(SearchQuery(base: dn, scope: .baseObject, attributes: ["userPassword"], revealsPasswords: true)),
              let entry = found.entries.first else {
            // Spend the same work as a real check, so unknown DNs do not answer faster.
            _ = PasswordHash(hashing: password, salt: [0]).verify(password)
            return false
        }
        var ok = false
        for value in entry["userPassword"] {
            let text = String(decoding: value, as: UTF8.self)
            if text.hasPrefix("{"), let hash = try? PasswordHash(text) {
                ok = hash.verify(password) || ok
            } else {
                ok = PasswordHash.plaintextMatches(password, value) || ok
            }
        }
        return ok
    }

    // MARK: StartTLS (RFC 4511 §4.14)

    private func startTLS(_ id: Int, _ writer: ResponseWriter) async throws {
        func answer(_ r: LDAPResult) async throws {
            try await writer.send(LDAPMessage(messageID: id, .extendedResponse(ExtendedResponse(r, name: LDAPOID.startTLS))))
        }
        guard let tlsContext else { return try await answer(LDAPResult(.unavailable, diagnosticMessage: "TLS is not configured")) }
        let refusal: String? = state.withLock { s in
            if s.tlsActive { return "TLS is already active" }
            if !s.running.isEmpty { return "operations are still in progress" }
            return nil
        }
        if let refusal { return try await answer(LDAPResult(.operationsError, diagnosticMessage: refusal)) }
        // Write the response and insert the TLS handler in the same event-loop turn, so nothing the
        // client sends after reading the response can reach the plaintext decoder.
        var buffer = channel.allocator.buffer(capacity: 64)
        LDAPMessage(messageID: id, .extendedResponse(ExtendedResponse(.success, name: LDAPOID.startTLS))).serialize(into: &buffer)
        let channel = self.channel
        let bytes = buffer
        try await channel.eventLoop.flatSubmit {
            channel.writeAndFlush(bytes).flatMapThrowing {
                try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tlsContext), position: .first)
            }
        }.get()
        state.withLock { $0.tlsActive = true }
    }

    // MARK: Operations

    private func perform(_ message: LDAPMessage, _ writer: ResponseWriter) async throws {
        // RFC 4511 §4.1.11: an unrecognized critical control fails the operation.
        let supported = Set(RootDSE.supportedControls)
        if let c = message.controls.first(where: { $0.criticality && !supported.contains($0.type) }) {
            return try await writer.send(Self.response(to: message, LDAPResult(.unavailableCriticalExtension,
                                                                                 diagnosticMessage: "critical control \(c.type) is not supported")))
        }
        let id = message.messageID
        let result: LDAPResult
        switch message.protocolOp {
        case .searchRequest(let s):
            return try await search(message, s, writer)
        case .compareRequest(let c):
            result = run { () throws(DirectoryError) in
                let dn = try Self.dn(c.entry)
                // userPassword is no oracle: only the root DN may compare it (binds verify it internally).
                if backend.isWithheld(attribute: c.attribute) && !sessionIsRoot {
                    throw DirectoryError(code: .insufficientAccessRights, message: "no compare access to \(c.attribute) of \(dn)")
                }
                return LDAPResult(try backend.compare(dn, attribute: c.attribute, value: c.value) ? .compareTrue : .compareFalse)
            }
        case .extendedRequest(let x) where x.name == LDAPOID.whoAmI:
            let who = state.withLock { $0.identity }.map { "dn:\($0)" } ?? ""
            backend.answered("extended", result: .success)
            return try await writer.send(LDAPMessage(messageID: id, .extendedResponse(ExtendedResponse(.success, value: Array(who.utf8)))))
        case .extendedRequest(let x):
            result = LDAPResult(.protocolError, diagnosticMessage: "unsupported extended operation \(x.name)")
        case .addRequest(let a):
            result = write { () throws(DirectoryError) in .add(LDAPEntry(dn: try Self.dn(a.entry), attributes: a.attributes)) }
        case .modifyRequest(let m):
            result = write { () throws(DirectoryError) in .modify(try Self.dn(m.object), m.changes) }
        case .delRequest(let d):
            result = write { () throws(DirectoryError) in .delete(try Self.dn(d.entry)) }
        case .modifyDNRequest(let m):
            result = write { () throws(DirectoryError) in
                let newRDN = try Self.dn(LDAPDN(string: m.newRDN))
                guard newRDN.rdns.count == 1, let rdn = newRDN.rdn else {
                    throw DirectoryError(code: .invalidDNSyntax, message: "newrdn \"\(m.newRDN)\" is not a single RDN")
                }
                return .modifyDN(try Self.dn(m.entry), newRDN: rdn, deleteOldRDN: m.deleteOldRDN,
                                 newSuperior: try m.newSuperior.map { (d) throws(DirectoryError) in try Self.dn(d) })
            }
        default:
            return
        }
        if isAbandoned(id) { return }
        try await writer.send(Self.response(to: message, result))
    }

    static func dn(_ dn: LDAPDN) throws(DirectoryError) -> DistinguishedName {
        do { return try dn.distinguishedName() } catch {
            throw DirectoryError(code: .invalidDNSyntax, message: "\(error)")
        }
    }

    /// Runs a directory call and maps its error to a result: the one place domain errors become LDAP results.
    private func run(_ body: () throws(DirectoryError) -> LDAPResult) -> LDAPResult {
        do { return try body() } catch {
            return LDAPResult(error.code, matchedDN: error.matchedDN.map { LDAPDN($0) } ?? "", diagnosticMessage: error.message)
        }
    }

    /// The write path: the session must be allowed to write at the change's DN (both DNs of a ModifyDN), then
    /// the backend applies the change with the schema check and, when configured, the GLUE 2 check.
    private func write(_ change: () throws(DirectoryError) -> DirectoryChange) -> LDAPResult {
        let identity = state.withLock { $0.identity }
        if identity == nil { return access.control.refusal(identity: nil, targets: [])! }
        return run { () throws(DirectoryError) in
            let change = try change()
            var targets = [change.dn]
            if case .modifyDN(let dn, let rdn, _, let superior) = change, let parent = superior ?? dn.parent {
                targets.append(parent.child(rdn))
            }
            if let refusal = access.control.refusal(identity: identity, targets: targets) { return refusal }
            let glue = access.glue
            try backend.apply(change, entryCheck: { entry in glue?.refusal(entry) })
            return .success
        }
    }

    /// Whether the session is bound as the root DN, which may read and compare `userPassword` (slapd's rootdn
    /// is not subject to access control); every other session, anonymous or publisher, may not.
    var sessionIsRoot: Bool {
        guard let root = access.control.rootDN else { return false }
        return state.withLock { $0.identity } == root
    }

    func isAbandoned(_ id: Int) -> Bool {
        Task.isCancelled || state.withLock { $0.abandoned.contains(id) }
    }
}

extension LDAPConnection: CustomStringConvertible {
    var description: String { "LDAPConnection(\(channel.remoteAddress.map { "\($0)" } ?? "?"))" }
}
