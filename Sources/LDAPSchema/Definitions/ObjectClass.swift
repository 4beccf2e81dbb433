// GVE — LDAPSchema
// An object class description (RFC 4512 §4.1.1).

/// The kind of an object class (RFC 4512 §2.4).
public enum ObjectClassKind: String, Sendable, Hashable {
    case abstract = "ABSTRACT", structural = "STRUCTURAL", auxiliary = "AUXILIARY"
}

/// An object class: superclasses and the MUST / MAY attribute lists as written, plus the
/// resolved attribute ids including everything inherited from superclasses.
public struct ObjectClass: Sendable, Hashable {
    /// Position in ``Schema/objectClasses``.
    public internal(set) var id: Int = -1
    public var oid: String
    public var names: [String]
    public var description: String?
    public var isObsolete = false
    /// Superclasses as written.
    public var superiorNames: [String] = []
    public var kind: ObjectClassKind = .structural
    /// MUST and MAY attribute types as written.
    public var mustNames: [String] = []
    public var mayNames: [String] = []

    // Resolved (inheritance applied).
    /// Ids of every superclass, transitively (not including self).
    public internal(set) var ancestorIDs: [Int] = []
    /// Attribute type ids required / allowed, including inherited ones.
    public internal(set) var mustIDs: Set<Int> = []
    public internal(set) var mayIDs: Set<Int> = []

    public init(oid: String, names: [String]) {
        self.oid = oid
        self.names = names
    }

    /// The primary name, or the OID when the class has no name.
    public var name: String { names.first ?? oid }

    /// RFC 4512 §4.1.1 `ObjectClassDescription`, as published in `objectClasses`.
    public var definition: String {
        var s = "( \(oid)"
        s += SchemaText.names(names)
        if let description { s += " DESC \(SchemaText.qdstring(description))" }
        if isObsolete { s += " OBSOLETE" }
        if !superiorNames.isEmpty { s += " SUP \(SchemaText.oids(superiorNames))" }
        s += " \(kind.rawValue)"
        if !mustNames.isEmpty { s += " MUST \(SchemaText.oids(mustNames))" }
        if !mayNames.isEmpty { s += " MAY \(SchemaText.oids(mayNames))" }
        return s + " )"
    }
}
