// GVE — LDAPProtocol
// The persistent search controls (draft-ietf-ldapext-psearch-03): a search that stays open and
// returns each later change to a matching entry, tagged with what changed.

public import NIOCore

/// The Persistent Search request control (draft-ietf-ldapext-psearch-03 §4).
///
/// ```
/// PersistentSearch ::= SEQUENCE {
///         changeTypes INTEGER,
///         changesOnly BOOLEAN,
///         returnECs BOOLEAN
/// }
/// ```
/// `changeTypes` is a bit set: add (1), delete (2), modify (4), modDN (8).
public struct PersistentSearchControl: Sendable, Hashable {
    /// The change types asked for (bits of ``EntryChangeNotificationControl/ChangeType``).
    public var changeTypes: Int
    /// When false, the entries matching now are returned first.
    public var changesOnly: Bool
    /// Whether changed entries carry the Entry Change Notification control.
    public var returnECs: Bool

    /// Every change type.
    public static let allChangeTypes = 15

    public init(changeTypes: Int = Self.allChangeTypes, changesOnly: Bool, returnECs: Bool) {
        self.changeTypes = changeTypes
        self.changesOnly = changesOnly
        self.returnECs = returnECs
    }

    /// Whether changes of `type` are asked for.
    public func wants(_ type: EntryChangeNotificationControl.ChangeType) -> Bool { changeTypes & type.rawValue != 0 }

    /// Decodes the control value of an envelope whose type is ``LDAPOID/persistentSearch``.
    /// - Throws: ``LDAPProtocolError`` when the type differs or the value is malformed (a changeTypes
    ///   outside 1...15 is malformed: it asks for nothing or for an undefined change type).
    public init(_ control: LDAPControl, limits: LDAPDecodingLimits = .init()) throws(LDAPProtocolError) {
        guard control.type == LDAPOID.persistentSearch else {
            throw LDAPProtocolError(.invalidValue, "control \(control.type) is not the persistent search control")
        }
        guard let value = control.value else { throw LDAPProtocolError(.invalidValue, "persistent search control has no value") }
        var outer = BERReader(ByteBuffer(bytes: value), limits: limits, depth: 3)
        var r = try outer.readConstructed(BER.sequence, "persistent search value")
        try outer.finish("persistent search value")
        changeTypes = try r.readInt(in: 1...15, "changeTypes")
        changesOnly = try r.readBoolean("changesOnly")
        returnECs = try r.readBoolean("returnECs")
        try r.finish("persistent search value")
    }

    /// The envelope carrying this value (the draft asks clients to mark it critical).
    public func control(criticality: Bool = true) -> LDAPControl {
        var b = ByteBuffer()
        b.writeBERElement(tag: BER.sequence) { b in
            b.writeBERInteger(Int64(changeTypes))
            b.writeBERBoolean(changesOnly)
            b.writeBERBoolean(returnECs)
        }
        return LDAPControl(type: LDAPOID.persistentSearch, criticality: criticality, value: Array(b.readableBytesView))
    }
}

/// The Entry Change Notification response control (draft-ietf-ldapext-psearch-03 §5), attached to the
/// SearchResultEntry of each change a persistent search returns.
///
/// ```
/// EntryChangeNotification ::= SEQUENCE {
///         changeType ENUMERATED {
///                 add             (1),
///                 delete          (2),
///                 modify          (4),
///                 modDN           (8)
///         },
///         previousDN   LDAPDN OPTIONAL,     -- modifyDN ops. only
///         changeNumber INTEGER OPTIONAL     -- if supported
/// }
/// ```
public struct EntryChangeNotificationControl: Sendable, Hashable {
    public enum ChangeType: Int, Sendable, Hashable, CaseIterable {
        case add = 1
        case delete = 2
        case modify = 4
        case modifyDN = 8
    }

    public var changeType: ChangeType
    /// The DN before a modifyDN.
    public var previousDN: LDAPDN?
    public var changeNumber: Int?

    public init(changeType: ChangeType, previousDN: LDAPDN? = nil, changeNumber: Int? = nil) {
        self.changeType = changeType
        self.previousDN = previousDN
        self.changeNumber = changeNumber
    }

    /// Decodes the control value of an envelope whose type is ``LDAPOID/entryChangeNotification``.
    /// - Throws: ``LDAPProtocolError`` when the type differs, the change type is undefined, or a
    ///   previousDN comes with anything but modDN.
    public init(_ control: LDAPControl, limits: LDAPDecodingLimits = .init()) throws(LDAPProtocolError) {
        guard control.type == LDAPOID.entryChangeNotification else {
            throw LDAPProtocolError(.invalidValue, "control \(control.type) is not the entry change notification control")
        }
        guard let value = control.value else { throw LDAPProtocolError(.invalidValue, "entry change notification has no value") }
        var outer = BERReader(ByteBuffer(bytes: value), limits: limits, depth: 3)
        var r = try outer.readConstructed(BER.sequence, "entry change notification value")
        try outer.finish("entry change notification value")
        let raw = try r.readInt(BER.enumerated, in: 0...15, "changeType")
        guard let type = ChangeType(rawValue: raw) else {
            throw LDAPProtocolError(.invalidValue, "entry change notification: undefined changeType \(raw)")
        }
        changeType = type
        previousDN = try r.readOptional(BER.octetString, "previousDN").map { LDAPDN(string: String(decoding: $0.readableBytesView, as: UTF8.self)) }
        if previousDN != nil && type != .modifyDN {
            throw LDAPProtocolError(.invalidValue, "entry change notification: previousDN with changeType \(raw)")
        }
        changeNumber = try r.readOptional(BER.integer, "changeNumber").map { b throws(LDAPProtocolError) in
            Int(try BERReader.integer(b, "changeNumber"))
        }
        try r.finish("entry change notification value")
    }

    /// The envelope carrying this value (never critical).
    public func control() -> LDAPControl {
        var b = ByteBuffer()
        b.writeBERElement(tag: BER.sequence) { b in
            b.writeBERInteger(tag: BER.enumerated, Int64(changeType.rawValue))
            if let previousDN { b.writeBERString(previousDN.string) }
            if let changeNumber { b.writeBERInteger(Int64(changeNumber)) }
        }
        return LDAPControl(type: LDAPOID.entryChangeNotification, value: Array(b.readableBytesView))
    }
}

extension LDAPMessage {
    /// The entry change notification control, if one is attached and well formed.
    public var entryChangeNotification: EntryChangeNotificationControl? {
        controls.first { $0.type == LDAPOID.entryChangeNotification }.flatMap { try? EntryChangeNotificationControl($0) }
    }
}
