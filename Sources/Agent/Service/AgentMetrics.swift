// GVE — Agent: the Agent's figures for `/metrics` — SOAP calls by operation and outcome, libvirt calls and errors —
// in its own swift-prometheus registry.
import InfoProvider
public import Prometheus

/// The Agent daemon's metrics.
public final class AgentMetrics: Sendable {
    /// The registry `/metrics` emits.
    public let registry: PrometheusCollectorRegistry
    let libvirtDuration: DurationHistogram

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        libvirtDuration = registry.makeDurationHistogram(
            name: "gve_agent_libvirt_call_duration_seconds",
            buckets: [.microseconds(100), .milliseconds(1), .milliseconds(10), .milliseconds(100), .seconds(1), .seconds(10), .seconds(60)],
            help: "Time libvirt calls took.")
    }

    /// Counts one SOAP call: `outcome` is `ok` or the fault code; `operation` is `-` when the request was not read.
    public func soapCall(operation: String, outcome: String) {
        registry.makeCounter(name: "gve_agent_soap_calls_total", labels: [("operation", operation), ("outcome", outcome)],
                             help: "SOAP calls by operation and outcome (ok or the fault code).").increment()
    }

    /// Counts one hypervisor call and its error code (`ok` when it succeeded).
    public func libvirtCall(_ operation: String, error: String?, took duration: Duration) {
        registry.makeCounter(name: "gve_agent_libvirt_calls_total", labels: [("operation", operation)],
                             help: "libvirt calls by operation.").increment()
        if let error {
            registry.makeCounter(name: "gve_agent_libvirt_errors_total", labels: [("operation", operation), ("code", error)],
                                 help: "libvirt calls that failed, by operation and error code.").increment()
        }
        libvirtDuration.record(duration)
    }
}
