// GVE — InfoProvider
// `GET /metrics` for any GVE daemon's Hummingbird router: the daemon's own swift-prometheus registry in the
// Prometheus text exposition format (version 0.0.4). Each daemon owns its registry (no process-wide bootstrap), so
// several daemons — or tests — in one process keep their figures apart.
public import Hummingbird
import NIOCore
public import Prometheus

/// Serves a ``PrometheusCollectorRegistry`` at `/metrics`.
public enum PrometheusEndpoint {
    /// The content type of the text exposition format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Adds `GET /metrics` to `router`.
    /// - Parameters:
    ///   - registry: the daemon's registry.
    ///   - beforeScrape: refreshes gauges read at scrape time (entries, …).
    public static func mount<Context: RequestContext>(on router: Router<Context>, registry: PrometheusCollectorRegistry,
                                                      beforeScrape: @escaping @Sendable () async -> Void = {}) {
        router.get("/metrics") { _, _ -> Response in
            await beforeScrape()
            return Response(status: .ok, headers: [.contentType: contentType],
                            body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }
}

extension MetricNameDescriptor {
    /// A descriptor for a full metric name such as `gve_ldap_operations_total`: the part after the last `_` is the
    /// unit (`total`, `seconds`, `entries`), the rest the metric name, so ``name`` gives `fullName` back.
    public static func gve(_ fullName: String, help: String) -> MetricNameDescriptor {
        let cut = fullName.lastIndex(of: "_") ?? fullName.endIndex
        let unit = cut < fullName.endIndex ? String(fullName[fullName.index(after: cut)...]) : ""
        return MetricNameDescriptor(metricName: String(fullName[..<cut]), unitName: unit, helpText: help)
    }
}
