// GVE — GLUEModel
// One table per entity type maps properties to LDAP attributes, XML elements and JSON keys.
public import Foundation

/// The value type of a GLUE attribute, as the GLUE 2.0 specification (GFD.147 appendix) types it.
public enum GLUEValueKind: Sendable, Hashable {
    case string
    case uri
    /// UInt32/UInt64 in the spec; decimal digits in LDAP.
    case integer
    /// Float32 (Latitude, Benchmark value, scaling factors).
    case real
    /// ExtendedBoolean_t: `TRUE`/`FALSE` in LDAP, `true`/`false` in XML, JSON booleans.
    case boolean
    /// DateTime_t: `YYYY-MM-DDTHH:MM:SSZ`.
    case dateTime
    /// A closed enumeration: only these values are valid.
    case closedEnumeration([String])
    /// An open enumeration: the spec lists well-known values, others are allowed.
    case openEnumeration
}

/// Where a field goes in the GLUE 2.0 XML rendering.
public enum GLUEXMLPlacement: Sendable, Hashable {
    /// A child element with this name.
    case element(String)
    /// A child of the entity's `<Associations>` element.
    case association(String)
    /// An XML attribute of the entity element (CreationTime, Validity).
    case attribute(String)
    /// Not in the GLUE 2.0 XML rendering (the XSD has no such association) but kept in JSON's
    /// `Associations` (the service's AdminDomain).
    case jsonAssociation(String)
    /// Not rendered in XML (e.g. the duplicate base-class foreign key of the LDAP rendering).
    case none
}

/// Everything about one field except how to read and write it.
public struct GLUEFieldDescriptor: Sendable, Hashable {
    /// The object class that defines the LDAP attribute (`GLUE2Endpoint`, `GLUE2Entity`, ...).
    public var objectClass: String
    /// The LDAP attribute type (`GLUE2EndpointURL`).
    public var ldapAttribute: String
    public var xml: GLUEXMLPlacement
    public var kind: GLUEValueKind
    /// MUST in the LDAP schema (multiplicity 1 or 1..* in the spec).
    public var isRequired: Bool
    public var isMultiValued: Bool
    /// For a foreign key: the ID attribute of the class it references (`GLUE2ServiceID`).
    public var foreignKeyTarget: String?

    /// The key used in JSON: the XML element or association name.
    public var jsonKey: String? {
        switch xml {
        case .element(let n), .association(let n), .attribute(let n), .jsonAssociation(let n): n
        case .none: nil
        }
    }
}

/// One field of an entity type: its descriptor plus accessors that read and write the property as
/// canonical LDAP strings.
public struct GLUEField<Entity: GLUEEntity> {
    public let descriptor: GLUEFieldDescriptor
    let get: (Entity) -> [String]
    let set: (inout Entity, [String]) throws(GLUEValueError) -> Void
}

/// A value that does not parse as its field's type (internal; surfaced as ``GLUEModelError``).
struct GLUEValueError: Error {
    var value: String
    var expected: String
}

/// A scalar type that has a canonical GLUE string form.
protocol GLUEScalar {
    static var glueKind: GLUEValueKind { get }
    var glueString: String { get }
    init?(glueString: String)
}

extension String: GLUEScalar {
    static var glueKind: GLUEValueKind { .string }
    var glueString: String { self }
    init?(glueString: String) { self = glueString }
}

extension Int: GLUEScalar {
    static var glueKind: GLUEValueKind { .integer }
    var glueString: String { String(self) }
    init?(glueString: String) {
        guard let v = Int(glueString.trimmingCharacters(in: .whitespaces)) else { return nil }
        self = v
    }
}

extension Double: GLUEScalar {
    static var glueKind: GLUEValueKind { .real }
    var glueString: String {
        if self == rounded(), abs(self) < 1e15 { return String(format: "%.1f", self) }
        return String(self)
    }
    init?(glueString: String) {
        guard let v = Double(glueString.trimmingCharacters(in: .whitespaces)), v.isFinite else { return nil }
        self = v
    }
}

extension Bool: GLUEScalar {
    static var glueKind: GLUEValueKind { .boolean }
    var glueString: String { self ? "TRUE" : "FALSE" }
    init?(glueString: String) {
        switch glueString.lowercased() {
        case "true": self = true
        case "false": self = false
        default: return nil
        }
    }
}

extension Date: GLUEScalar {
    static var glueKind: GLUEValueKind { .dateTime }
    var glueString: String { GLUETimestamp.format(self) }
    init?(glueString: String) {
        guard let d = GLUETimestamp.parse(glueString) else { return nil }
        self = d
    }
}

extension GLUEScalar where Self: GLUEOpenEnumeration {
    static var glueKind: GLUEValueKind { .openEnumeration }
    var glueString: String { rawValue }
    init?(glueString: String) { self.init(rawValue: glueString) }
}

extension GLUEScalar where Self: GLUEClosedEnumeration {
    static var glueKind: GLUEValueKind { .closedEnumeration(Self.allCases.map(\.rawValue)) }
    var glueString: String { rawValue }
    init?(glueString: String) {
        if let v = Self(rawValue: glueString) { self = v; return }
        // LDAP matching for GLUE enumerations is case-exact, but publishers vary; accept any case.
        guard let v = Self.allCases.first(where: { $0.rawValue.lowercased() == glueString.lowercased() }) else { return nil }
        self = v
    }
}

/// Builds a field table. `objectClass` is the class whose attributes are being added.
struct GLUEFieldTable<Entity: GLUEEntity> {
    var objectClass: String
    var fields: [GLUEField<Entity>] = []

    init(_ objectClass: String) { self.objectClass = objectClass }

    private mutating func append(
        _ ldap: String, _ xml: GLUEXMLPlacement, _ kind: GLUEValueKind, required: Bool, multi: Bool, fk: String?,
        get: @escaping (Entity) -> [String], set: @escaping (inout Entity, [String]) throws(GLUEValueError) -> Void
    ) {
        let d = GLUEFieldDescriptor(objectClass: objectClass, ldapAttribute: ldap, xml: xml, kind: kind,
                                    isRequired: required, isMultiValued: multi, foreignKeyTarget: fk)
        fields.append(GLUEField(descriptor: d, get: get, set: set))
    }

    private static func parse<V: GLUEScalar>(_ s: String) throws(GLUEValueError) -> V {
        guard let v = V(glueString: s) else { throw GLUEValueError(value: s, expected: describe(V.glueKind)) }
        return v
    }

    static func describe(_ kind: GLUEValueKind) -> String {
        switch kind {
        case .string, .openEnumeration: "a string"
        case .uri: "a URI"
        case .integer: "an integer"
        case .real: "a real number"
        case .boolean: "TRUE or FALSE"
        case .dateTime: "a time YYYY-MM-DDTHH:MM:SSZ"
        case .closedEnumeration(let values): "one of " + values.joined(separator: ", ")
        }
    }

    /// A mandatory single-valued field.
    /// `required: false` for a second, subclass-level attribute holding the same value (the
    /// `GLUE2ComputingEndpointComputingServiceForeignKey` beside `GLUE2EndpointServiceForeignKey`).
    mutating func add<V: GLUEScalar>(_ ldap: String, _ xml: GLUEXMLPlacement, _ kp: WritableKeyPath<Entity, V>,
                                     kind: GLUEValueKind? = nil, required: Bool = true, fk: String? = nil) {
        append(ldap, xml, kind ?? V.glueKind, required: required, multi: false, fk: fk,
               get: { [$0[keyPath: kp].glueString] },
               set: { (e: inout Entity, values: [String]) throws(GLUEValueError) in
                   if let s = values.first { e[keyPath: kp] = try Self.parse(s) } })
    }

    /// An optional single-valued field.
    mutating func add<V: GLUEScalar>(_ ldap: String, _ xml: GLUEXMLPlacement, _ kp: WritableKeyPath<Entity, V?>,
                                     kind: GLUEValueKind? = nil, fk: String? = nil) {
        append(ldap, xml, kind ?? V.glueKind, required: false, multi: false, fk: fk,
               get: { $0[keyPath: kp].map { [$0.glueString] } ?? [] },
               set: { (e: inout Entity, values: [String]) throws(GLUEValueError) in
                   if let s = values.first { e[keyPath: kp] = try Self.parse(s) as V } })
    }

    /// A multi-valued field (mandatory when `required`: at least one value).
    mutating func add<V: GLUEScalar>(_ ldap: String, _ xml: GLUEXMLPlacement, _ kp: WritableKeyPath<Entity, [V]>,
                                     kind: GLUEValueKind? = nil, required: Bool = false, fk: String? = nil) {
        append(ldap, xml, kind ?? V.glueKind, required: required, multi: true, fk: fk,
               get: { $0[keyPath: kp].map(\.glueString) },
               set: { (e: inout Entity, values: [String]) throws(GLUEValueError) in
                   var out: [V] = []
                   for s in values { out.append(try Self.parse(s)) }
                   e[keyPath: kp] = out })
    }

    /// The attributes every entity has: the class's ID attribute, then GLUE2Entity's.
    mutating func entity(idAttribute: String) {
        add(idAttribute, .element("ID"), \.id, kind: .uri)
        let saved = objectClass
        objectClass = "GLUE2Entity"
        add("GLUE2EntityName", .element("Name"), \.name)
        add("GLUE2EntityOtherInfo", .element("OtherInfo"), \.otherInfo)
        add("GLUE2EntityCreationTime", .attribute("CreationTime"), \.creationTime)
        add("GLUE2EntityValidity", .attribute("Validity"), \.validity)
        objectClass = saved
    }
}
