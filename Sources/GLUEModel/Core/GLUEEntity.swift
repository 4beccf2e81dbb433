// GVE — GLUEModel
// The protocol every GLUE 2 entity value conforms to, and the description of its class.
public import Foundation

/// Static facts about one GLUE 2 class: its name in the model, its LDAP object classes and naming
/// attribute, and its XML element.
public struct GLUEClass: Sendable, Hashable {
    /// The GLUE class name (`ComputingEndpoint`); also the JSON key of its entity array.
    public var name: String
    /// LDAP object classes, least specific first (`GLUE2Endpoint`, `GLUE2ComputingEndpoint`).
    public var objectClasses: [String]
    /// The LDAP attribute that names an entry of this class in its RDN (`GLUE2EndpointID`).
    public var idAttribute: String
    /// True for the GLUE 2.1 cloud classes, which have no GLUE 2.0 XML element and render in
    /// the GVE extension namespace.
    public var isGLUE21: Bool

    public init(name: String, objectClasses: [String], idAttribute: String, isGLUE21: Bool = false) {
        self.name = name
        self.objectClasses = objectClasses
        self.idAttribute = idAttribute
        self.isGLUE21 = isGLUE21
    }

    /// The most specific object class (`GLUE2ComputingEndpoint`).
    public var structuralObjectClass: String { objectClasses.last! }
}

/// A GLUE 2 entity (GFD.147 §5.1 `Entity`): every entity has an ID, an optional name, free-form
/// OtherInfo, and a CreationTime plus Validity (seconds) that say when the information expires.
///
/// Conforming types are plain `Sendable` values. Their ``fields`` table describes how each
/// property maps to the LDAP attribute, the XML element and the JSON key; the LDAP, XML and JSON
/// renderings and the parser are written once over that table.
public protocol GLUEEntity: Sendable, Hashable {
    /// The class of this entity type.
    static var glueClass: GLUEClass { get }
    /// How each property maps to LDAP, XML and JSON, in GLUE 2.0 XSD order.
    static var fields: [GLUEField<Self>] { get }
    /// An empty entity (empty ID, defaults for mandatory values); parsers fill it in.
    init()

    /// Globally unique ID (a URI, usually `urn:ogf:<Class>:...`).
    var id: String { get set }
    /// Human-readable name.
    var name: String? { get set }
    /// Free-form `key=value` information.
    var otherInfo: [String] { get set }
    /// When the information was produced.
    var creationTime: Date? { get set }
    /// How long after ``creationTime`` the information stays valid, in seconds.
    var validity: Int? { get set }
}

extension GLUEEntity {
    /// Descriptors of the fields (no accessors), e.g. for validators and documentation.
    public static var fieldDescriptors: [GLUEFieldDescriptor] { fields.map(\.descriptor) }
}

extension GLUEEntity {
    /// An entity with this ID and defaults everywhere else.
    public init(id: String) {
        self.init()
        self.id = id
    }
}
