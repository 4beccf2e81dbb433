// GVE — InfoProvider
// An async LDAP client on SwiftNIO, sharing the server's codec.

public import LDAPCore
public import LDAPProtocol
public import NIOCore
import NIOPosix
import Synchronization

/// The outcome of a search: entries and continuation references in the order received, and the final result.
public struct LDAPSearchResult: Sendable, Hashable {
    public var entries: [LDAPEntry]
    public var references: [String]
    /// The SearchResultDone (of the last page, for paged searches).
    public var result: LDAPResult
}

/// An LDAP v3 client connection (RFC 4511). Operations may be issued concurrently; responses are routed by
/// messageID.
///
/// ```swift
/// let client = try await LDAPClient.connect(url: "ldap://127.0.0.1:2170")
/// let found = try await client.search(base: try DistinguishedName("o=glue"), filter: try LDAPFilter("(objectClass=GLUE2Service)"))
/// try await client.unbind()
/// ```
public final class LDAPClient: Sendable {
    /// The underlying channel.
    public let channel: any Channel
    let nextMessageID = Atomic<Int>(1)
    /// Limits applied to what the server sends.
    public let limits: LDAPDecodingLimits

    init(channel: any Channel, limits: LDAPDecodingLimits) {
        self.channel = channel
        self.limits = limits
    }

    /// Host and port of an `ldap://host[:port][/...]` URL (default port 389).
    /// - Throws: ``LDAPClientError`` with code `invalidURL`.
    public static func parse(url: String) throws(LDAPClientError) -> (host: String, port: Int) {
        guard url.lowercased().hasPrefix("ldap://") else {
            throw LDAPClientError(.invalidURL, message: "\"\(url)\" is not an ldap:// URL")
        }
        var rest = Substring(url.dropFirst("ldap://".count))
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        var host = rest
        var port = 389
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw LDAPClientError(.invalidURL, message: "unclosed IPv6 literal in \"\(url)\"") }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()), (1...65535).contains(p) else { throw LDAPClientError(.invalidURL, message: "bad port in \"\(url)\"") }
                port = p
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            guard let p = Int(rest[rest.index(after: colon)...]), (1...65535).contains(p) else {
                throw LDAPClientError(.invalidURL, message: "bad port in \"\(url)\"")
            }
            port = p
        }
        guard !host.isEmpty else { throw LDAPClientError(.invalidURL, message: "no host in \"\(url)\"") }
        return (String(host), port)
    }

    /// Connects to `url` (`ldap://host:port`).
    /// - Parameters:
    ///   - url: the server.
    ///   - limits: decoding limits for responses (default max PDU 16 MiB, as entries may be large).
    ///   - eventLoopGroup: where the connection runs.
    /// - Throws: ``LDAPClientError`` (`invalidURL`, `connection`).
    public static func connect(url: String, limits: LDAPDecodingLimits = .init(maxPDUSize: 16 << 20),
                               eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws(LDAPClientError) -> LDAPClient {
        let (host, port) = try parse(url: url)
        do {
            let channel = try await ClientBootstrap(group: eventLoopGroup)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandlers([
                            ByteToMessageHandler(LDAPMessageDecoder(limits: limits)),
                            MessageToByteHandler(LDAPMessageEncoder()),
                            LDAPClientHandler(),
                        ])
                    }
                }
                .connect(host: host, port: port).get()
            return LDAPClient(channel: channel, limits: limits)
        } catch {
            throw LDAPClientError(.connection, message: "cannot connect to \(url): \(error)")
        }
    }

    /// Sends one request and returns every message answering it (entries, references, final response).
    public func send(_ op: LDAPMessage.ProtocolOp, controls: [LDAPControl] = []) async throws(LDAPClientError) -> [LDAPMessage] {
        let id = nextMessageID.wrappingAdd(1, ordering: .relaxed).oldValue
        let answer = try dispatch(LDAPMessage(messageID: id, op, controls: controls))
        do {
            return try await answer.get()
        } catch let error as LDAPClientError {
            throw error
        } catch {
            throw LDAPClientError(.connection, message: "\(error)")
        }
    }

    /// Hands one request to the connection. Its promise is always completed: by the response, by the handler
    /// when the connection ends, or here when the write itself fails (a closed channel never reaches the handler).
    func dispatch(_ message: LDAPMessage,
                  stream: AsyncThrowingStream<LDAPMessage, any Error>.Continuation? = nil) throws(LDAPClientError) -> EventLoopFuture<[LDAPMessage]> {
        guard channel.isActive else { throw LDAPClientError(.connection, message: "connection closed") }
        let promise = channel.eventLoop.makePromise(of: [LDAPMessage].self)
        let written = channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { error in
            promise.fail(LDAPClientError(.connection, message: "cannot send: \(error)"))  // ignored if already answered
        }
        channel.writeAndFlush(LDAPClientRequest(message: message, promise: promise, stream: stream), promise: written)
        return promise.futureResult
    }

    private func final(_ messages: [LDAPMessage]) throws(LDAPClientError) -> LDAPMessage {
        guard let last = messages.last else { throw LDAPClientError(.unexpectedResponse, message: "no response") }
        return last
    }

    private func check(_ result: LDAPResult?, allowing extra: Set<LDAPResultCode> = []) throws(LDAPClientError) -> LDAPResult {
        guard let result else { throw LDAPClientError(.unexpectedResponse, message: "response carries no LDAPResult") }
        guard result.resultCode == .success || extra.contains(result.resultCode) else { throw LDAPClientError(result: result) }
        return result
    }

    /// Simple bind (RFC 4511 §4.2); an empty DN and password bind anonymously.
    /// - Throws: ``LDAPClientError`` with the result code (e.g. `invalidCredentials`).
    public func simpleBind(dn: DistinguishedName = .root, password: String = "") async throws(LDAPClientError) {
        let m = try final(try await send(.bindRequest(BindRequest(name: LDAPDN(dn), authentication: .simple(password: Array(password.utf8))))))
        guard case .bindResponse(let r) = m.protocolOp else { throw LDAPClientError(.unexpectedResponse, message: "expected BindResponse") }
        _ = try check(r.result)
    }

    /// Searches (RFC 4511 §4.5). With `pageSize`, pages through the results with the paged results control
    /// (RFC 2696) and returns them all.
    /// - Returns: entries, references and the final result; `sizeLimitExceeded` and `timeLimitExceeded`
    ///   are returned in ``LDAPSearchResult/result`` together with the entries received, not thrown.
    /// - Throws: ``LDAPClientError`` for any other non-success result.
    public func search(base: DistinguishedName, scope: SearchScope = .wholeSubtree,
                       filter: LDAPFilter = .present(attribute: "objectClass"), attributes: [String] = [],
                       typesOnly: Bool = false, sizeLimit: Int = 0, timeLimit: Int = 0,
                       pageSize: Int? = nil, controls: [LDAPControl] = []) async throws(LDAPClientError) -> LDAPSearchResult {
        let request = SearchRequest(baseObject: LDAPDN(base), scope: scope, sizeLimit: sizeLimit, timeLimit: timeLimit,
                                    typesOnly: typesOnly, filter: filter, attributes: attributes)
        var out = LDAPSearchResult(entries: [], references: [], result: .success)
        var cookie: [UInt8] = []
        while true {
            var c = controls
            if let pageSize { c.append(PagedResultsControl(size: pageSize, cookie: cookie).control()) }
            let messages = try await send(.searchRequest(request), controls: c)
            var done: LDAPMessage?
            for m in messages {
                switch m.protocolOp {
                case .searchResultEntry(let e):
                    do { out.entries.append(try e.entry()) } catch {
                        throw LDAPClientError(.unexpectedResponse, message: "entry with invalid DN: \(error)")
                    }
                case .searchResultReference(let r): out.references += r.uris
                case .searchResultDone: done = m
                default: break
                }
            }
            guard let done, case .searchResultDone(let d) = done.protocolOp else {
                throw LDAPClientError(.unexpectedResponse, message: "search ended without SearchResultDone")
            }
            out.result = try check(d.result, allowing: [.sizeLimitExceeded, .timeLimitExceeded, .referral])
            guard pageSize != nil, d.result.resultCode == .success, let p = done.pagedResults, !p.cookie.isEmpty else { return out }
            cookie = p.cookie
        }
    }

    /// Adds an entry (RFC 4511 §4.7).
    public func add(_ entry: LDAPEntry) async throws(LDAPClientError) {
        _ = try check(try final(try await send(.addRequest(AddRequest(entry)))).result)
    }

    /// Modifies an entry (RFC 4511 §4.6).
    public func modify(_ dn: DistinguishedName, _ changes: [LDAPModification]) async throws(LDAPClientError) {
        _ = try check(try final(try await send(.modifyRequest(ModifyRequest(object: LDAPDN(dn), changes: changes)))).result)
    }

    /// Deletes a leaf entry (RFC 4511 §4.8).
    public func delete(_ dn: DistinguishedName) async throws(LDAPClientError) {
        _ = try check(try final(try await send(.delRequest(DelRequest(entry: LDAPDN(dn))))).result)
    }

    /// Renames or moves an entry (RFC 4511 §4.9).
    public func modifyDN(_ dn: DistinguishedName, newRDN: RelativeDistinguishedName, deleteOldRDN: Bool = true,
                         newSuperior: DistinguishedName? = nil) async throws(LDAPClientError) {
        let req = ModifyDNRequest(entry: LDAPDN(dn), newRDN: newRDN.description, deleteOldRDN: deleteOldRDN,
                                  newSuperior: newSuperior.map { LDAPDN($0) })
        _ = try check(try final(try await send(.modifyDNRequest(req))).result)
    }

    /// Compares an attribute value (RFC 4511 §4.10).
    /// - Returns: true for compareTrue, false for compareFalse.
    public func compare(_ dn: DistinguishedName, attribute: String, value: [UInt8]) async throws(LDAPClientError) -> Bool {
        let r = try check(try final(try await send(.compareRequest(CompareRequest(entry: LDAPDN(dn), attribute: attribute, value: value)))).result,
                          allowing: [.compareTrue, .compareFalse])
        guard r.resultCode != .success else { throw LDAPClientError(.unexpectedResponse, message: "compare answered success") }
        return r.resultCode == .compareTrue
    }

    /// The "Who am I?" extended operation (RFC 4532).
    /// - Returns: the authorization identity (`dn:...`), empty for anonymous.
    public func whoAmI() async throws(LDAPClientError) -> String {
        let m = try final(try await send(.extendedRequest(ExtendedRequest(name: LDAPOID.whoAmI))))
        guard case .extendedResponse(let r) = m.protocolOp else { throw LDAPClientError(.unexpectedResponse, message: "expected ExtendedResponse") }
        _ = try check(r.result)
        return String(decoding: r.value ?? [], as: UTF8.self)
    }

    /// Sends an UnbindRequest and closes the connection (RFC 4511 §4.3).
    public func unbind() async throws(LDAPClientError) {
        _ = try? await send(.unbindRequest)
        try? await channel.close()
    }

    /// Closes the connection without unbinding.
    public func close() async {
        try? await channel.close()
    }
}
