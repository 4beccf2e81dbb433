// GVE — GLUEModel
// The abstract GLUE 2.0 base classes shared by the computing and the cloud entities
// (Service, Endpoint, Share, Manager): their common properties and their fields.
public import Foundation

/// A GLUE2 Service (GFD.147 §5.6): ComputingService and CloudComputingService.
public protocol GLUEServiceEntity: GLUEEntity {
    var capabilities: [Capability] { get set }
    var type: ServiceType { get set }
    var qualityLevel: QualityLevel { get set }
    /// URLs of status pages.
    var statusInfo: [String] { get set }
    var complexity: String? { get set }
    /// The AdminDomain the service belongs to (`GLUE2ServiceAdminDomainForeignKey`).
    var adminDomainID: String { get set }
}

/// A GLUE2 Endpoint (GFD.147 §5.7): ComputingEndpoint and CloudComputingEndpoint.
public protocol GLUEEndpointEntity: GLUEEntity {
    var url: String { get set }
    var capabilities: [Capability] { get set }
    var technology: EndpointTechnology? { get set }
    var interfaceName: InterfaceName { get set }
    var interfaceVersion: String? { get set }
    var interfaceExtensions: [String] { get set }
    var wsdl: [String] { get set }
    var supportedProfiles: [String] { get set }
    var semantics: [String] { get set }
    var implementor: String? { get set }
    var implementationName: String? { get set }
    var implementationVersion: String? { get set }
    var qualityLevel: QualityLevel { get set }
    var healthState: EndpointHealthState { get set }
    var healthStateInfo: String? { get set }
    var servingState: ServingState { get set }
    var startTime: Date? { get set }
    var issuerCA: String? { get set }
    var trustedCAs: [String] { get set }
    var downtimeAnnounce: Date? { get set }
    var downtimeStart: Date? { get set }
    var downtimeEnd: Date? { get set }
    var downtimeInfo: String? { get set }
    /// The service the endpoint belongs to (`GLUE2EndpointServiceForeignKey`).
    var serviceID: String { get set }
}

/// A GLUE2 Manager (GFD.147 §5.9): ComputingManager and CloudComputingManager.
public protocol GLUEManagerEntity: GLUEEntity {
    var productName: String { get set }
    var productVersion: String? { get set }
    /// The service the manager belongs to (`GLUE2ManagerServiceForeignKey`).
    var serviceID: String { get set }
}

extension GLUEFieldTable where Entity: GLUEServiceEntity {
    /// GLUE2Service's attributes before the subclass's own (XSD ServiceBase_t order).
    mutating func serviceBase() {
        objectClass = "GLUE2Service"
        entity(idAttribute: "GLUE2ServiceID")
        add("GLUE2ServiceCapability", .element("Capability"), \.capabilities)
        add("GLUE2ServiceType", .element("Type"), \.type)
        add("GLUE2ServiceQualityLevel", .element("QualityLevel"), \.qualityLevel)
        add("GLUE2ServiceStatusInfo", .element("StatusInfo"), \.statusInfo, kind: .uri)
        add("GLUE2ServiceComplexity", .element("Complexity"), \.complexity)
    }

    /// The AdminDomain foreign key (LDAP only: in XML the domain lists its services).
    mutating func serviceAdminDomain() {
        objectClass = "GLUE2Service"
        add("GLUE2ServiceAdminDomainForeignKey", .jsonAssociation("AdminDomainID"), \.adminDomainID, fk: "GLUE2DomainID")
    }
}

extension GLUEFieldTable where Entity: GLUEEndpointEntity {
    /// GLUE2Endpoint's attributes (XSD EndpointBase_t order).
    mutating func endpointBase() {
        objectClass = "GLUE2Endpoint"
        entity(idAttribute: "GLUE2EndpointID")
        add("GLUE2EndpointURL", .element("URL"), \.url, kind: .uri)
        add("GLUE2EndpointCapability", .element("Capability"), \.capabilities)
        add("GLUE2EndpointTechnology", .element("Technology"), \.technology)
        add("GLUE2EndpointInterfaceName", .element("InterfaceName"), \.interfaceName)
        add("GLUE2EndpointInterfaceVersion", .element("InterfaceVersion"), \.interfaceVersion)
        add("GLUE2EndpointInterfaceExtension", .element("InterfaceExtension"), \.interfaceExtensions, kind: .uri)
        add("GLUE2EndpointWSDL", .element("WSDL"), \.wsdl, kind: .uri)
        add("GLUE2EndpointSupportedProfile", .element("SupportedProfile"), \.supportedProfiles, kind: .uri)
        add("GLUE2EndpointSemantics", .element("Semantics"), \.semantics, kind: .uri)
        add("GLUE2EndpointImplementor", .element("Implementor"), \.implementor)
        add("GLUE2EndpointImplementationName", .element("ImplementationName"), \.implementationName)
        add("GLUE2EndpointImplementationVersion", .element("ImplementationVersion"), \.implementationVersion)
        add("GLUE2EndpointQualityLevel", .element("QualityLevel"), \.qualityLevel)
        add("GLUE2EndpointHealthState", .element("HealthState"), \.healthState)
        add("GLUE2EndpointHealthStateInfo", .element("HealthStateInfo"), \.healthStateInfo)
        add("GLUE2EndpointServingState", .element("ServingState"), \.servingState)
        add("GLUE2EndpointStartTime", .element("StartTime"), \.startTime)
        add("GLUE2EndpointIssuerCA", .element("IssuerCA"), \.issuerCA)
        add("GLUE2EndpointTrustedCA", .element("TrustedCA"), \.trustedCAs)
        add("GLUE2EndpointDowntimeAnnounce", .element("DowntimeAnnounce"), \.downtimeAnnounce)
        add("GLUE2EndpointDowntimeStart", .element("DowntimeStart"), \.downtimeStart)
        add("GLUE2EndpointDowntimeEnd", .element("DowntimeEnd"), \.downtimeEnd)
        add("GLUE2EndpointDowntimeInfo", .element("DowntimeInfo"), \.downtimeInfo)
    }
}

extension GLUEFieldTable where Entity: GLUEManagerEntity {
    /// GLUE2Manager's attributes (XSD ManagerBase_t order).
    mutating func managerBase() {
        objectClass = "GLUE2Manager"
        entity(idAttribute: "GLUE2ManagerID")
        add("GLUE2ManagerProductName", .element("ProductName"), \.productName)
        add("GLUE2ManagerProductVersion", .element("ProductVersion"), \.productVersion)
    }
}
