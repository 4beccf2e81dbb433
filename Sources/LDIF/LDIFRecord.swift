// GVE — LDIF
// The values an LDIF file holds: content records (entries) and change records (RFC 2849 §3).

public import LDAPCore

/// One record of an LDIF file.
public enum LDIFRecord: Sendable, Hashable {
    /// An `ldif-attrval-record`: an entry with its attributes.
    case content(LDAPEntry)
    /// An `ldif-change-record`: a DN, optional controls and one change.
    case change(LDIFChange)

    /// The DN the record names.
    public var dn: DistinguishedName {
        switch self {
        case .content(let entry): entry.dn
        case .change(let change): change.dn
        }
    }
}

/// A change record (`changetype:` add, delete, modify, modrdn/moddn).
public struct LDIFChange: Sendable, Hashable {
    /// The change itself.
    public enum Operation: Sendable, Hashable {
        /// `changetype: add` with the new entry's attributes.
        case add([LDAPAttribute])
        /// `changetype: delete`.
        case delete
        /// `changetype: modify`, one ``LDAPModification`` per `add:`/`delete:`/`replace:`/`increment:` block.
        case modify([LDAPModification])
        /// `changetype: modrdn` or `moddn`.
        case modifyDN(newRDN: RelativeDistinguishedName, deleteOldRDN: Bool, newSuperior: DistinguishedName?)
    }

    /// The entry the change applies to.
    public var dn: DistinguishedName
    /// `control:` lines, in order.
    public var controls: [LDIFControl]
    /// The change.
    public var operation: Operation

    /// Creates a change record.
    public init(dn: DistinguishedName, controls: [LDIFControl] = [], operation: Operation) {
        self.dn = dn
        self.controls = controls
        self.operation = operation
    }
}

/// A `control:` line (RFC 2849: `control: ldap-oid [true|false] [value-spec]`).
public struct LDIFControl: Sendable, Hashable {
    /// The control type, a numeric OID.
    public var oid: String
    /// The criticality (`false` when not written).
    public var isCritical: Bool
    /// The control value, when one is given.
    public var value: [UInt8]?

    /// Creates a control.
    public init(oid: String, isCritical: Bool = false, value: [UInt8]? = nil) {
        self.oid = oid
        self.isCritical = isCritical
        self.value = value
    }
}
