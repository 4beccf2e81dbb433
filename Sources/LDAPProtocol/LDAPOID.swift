// GVE — LDAPProtocol
// Well-known object identifiers, named once.

/// Object identifiers of the controls and extended operations GVE speaks.
public enum LDAPOID {
    /// Simple Paged Results control (RFC 2696).
    public static let pagedResults = "1.2.840.113556.1.4.319"
    /// StartTLS extended operation (RFC 4511 §4.14).
    public static let startTLS = "1.3.6.1.4.1.1466.20037"
    /// Notice of Disconnection unsolicited notification (RFC 4511 §4.4.1).
    public static let noticeOfDisconnection = "1.3.6.1.4.1.1466.20036"
    /// "Who am I?" extended operation (RFC 4532).
    public static let whoAmI = "1.3.6.1.4.1.4203.1.11.3"
    /// ManageDsaIT control (RFC 3296).
    public static let manageDsaIT = "2.16.840.1.113730.3.4.2"
    /// Persistent Search request control (draft-ietf-ldapext-psearch-03 §4).
    public static let persistentSearch = "2.16.840.1.113730.3.4.3"
    /// Entry Change Notification response control (draft-ietf-ldapext-psearch-03 §5).
    public static let entryChangeNotification = "2.16.840.1.113730.3.4.7"
}
