// GVE — Agent: the Agent's figures for `/metrics` — SOAP calls by operation and outcome, libvirt calls and errors —
// in its own swift-prometheus registry.
import InfoProvider
public import Prometheus

/// The Agent daemon's metrics.
public final class AgentMetrics: Sendable {
    // The metric families: full name and help text, in one place (computed: the descriptor type is not Sendable).
    static var agentLibvirtCallDurationSeconds: MetricNameDescriptor {
        .gve("gve_agent_libvirt_call_duration_seconds", help: "Time libvirt calls took.")
    }
    static var agentSoapCallsTotal: MetricNameDescriptor {
        .gve("gve_agent_soap_calls_total", help: "SOAP calls by operation and outcome (ok or the fault code).")
    }
    static var agentLibvirtCallsTotal: MetricNameDescriptor {
        .gve("gve_agent_libvirt_calls_total", help: "libvirt calls by operation.")
    }
    static var agentLibvirtErrorsTotal: MetricNameDescriptor {
        .gve("gve_agent_libvirt_errors_total", help: "libvirt calls that failed, by operation and error code.")
    }

    /// The registry `/metrics` emits.
    public let registry: PrometheusCollectorRegistry
    let libvirtDuration: DurationHistogram

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        libvirtDuration = registry.makeDurationHistogram(
            descriptor: Self.agentLibvirtCallDurationSeconds,
            buckets: [.microseconds(100), .milliseconds(1), .milliseconds(10), .milliseconds(100), .seconds(1), .seconds(10), .seconds(60)])
    }

    /// Counts one SOAP call: `outcome` is `ok` or the fault code; `operation` is `-` when the request was not read.
    public func soapCall(operation: String, outcome: String) {
        registry.makeCounter(descriptor: Self.agentSoapCallsTotal, labels: [("operation", operation), ("outcome", outcome)]).increment()
    }

    /// Counts one hypervisor call and its error code (`ok` when it succeeded).
    public func libvirtCall(_ operation: String, error: String?, took duration: Duration) {
        registry.makeCounter(descriptor: Self.agentLibvirtCallsTotal, labels: [("operation", operation)]).increment()
        if let error {
            registry.makeCounter(descriptor: Self.agentLibvirtErrorsTotal, labels: [("operation", operation), ("code", error)]).increment()
        }
        libvirtDuration.record(duration)
    }
}
