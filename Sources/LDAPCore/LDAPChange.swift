// GVE — LDAPCore
// One change to a directory: what an LDAP write operation, an LDIF change record, or an
// aggregation cycle's diff carries.

/// A change to a directory (RFC 4511 Add/Delete/Modify/ModifyDN; RFC 2849 change records).
public enum LDAPChange: Sendable, Hashable {
    case add(LDAPEntry)
    case delete(DistinguishedName)
    case modify(DistinguishedName, [LDAPModification])
    case modifyDN(DistinguishedName, newRDN: RelativeDistinguishedName, deleteOldRDN: Bool, newSuperior: DistinguishedName?)

    /// The DN the change applies to.
    public var dn: DistinguishedName {
        switch self {
        case .add(let e): return e.dn
        case .delete(let dn), .modify(let dn, _), .modifyDN(let dn, _, _, _): return dn
        }
    }
}
