// GVE — SiteService
// The HTTP shell: Hummingbird 2 with POST /soap and GET /soap?wsdl, plus the job runner, in one ServiceGroup-ready app.
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import ServiceLifecycle

/// Configuration of a Site Service process.
public struct SiteServiceConfiguration: Sendable {
    /// Listen address.
    public var host: String
    /// Listen port (0: any free port).
    public var port: Int
    /// Largest accepted SOAP request, bytes.
    public var maximumRequestSize: Int
    /// bcrypt cost for new users.
    public var bcryptCost: UInt8
    /// Runner settings.
    public var runner: JobRunnerConfiguration
    /// Authentication settings.
    public var authentication: AuthenticatorConfiguration
    /// TLS (nil: plain HTTP).
    public var tls: SiteTLSConfiguration?

    public init(host: String = "127.0.0.1", port: Int = 8080, maximumRequestSize: Int = 1 << 20, bcryptCost: UInt8 = 10,
                runner: JobRunnerConfiguration = .init(), authentication: AuthenticatorConfiguration = .init(),
                tls: SiteTLSConfiguration? = nil) {
        self.tls = tls
        self.host = host
        self.port = port
        self.maximumRequestSize = maximumRequestSize
        self.bcryptCost = bcryptCost
        self.runner = runner
        self.authentication = authentication
    }
}

/// A request context that knows the peer address (for per-address backoff).
public struct SiteRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: String?
    /// The connection (for the TLS client certificate).
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
        channel = source.channel
    }
}

/// Builds the Site Service application.
public enum SiteServer {
    /// The Hummingbird router serving `/soap`.
    /// - Parameter tls: true when served over TLS (the WSDL then names an https location and client certificates are read).
    public static func router(handler: SiteSOAPHandler, maximumRequestSize: Int, tls: Bool = false) -> Router<SiteRequestContext> {
        let router = Router(context: SiteRequestContext.self)
        router.get("/soap") { request, _ -> Response in
            guard request.uri.queryParameters["wsdl"] != nil || request.uri.query?.lowercased() == "wsdl" else {
                return Response(status: .notFound)
            }
            let host = request.head.authority ?? "127.0.0.1"
            let wsdl = SiteWSDL.document(location: "\(tls ? "https" : "http")://\(host)/soap")
            return Response(status: .ok, headers: [.contentType: "text/xml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: wsdl)))
        }
        router.post("/soap") { request, context -> Response in
            var request = request
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: maximumRequestSize)
            } catch {
                return Response(status: .contentTooLarge)
            }
            let subject = tls ? await CertificateSubject.peer(of: context.channel) : nil
            let answer = await handler.handle(body: Data(buffer: body), contentType: request.headers[.contentType],
                                              authorization: request.headers[.authorization], clientAddress: context.remoteAddress,
                                              clientSubject: subject)
            return Response(status: HTTPResponse.Status(code: answer.status), headers: [.contentType: answer.contentType],
                            body: .init(byteBuffer: ByteBuffer(data: answer.body)))
        }
        AdminWeb.mountWithMetrics(on: router, handler: handler)  // /admin and /metrics (Web/)
        SiteJSONAPI(operations: handler.operations, authenticator: handler.authenticator, maximumRequestSize: maximumRequestSize,
                    tls: tls, onJobsCreated: handler.onJobsCreated).mount(on: router)  // /api/v1 and /openapi.json (HTTPAPI/)
        return router
    }

    /// Builds the application: HTTP server plus the job runner as a managed service.
    /// - Parameters:
    ///   - inventory: the host and image source (nil: ask the registered Agents, ``AgentInventory``).
    ///   - onServerRunning: called with the bound port once listening.
    public static func application(database: SiteDatabase, configuration: SiteServiceConfiguration,
                                   inventory: (any HostInventory)? = nil, now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "gve.site"),
                                   onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> (application: some ApplicationProtocol, runner: JobRunner) {
        let runner = JobRunner(database: database, configuration: configuration.runner, inventory: inventory, logger: logger, now: now)
        let operations = SiteOperations(database: database, bcryptCost: configuration.bcryptCost, now: now)
        let handler = SiteSOAPHandler(operations: operations,
                                      authenticator: Authenticator(database: database, configuration: configuration.authentication, now: now),
                                      onJobsCreated: { runner.wake() })
        // With TLS, the certificate and key are loaded when the server starts; a bad file fails the run with a
        // SiteError naming it (check early with SiteTLSConfiguration.serverConfiguration()).
        let server: HTTPServerBuilder = configuration.tls.map { tls in
            HTTPServerBuilder { responder in try TLSChannel(HTTP1Channel(responder: responder), tlsConfiguration: try tls.serverConfiguration()) }
        } ?? .http1()
        let app = Application(router: router(handler: handler, maximumRequestSize: configuration.maximumRequestSize, tls: configuration.tls != nil),
                              server: server,
                              configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "gve-site"),
                              services: [runner],
                              onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
                              logger: logger)
        return (app, runner)
    }
}
