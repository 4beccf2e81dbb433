// GVE — GLUEModel
// Open and closed enumerations of the GLUE 2 specification (GFD.147 appendix B).

/// An open enumeration (`Capability_t`, `InterfaceName_t`, `OSFamily_t`, ...): the specification lists
/// well-known values as static constants, and any other string is valid too.
public protocol GLUEOpenEnumeration: RawRepresentable, Sendable, Hashable, CustomStringConvertible,
    ExpressibleByStringLiteral where RawValue == String {
    init(rawValue: String)
}

extension GLUEOpenEnumeration {
    public init(_ rawValue: String) { self.init(rawValue: rawValue) }
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public var description: String { rawValue }
}

/// A closed enumeration (`EndpointHealthState_t`, `ServingState_t`, ...): values outside the listed
/// cases are invalid.
public protocol GLUEClosedEnumeration: RawRepresentable, CaseIterable, Sendable, Hashable where RawValue == String {}
