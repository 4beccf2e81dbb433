// GVE — LDAPSchema
// An attribute type description (RFC 4512 §4.1.2) as read from an OpenLDAP `.schema` file.

/// How an attribute type is used (RFC 4512 §4.1.2 `AttributeUsage`).
public enum AttributeUsage: String, Sendable, Hashable, CaseIterable {
    case userApplications, directoryOperation, distributedOperation, dSAOperation

    /// Operational attributes are every usage but `userApplications` (RFC 4512 §3.4).
    public var isOperational: Bool { self != .userApplications }
}

/// An attribute type: its identity as written, plus the rules it resolves to once the
/// schema is complete (matching rules and syntax inherited from the supertype, RFC 4512 §2.5.1).
public struct AttributeType: Sendable, Hashable {
    /// Position in ``Schema/attributeTypes``: a dense, stable key for indexes.
    public internal(set) var id: Int = -1
    /// The numeric OID (macros expanded).
    public var oid: String
    /// Short names, first one is the primary name.
    public var names: [String]
    public var description: String?
    public var isObsolete = false
    /// The supertype as written (name or OID).
    public var superiorName: String?
    public var equalityName: String?
    public var orderingName: String?
    public var substringName: String?
    /// The syntax OID as written (macros expanded), without the `{len}` bound.
    public var syntaxOID: String?
    /// The `{len}` bound of the syntax, if any.
    public var syntaxLength: Int?
    public var isSingleValued = false
    public var isCollective = false
    public var isNoUserModification = false
    public var usage: AttributeUsage = .userApplications

    // Resolved once the whole schema is loaded (inheritance from SUP applied).
    /// The supertype's ``id``.
    public internal(set) var superiorID: Int?
    /// Effective matching rules and syntax: own, or inherited from the supertype chain.
    public internal(set) var equality: MatchingRule?
    public internal(set) var ordering: MatchingRule?
    public internal(set) var substring: MatchingRule?
    public internal(set) var effectiveSyntaxOID: String?

    public init(oid: String, names: [String]) {
        self.oid = oid
        self.names = names
    }

    /// The primary name, or the OID when the type has no name.
    public var name: String { names.first ?? oid }
    /// True for operational attributes (USAGE other than userApplications).
    public var isOperational: Bool { usage.isOperational }

    /// RFC 4512 §4.1.2 `AttributeTypeDescription`, as published in `attributeTypes`.
    public var definition: String {
        var s = "( \(oid)"
        s += SchemaText.names(names)
        if let description { s += " DESC \(SchemaText.qdstring(description))" }
        if isObsolete { s += " OBSOLETE" }
        if let superiorName { s += " SUP \(superiorName)" }
        if let equalityName { s += " EQUALITY \(equalityName)" }
        if let orderingName { s += " ORDERING \(orderingName)" }
        if let substringName { s += " SUBSTR \(substringName)" }
        if let syntaxOID { s += " SYNTAX \(syntaxOID)" + (syntaxLength.map { "{\($0)}" } ?? "") }
        if isSingleValued { s += " SINGLE-VALUE" }
        if isCollective { s += " COLLECTIVE" }
        if isNoUserModification { s += " NO-USER-MODIFICATION" }
        if usage != .userApplications { s += " USAGE \(usage.rawValue)" }
        return s + " )"
    }
}

/// RFC 4512 §4.1 string helpers for rendering definitions.
enum SchemaText {
    /// `qdstring`: `'` and `\` are escaped as `\27` and `\5C`.
    static func qdstring(_ s: String) -> String {
        var out = "'"
        for c in s {
            switch c {
            case "'": out += "\\27"
            case "\\": out += "\\5C"
            default: out.append(c)
            }
        }
        return out + "'"
    }

    static func names(_ names: [String]) -> String {
        switch names.count {
        case 0: return ""
        case 1: return " NAME \(qdstring(names[0]))"
        default: return " NAME ( " + names.map(qdstring).joined(separator: " ") + " )"
        }
    }

    static func oids(_ oids: [String]) -> String {
        oids.count == 1 ? oids[0] : "( " + oids.joined(separator: " $ ") + " )"
    }
}
