// GVE — Aggregation
// What a cycle reads from: kinds of sources, their failures, and one cycle's reading of one source.

public import LDAPCore

/// The kinds of source a cycle reads, in BDII's order.
public enum SourceKind: String, Sendable, Hashable, CaseIterable, Comparable {
    /// A `*.ldif` file in `BDII_LDIF_DIR`.
    case ldifFile = "ldif"
    /// An executable in `BDII_PROVIDER_DIR` printing LDIF entries.
    case provider
    /// A remote registry from `GVE_SOURCE_URLS`.
    case remote
    /// An executable in `BDII_PLUGIN_DIR` printing LDIF change records, applied after the merge.
    case plugin

    public static func < (lhs: SourceKind, rhs: SourceKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Identifies a source across cycles: its kind and name (file name or `GVE_SOURCE_URLS` name).
public struct SourceID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var kind: SourceKind
    public var name: String
    public init(_ kind: SourceKind, _ name: String) {
        self.kind = kind
        self.name = name
    }
    public var description: String { "\(kind.rawValue) \(name)" }
    public static func < (lhs: SourceID, rhs: SourceID) -> Bool { (lhs.kind, lhs.name) < (rhs.kind, rhs.name) }
}

/// Why a source contributed nothing new this cycle. Its last good data stays published.
public struct SourceFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// A provider or plugin ended badly (non-zero exit, signal, timeout, byte cap, cancelled).
        case program(ProgramTermination)
        /// More entries than the source's cap.
        case tooManyEntries(count: Int, limit: Int)
        /// A file larger than the source's byte cap.
        case tooManyBytes(count: Int, limit: Int)
        /// Output that is not valid LDIF (the message names the line).
        case invalidOutput(String)
        /// A file that could not be read.
        case unreadable(String)
        /// A remote fetch that threw or timed out.
        case fetchFailed(String)
    }
    public var source: SourceID
    public var reason: Reason
    /// The last lines a program wrote to stderr (empty for other sources).
    public var stderrTail: String

    public init(source: SourceID, reason: Reason, stderrTail: String = "") {
        self.source = source
        self.reason = reason
        self.stderrTail = stderrTail
    }

    public var description: String {
        var text = "\(source): "
        switch reason {
        case .program(let t): text += t.description
        case .tooManyEntries(let n, let limit): text += "\(n) entries exceed the cap of \(limit) (GVE_SOURCE_MAX_ENTRIES)"
        case .tooManyBytes(let n, let limit): text += "\(n) bytes exceed the cap of \(limit) (GVE_SOURCE_MAX_BYTES)"
        case .invalidOutput(let m): text += "invalid LDIF: \(m)"
        case .unreadable(let m): text += "unreadable: \(m)"
        case .fetchFailed(let m): text += "fetch failed: \(m)"
        }
        let tail = stderrTail.split(separator: "\n").suffix(3).joined(separator: " | ")
        if !tail.isEmpty { text += "; stderr: \(tail)" }
        return text + "; keeping its last good data"
    }
}

/// An entry accepted from a source, with the hash of its normalised content.
public struct AcceptedEntry: Sendable {
    public var entry: LDAPEntry
    /// The normalised DN (computed once: normalising DNs dominates cycle time otherwise).
    public var key: String
    public var contentHash: Int
    public init(_ entry: LDAPEntry) {
        self.entry = entry
        self.key = DNKey.of(entry.dn)
        self.contentHash = EntryDiff.contentHash(entry, normalizedDN: key)
    }
}

/// One cycle's reading of one content source.
public struct SourceReading: Sendable {
    public enum Outcome: Sendable {
        /// Output identical to the last accepted one (same digest): nothing was parsed.
        case unchanged
        /// New content (entries in source order, already rewritten and hashed).
        case entries([AcceptedEntry])
        /// Changes pushed by the source (already rewritten): entries added or replaced, and normalised
        /// DNs removed; the rest of the source's entries stay as they were.
        case patched(upserts: [AcceptedEntry], deletes: [String])
        case failed(SourceFailure)
    }
    public var source: SourceID
    public var outcome: Outcome
    /// Digest of the raw output (LDIF bytes, or the entries of a remote source).
    public var digest: SourceDigest?
    /// Entries dropped by DN rewriting (outside the namespace the level aggregates).
    public var droppedEntries: Int
    public var duration: Duration

    public init(source: SourceID, outcome: Outcome, digest: SourceDigest?, droppedEntries: Int = 0, duration: Duration = .zero) {
        self.source = source
        self.outcome = outcome
        self.digest = digest
        self.droppedEntries = droppedEntries
        self.duration = duration
    }
}

/// A digest of a source's raw output: its length and a 64-bit hash, compared to skip unchanged sources.
public struct SourceDigest: Sendable, Hashable {
    public var length: Int
    public var hash: Int

    public init(bytes: [UInt8]) {
        var hasher = Hasher()
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        length = bytes.count
        hash = hasher.finalize()
    }

    public init(entries: [LDAPEntry]) {
        var hasher = Hasher()
        for e in entries { hasher.combine(EntryDiff.contentHash(e)) }
        length = entries.count
        hash = hasher.finalize()
    }
}

/// A remote registry the cycle reads (site and top mode). The integrator wires the LDAP client here.
public protocol RemoteDirectorySource: Sendable {
    /// Reads every entry under the URL's base (subtree search, `(objectClass=*)`).
    /// - Parameters:
    ///   - url: the source's LDAP URL from `GVE_SOURCE_URLS`.
    ///   - timeout: the source's time limit (send it as the search time limit, and give up locally too).
    ///   - sizeLimit: the source's entry cap (send it as the search size limit).
    /// - Returns: the entries as the remote registry publishes them (DNs not yet rewritten).
    /// - Throws: any error; the source is then reported as failed and keeps its last good data.
    func fetch(url: String, timeout: Duration, sizeLimit: Int) async throws -> [LDAPEntry]
}

/// Where a cycle's changes go (the registry's Directory). Must apply all changes of one call or none.
public protocol DirectorySink: Sendable {
    /// Applies a cycle's changes atomically, in the given order (parents are added before children and
    /// children are deleted before parents).
    /// - Throws: any error if it applied nothing.
    func apply(_ changes: [LDAPChange]) throws
}
