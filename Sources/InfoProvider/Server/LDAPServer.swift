// GVE — InfoProvider
// The LDAP registry server: a ServiceLifecycle Service that accepts connections and runs one
// LDAPConnection per client in a discarding task group.

public import Logging
public import ServiceLifecycle
import LDAPCore
import LDAPProtocol
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// The LDAP v3 server (RFC 4511) in front of a ``DirectoryBackend``.
///
/// ```swift
/// let server = LDAPServer(configuration: .init(port: 2170), backend: directory, logger: logger)
/// let group = ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
/// try await group.run()
/// ```
/// On graceful shutdown it stops accepting, lets running operations finish, sends every client the Notice of
/// Disconnection (`unavailable`) and closes.
public actor LDAPServer: Service {
    enum State { case idle, running, stopped }

    public nonisolated let configuration: LDAPServerConfiguration
    nonisolated let backend: any DirectoryBackend
    public nonisolated let logger: Logger
    private var state: State = .idle
    nonisolated let eventLoopGroup: any EventLoopGroup
    /// Listening sockets and open sessions, reachable from the synchronous shutdown handler.
    private nonisolated let registry = Mutex<Registry>(Registry())
    private nonisolated let listening: EventLoopPromise<[Int]>
    /// Bind and write rules and the failed-bind throttle, shared by all sessions.
    nonisolated let access: SessionAccess

    struct Registry {
        var listeners: [any Channel] = []
        var connections: [ObjectIdentifier: LDAPConnection] = [:]
        var shuttingDown = false
    }

    /// Creates a server; nothing happens until ``run()``.
    public init(configuration: LDAPServerConfiguration, backend: any DirectoryBackend,
                logger: Logger = Logger(label: "gve.infoprovider"),
                eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        self.backend = backend
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
        self.listening = eventLoopGroup.next().makePromise(of: [Int].self)
        self.access = SessionAccess(configuration)
    }

    /// The ports bound (`ldap://` first, then `ldaps://` when configured), once listening.
    /// - Throws: the bind error if the server could not listen.
    public nonisolated func listeningPorts() async throws -> [Int] {
        try await listening.futureResult.get()
    }

    /// Number of sessions open now.
    public nonisolated var connectionCount: Int { registry.withLock { $0.connections.count } }

    /// Listens and serves until cancelled or gracefully shut down.
    public func run() async throws {
        guard case .idle = state else { throw ServerStateError(message: "LDAPServer.run() called twice") }
        state = .running
        defer { state = .stopped }
        let tlsContext: NIOSSLContext?
        do {
            _ = try configuration.accessControl()
            tlsContext = try configuration.tls.map { tls in
                let chain = try NIOSSLCertificate.fromPEMFile(tls.certificateChainFile).map { NIOSSLCertificateSource.certificate($0) }
                let key = try NIOSSLPrivateKey(file: tls.privateKeyFile, format: .pem)
                return try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
            }
        } catch {
            listening.fail(error)
            throw error
        }
        let plain: NIOAsyncChannel<NIOAsyncChannel<LDAPMessage, ByteBuffer>, Never>
        var secure: NIOAsyncChannel<NIOAsyncChannel<LDAPMessage, ByteBuffer>, Never>?
        do {
            plain = try await bind(port: configuration.port, tls: nil)
            if let ldapsPort = configuration.ldapsPort, let tlsContext {
                secure = try await bind(port: ldapsPort, tls: tlsContext)
            }
        } catch {
            listening.fail(error)
            throw error
        }
        let ports = [plain.channel.localAddress?.port ?? 0] + (secure.map { [$0.channel.localAddress?.port ?? 0] } ?? [])
        registry.withLock { r in
            r.listeners.append(plain.channel)
            if let secure { r.listeners.append(secure.channel) }
        }
        logger.info("LDAP server listening", metadata: ["ports": "\(ports)"])
        listening.succeed(ports)
        let secureListener = secure
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await self.accept(plain, tlsContext: tlsContext, tlsActive: false) }
                if let secureListener {
                    group.addTask { try await self.accept(secureListener, tlsContext: tlsContext, tlsActive: true) }
                }
            }
        } onGracefulShutdown: {
            self.beginShutdown()
        }
    }

    /// Stops accepting and asks every session to finish.
    nonisolated func beginShutdown() {
        let (listeners, connections) = registry.withLock { r in
            r.shuttingDown = true
            return (r.listeners, Array(r.connections.values))
        }
        for l in listeners { l.close(promise: nil) }
        for c in connections { c.beginShutdown() }
    }

    private nonisolated func bind(port: Int, tls: NIOSSLContext?) async throws -> NIOAsyncChannel<NIOAsyncChannel<LDAPMessage, ByteBuffer>, Never> {
        let limits = configuration.limits
        return try await ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)  // so that closing our input on shutdown keeps output open for the notice
            .bind(host: configuration.host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if let tls { try sync.addHandler(NIOSSLServerHandler(context: tls)) }
                    if limits.idleTimeoutSeconds > 0 {
                        try sync.addHandler(IdleStateHandler(allTimeout: .seconds(Int64(limits.idleTimeoutSeconds))))
                        try sync.addHandler(IdleDisconnectHandler())
                    }
                    try sync.addHandler(ByteToMessageHandler(LDAPMessageDecoder(limits: limits.decoding)))
                    return try NIOAsyncChannel<LDAPMessage, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
    }

    private nonisolated func accept(_ listener: NIOAsyncChannel<NIOAsyncChannel<LDAPMessage, ByteBuffer>, Never>,
                                    tlsContext: NIOSSLContext?, tlsActive: Bool) async throws {
        try await listener.executeThenClose { inbound in
            try await withThrowingDiscardingTaskGroup { group in
                for try await client in inbound {
                    group.addTask { await self.serve(client, tlsContext: tlsContext, tlsActive: tlsActive) }
                }
            }
        }
    }

    private nonisolated func serve(_ client: NIOAsyncChannel<LDAPMessage, ByteBuffer>, tlsContext: NIOSSLContext?, tlsActive: Bool) async {
        let connection = LDAPConnection(channel: client.channel, backend: backend, configuration: configuration,
                                        tlsContext: tlsContext, tlsActive: tlsActive, access: access, logger: logger)
        let key = ObjectIdentifier(connection)
        let admitted = registry.withLock { r -> Bool in
            guard !r.shuttingDown, r.connections.count < configuration.limits.maxConnections else { return false }
            r.connections[key] = connection
            return true
        }
        guard admitted else {
            // Over the connection limit: tell the client why, then close.
            try? await client.executeThenClose { _, outbound in
                let writer = ResponseWriter(outbound: outbound, allocator: client.channel.allocator, batchSize: 256)
                try await writer.notice(.unavailable, "too many connections (limit \(configuration.limits.maxConnections))")
            }
            return
        }
        defer { _ = registry.withLock { $0.connections.removeValue(forKey: key) } }
        await connection.run(client)
    }
}

/// `run()` called in the wrong state.
public struct ServerStateError: Error, Sendable {
    public var message: String
}

/// Closes a connection that has been silent in both directions for the idle timeout, after a Notice of
/// Disconnection.
final class IdleDisconnectHandler: ChannelInboundHandler {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .all {
            var buffer = context.channel.allocator.buffer(capacity: 64)
            LDAPMessage(messageID: 0, .extendedResponse(.noticeOfDisconnection(LDAPResult(.unavailable, diagnosticMessage: "idle timeout"))))
                .serialize(into: &buffer)
            let ctx = context
            context.writeAndFlush(NIOAny(buffer)).whenComplete { _ in ctx.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}

@available(*, unavailable)
extension IdleDisconnectHandler: Sendable {}
