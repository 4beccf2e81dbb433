// GVE — SiteService
// A Prometheus histogram family rendered from observed values (text exposition format 0.0.4).

extension SiteMetricsSnapshot {
    /// `# HELP`/`# TYPE` lines and cumulative `_bucket{le=…}`, `_sum` and `_count` samples of `values`.
    static func histogram(_ name: String, _ help: String, _ values: [Double], buckets: [Double]) -> String {
        var out = "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
        for bound in buckets {
            out += "\(name)_bucket{le=\"\(format(bound))\"} \(values.count { $0 <= bound })\n"
        }
        out += "\(name)_bucket{le=\"+Inf\"} \(values.count)\n"
        out += "\(name)_sum \(format(values.reduce(0, +)))\n"
        out += "\(name)_count \(values.count)\n"
        return out
    }

    static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }
}
