// GVE — LDIF
// The streaming (non-materialising) side of the reader: the parser reports each record as a sequence of
// events over borrowed bytes. The materialising `LDIFReader.next()` is one visitor among others.

public import LDAPCore

/// The kind of change a `changetype:` line announces (RFC 2849 §3, `changerecord`).
public enum LDIFChangeType: Sendable, Hashable {
    /// `changetype: add`: attribute values follow, reported through ``LDIFVisitor/attribute(_:value:)``.
    case add
    /// `changetype: delete`: nothing follows.
    case delete
    /// `changetype: modify`: mod-specs follow, reported through the `modification…` events.
    case modify
    /// `changetype: modrdn` or `moddn`: reported through ``LDIFVisitor/modifyDN(newRDN:deleteOldRDN:newSuperior:)``.
    case modifyDN
}

/// Receives the records of an LDIF stream as events, without the parser building any value.
///
/// The parser checks the whole RFC 2849 grammar (and every DN's RFC 4514 syntax) before it reports a
/// record's parts, so a visitor sees only well-formed input; the bytes it is handed are **borrowed**:
/// they are valid for the duration of the call only (a `Span` cannot escape). Base64 (`::`) values
/// arrive decoded, folded lines unfolded.
///
/// Events of one record, in order:
/// 1. ``beginRecord(dn:line:)``
/// 2. ``control(_:)`` for each `control:` line (change records only), then ``changeType(_:)`` for change records
/// 3. content and `changetype: add` records: ``attribute(_:value:)`` per value line, in file order;
///    `changetype: modify`: per mod-spec ``beginModification(_:attribute:)``, ``modificationValue(_:)`` per value,
///    ``endModification()``; `modrdn`/`moddn`: one ``modifyDN(newRDN:deleteOldRDN:newSuperior:)``
/// 4. ``endRecord()``, or ``abandonRecord()`` when the record turned out bad (the parser then throws the
///    ``LDIFError`` with its line and column, and resumes at the next record).
///
/// Every requirement but ``attribute(_:value:)`` has an empty default.
///
/// ```swift
/// struct ValueCounter: LDIFVisitor {
///     var values = 0
///     mutating func attribute(_ description: Span<UInt8>, value: Span<UInt8>) { values += 1 }
/// }
/// var reader = try LDIFReader(path: "site.ldif")
/// var counter = ValueCounter()
/// while try reader.nextRecord(into: &counter) {}
/// ```
public protocol LDIFVisitor {
    /// A record starts.
    /// - Parameters:
    ///   - dn: The DN as written (base64 decoded), RFC 4514 syntax already checked. Parse it with
    ///     `DistinguishedName(String(decoding:as:))` only if you need its RDNs.
    ///   - line: The physical line of the `dn:`.
    mutating func beginRecord(dn: Span<UInt8>, line: Int)
    /// A `control:` line of a change record.
    mutating func control(_ control: LDIFControl)
    /// The record is a change record of this kind.
    mutating func changeType(_ type: LDIFChangeType)
    /// One value of a content record or of a `changetype: add` record.
    /// - Parameters:
    ///   - description: The attribute description as written (type plus `;options`), syntax checked.
    ///   - value: The value's octets.
    mutating func attribute(_ description: Span<UInt8>, value: Span<UInt8>)
    /// A mod-spec (`add:`, `delete:`, `replace:`, `increment:`) starts.
    mutating func beginModification(_ operation: LDAPModification.Operation, attribute: Span<UInt8>)
    /// One value of the current mod-spec.
    mutating func modificationValue(_ value: Span<UInt8>)
    /// The current mod-spec ends (its `-` line, or the end of the record).
    mutating func endModification()
    /// The body of a `modrdn`/`moddn` record.
    /// - Parameters:
    ///   - newRDN: The `newrdn:` value, checked to be exactly one RDN.
    ///   - deleteOldRDN: The `deleteoldrdn:` flag.
    ///   - newSuperior: The `newsuperior:` DN, when given.
    mutating func modifyDN(newRDN: Span<UInt8>, deleteOldRDN: Bool, newSuperior: Span<UInt8>?)
    /// The record is complete and valid.
    mutating func endRecord()
    /// The record begun by ``beginRecord(dn:line:)`` is bad: forget it.
    mutating func abandonRecord()
}

extension LDIFVisitor {
    public mutating func beginRecord(dn: Span<UInt8>, line: Int) {}
    public mutating func control(_ control: LDIFControl) {}
    public mutating func changeType(_ type: LDIFChangeType) {}
    public mutating func beginModification(_ operation: LDAPModification.Operation, attribute: Span<UInt8>) {}
    public mutating func modificationValue(_ value: Span<UInt8>) {}
    public mutating func endModification() {}
    public mutating func modifyDN(newRDN: Span<UInt8>, deleteOldRDN: Bool, newSuperior: Span<UInt8>?) {}
    public mutating func endRecord() {}
    public mutating func abandonRecord() {}
}

extension Span where Element == UInt8 {
    /// The bytes as a `String` (invalid UTF-8 repaired): a convenience for visitors.
    @inlinable
    public var utf8String: String {
        withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
    }
}
