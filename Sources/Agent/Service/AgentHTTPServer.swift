// GVE — Agent: the HTTP shell (Hummingbird) around AgentSOAPService.
import Foundation
import Hummingbird
import InfoProvider
import Logging
import NIOCore
import SOAP

/// Settings of the Agent's HTTP endpoint.
public struct AgentHTTPConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port (see `onServerRunning`).
    public var port: Int
    /// Largest accepted request body, in bytes.
    public var maximumRequestSize: Int
    /// The address written into the WSDL; `nil` uses `http://host:port/soap`.
    public var publicURL: String?

    public init(host: String = "127.0.0.1", port: Int = 8081, maximumRequestSize: Int = 1 << 20, publicURL: String? = nil) {
        self.host = host
        self.port = port
        self.maximumRequestSize = maximumRequestSize
        self.publicURL = publicURL
    }
}

/// Builds the Agent's HTTP application: `POST /soap` (operations) and `GET /soap?wsdl` (the WSDL).
public enum AgentHTTPServer {
    /// - Parameters:
    ///   - onServerRunning: called with the bound port once listening.
    /// - Returns: a Hummingbird application, itself a ServiceLifecycle `Service`.
    public static func makeApplication(
        service: AgentSOAPService, configuration: AgentHTTPConfiguration, logger: Logger = Logger(label: "gve.agent.http"),
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        let limit = configuration.maximumRequestSize
        router.post("soap") { request, _ -> Response in
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: limit)
            } catch {
                let fault = service.fault(
                    AgentError(.invalidRequest, "request body is larger than \(limit) bytes"), version: .soap11)
                return makeResponse(AgentSOAPService.Response(status: 413, contentType: fault.contentType, body: fault.body, challenge: false))
            }
            let result = await service.handle(body: Data(buffer.readableBytesView), authorization: request.headers[.authorization])
            return makeResponse(result)
        }
        router.get("soap") { request, _ -> Response in
            let query = request.uri.query ?? ""
            guard query.split(separator: "&").contains(where: { $0 == "wsdl" || $0.hasPrefix("wsdl=") }) else {
                return Response(status: .notFound)
            }
            let location = configuration.publicURL ?? "http://\(configuration.host):\(configuration.port)/soap"
            return Response(
                status: .ok, headers: [.contentType: "text/xml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: AgentWSDL.document(location: location))))
        }
        if let metrics = service.metrics { PrometheusEndpoint.mount(on: router, registry: metrics.registry) }  // GET /metrics
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "gve-agent"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    static func makeResponse(_ result: AgentSOAPService.Response) -> Response {
        var headers: HTTPFields = [.contentType: result.contentType]
        if result.challenge { headers[.wwwAuthenticate] = "Basic realm=\"gve-agent\", charset=\"UTF-8\"" }
        return Response(
            status: .init(code: result.status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: result.body)))
    }
}
