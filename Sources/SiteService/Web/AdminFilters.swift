// GVE — SiteService
// The find forms of the VMs, Jobs and Audit log pages, read from the query string (GET, so a filtered view is a link).
import Foundation
import Hummingbird

/// A query-string value, nil when absent or blank (surrounding spaces removed).
func adminQueryValue(_ query: Parameters, _ key: String) -> String? {
    guard let v = query[Substring(key)].map({ String($0).trimmingCharacters(in: .whitespaces) }), !v.isEmpty else { return nil }
    return v
}

/// VMs page: name contains, owner, state; released VMs only on request.
struct VMFilter: Sendable, Hashable {
    var name: String?
    var owner: String?
    var state: String?
    var includeReleased = false

    init(name: String? = nil, owner: String? = nil, state: String? = nil, includeReleased: Bool = false) {
        self.name = name
        self.owner = owner
        self.state = state
        self.includeReleased = includeReleased
    }

    init(query: Parameters) {
        self.init(name: adminQueryValue(query, "name"), owner: adminQueryValue(query, "owner"), state: adminQueryValue(query, "state"),
                  includeReleased: adminQueryValue(query, "released") != nil)
    }

    func matches(_ vm: VMInfo) -> Bool {
        if let name, !vm.name.localizedCaseInsensitiveContains(name) { return false }
        if let owner, vm.owner != owner { return false }
        if let state, vm.state != state { return false }
        return true
    }
}

/// Jobs page: id or VM name contains, owner, state.
struct JobFilter: Sendable, Hashable {
    var text: String?
    var owner: String?
    var state: String?

    init(text: String? = nil, owner: String? = nil, state: String? = nil) {
        self.text = text
        self.owner = owner
        self.state = state
    }

    init(query: Parameters) {
        self.init(text: adminQueryValue(query, "q"), owner: adminQueryValue(query, "owner"), state: adminQueryValue(query, "state"))
    }

    /// The state as a JobState.
    /// - Throws: SiteError `.invalidRequest` naming `state` when it is not a job state.
    func jobState() throws -> JobState? {
        guard let state else { return nil }
        guard let parsed = JobState(rawValue: state) else {
            throw SiteError.invalid("state", "must be one of \(JobState.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return parsed
    }

    func matches(_ job: JobInfo) -> Bool {
        if let text, !job.id.localizedCaseInsensitiveContains(text), !(job.vmName ?? "").localizedCaseInsensitiveContains(text) { return false }
        if let owner, job.owner != owner { return false }
        return true
    }
}

/// Audit log page: user, operation, and a time window in UTC.
struct AuditFilter: Sendable, Hashable {
    var actor: String?
    var operation: String?
    /// The `since` and `until` fields as typed (shown back in the form).
    var sinceText: String?
    var untilText: String?
    var since: Date?
    var until: Date?

    /// - Throws: SiteError `.invalidRequest` naming `since` or `until` when it is not a date and time.
    init(actor: String? = nil, operation: String? = nil, since: String? = nil, until: String? = nil) throws {
        self.actor = actor
        self.operation = operation
        sinceText = since
        untilText = until
        self.since = try since.map { try Self.parseTime($0, field: "since") }
        self.until = try until.map { try Self.parseTime($0, field: "until") }
        if let a = self.since, let b = self.until, b < a { throw SiteError.invalid("until", "is before since") }
    }

    init(query: Parameters) throws {
        try self.init(actor: adminQueryValue(query, "actor"), operation: adminQueryValue(query, "operation"),
                      since: adminQueryValue(query, "since"), until: adminQueryValue(query, "until"))
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS` (what `<input type="datetime-local">` sends),
    /// as UTC; a trailing `Z` is allowed. A date alone means its first instant; an `until` minute includes all of it.
    static func parseTime(_ text: String, field: String) throws -> Date {
        let bad = SiteError.invalid(field, "must be a UTC date and time like 2026-11-25T14:30, got '\(text.prefix(40))'")
        var s = Substring(text)
        if s.hasSuffix("Z") { s = s.dropLast() }
        let halves = s.split(separator: "T", omittingEmptySubsequences: false)
        guard halves.count <= 2 else { throw bad }
        let date = halves[0].split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        let time = halves.count == 2 ? halves[1].split(separator: ":", omittingEmptySubsequences: false).map { Int($0) } : []
        guard date.count == 3, halves.count == 1 || (2...3).contains(time.count),
              let year = date[0], let month = date[1], let day = date[2], (1...9999).contains(year) else { throw bad }
        var parts = DateComponents(calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"), year: year, month: month, day: day)
        var span: TimeInterval = 86400
        if !time.isEmpty {
            guard let h = time[0], let m = time[1], (0...23).contains(h), (0...59).contains(m) else { throw bad }
            parts.hour = h
            parts.minute = m
            span = 60
            if time.count == 3 {
                guard let sec = time[2], (0...59).contains(sec) else { throw bad }
                parts.second = sec
                span = 1
            }
        }
        guard parts.isValidDate, let start = parts.date else { throw bad }
        return field == "until" ? start.addingTimeInterval(span - 0.001) : start
    }
}
