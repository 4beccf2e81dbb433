// GVE — InfoProvider
// Slows down repeated failed binds: each failure for a DN delays its answer twice as long as the last,
// server-wide, up to a cap; a success or a quiet period forgets the DN.

import LDAPCore
import Synchronization

/// Failed simple binds per DN, shared by all sessions of one server. The answer to the n-th failure in a
/// row is delayed by `base × 2^(n-1)`, at most `cap`, so guessing a password costs time on every connection
/// at once. A correct password is never delayed; the count is forgotten after a success or after
/// `forgetAfter` without failures. At most `maxTrackedDNs` DNs are tracked (beyond, the oldest tenth is dropped).
final class BindThrottle: Sendable {
    struct Record {
        var failures: Int
        var last: ContinuousClock.Instant
    }

    let base: Duration
    let cap: Duration
    let forgetAfter: Duration
    let maxTrackedDNs: Int
    private let records = Mutex<[DistinguishedName: Record]>([:])

    init(base: Duration, cap: Duration, forgetAfter: Duration = .seconds(900), maxTrackedDNs: Int = 10_000) {
        self.base = base
        self.cap = cap
        self.forgetAfter = forgetAfter
        self.maxTrackedDNs = maxTrackedDNs
    }

    /// The delay before answering the `failures`-th failure in a row.
    static func delay(afterFailures failures: Int, base: Duration, cap: Duration) -> Duration {
        guard failures > 0, base > .zero else { return .zero }
        let doublings = min(failures - 1, 30)
        let d = base * (1 << doublings)
        return min(d, cap)
    }

    /// Records a failed bind as `dn` and returns how long to wait before answering.
    func failed(_ dn: DistinguishedName, now: ContinuousClock.Instant = .now) -> Duration {
        let n: Int = records.withLock { r in
            var record = r[dn] ?? Record(failures: 0, last: now)
            if now - record.last > forgetAfter { record.failures = 0 }
            record.failures += 1
            record.last = now
            r[dn] = record
            if r.count > maxTrackedDNs {
                // Drop the oldest tenth at once, so a spray of DNs does not sort the table on every failure.
                let excess = r.count - maxTrackedDNs + max(1, maxTrackedDNs / 10)
                let stale = r.sorted { $0.value.last < $1.value.last }.prefix(excess).map(\.key)
                for k in stale where k != dn { r[k] = nil }
            }
            return record.failures
        }
        return Self.delay(afterFailures: n, base: base, cap: cap)
    }

    /// Forgets `dn`'s failures after a successful bind.
    func succeeded(_ dn: DistinguishedName) {
        _ = records.withLock { $0.removeValue(forKey: dn) }
    }

    /// Failures in a row recorded for `dn`.
    func failures(_ dn: DistinguishedName) -> Int { records.withLock { $0[dn]?.failures ?? 0 } }
}
