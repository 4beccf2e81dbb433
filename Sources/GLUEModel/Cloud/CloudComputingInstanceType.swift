// GVE — GLUEModel
public import Foundation

/// A VM flavour (GLUE 2.1 CloudComputingInstanceType, specialising Resource): CPUs, RAM, disk.
/// LDAP: `GLUE2ResourceID=<id>` under the cloud manager.
public struct CloudComputingInstanceType: GLUEEntity {
    public static let glueClass = GLUEClass(name: "CloudComputingInstanceType",
                                            objectClasses: ["GLUE2Resource", "GLUE2CloudComputingInstanceType"],
                                            idAttribute: "GLUE2ResourceID", isGLUE21: true)
    public var id = ""
    public var name: String?
    public var otherInfo: [String] = []
    public var creationTime: Date?
    public var validity: Int?
    /// The name to ask for at the endpoint (`m1.large`).
    public var templateID = ""
    public var marketplaceURLs: [String] = []
    public var platform: Platform = .amd64
    /// Virtual cores.
    public var cpu = 1
    /// MB.
    public var ram = 0
    /// GB.
    public var disk: Int?
    /// GB.
    public var ephemeralStorage: Int?
    public var networkIn: Bool?
    public var networkOut: Bool?
    public var networkInfo: [NetworkInfo] = []
    public var managerID = ""
    public var shareIDs: [String] = []
    public var endpointIDs: [String] = []

    public init() {}

    public static var fields: [GLUEField<Self>] {
        var t = GLUEFieldTable<Self>("GLUE2Resource")
        t.entity(idAttribute: "GLUE2ResourceID")
        t.objectClass = "GLUE2CloudComputingInstanceType"
        t.add("GLUE2CloudComputingInstanceTypeTemplateID", .element("TemplateID"), \.templateID)
        t.add("GLUE2CloudComputingInstanceTypeMarketplaceURL", .element("MarketplaceURL"), \.marketplaceURLs, kind: .uri)
        t.add("GLUE2CloudComputingInstanceTypePlatform", .element("Platform"), \.platform)
        t.add("GLUE2CloudComputingInstanceTypeCPU", .element("CPU"), \.cpu)
        t.add("GLUE2CloudComputingInstanceTypeRAM", .element("RAM"), \.ram)
        t.add("GLUE2CloudComputingInstanceTypeDisk", .element("Disk"), \.disk)
        t.add("GLUE2CloudComputingInstanceTypeEphemeralStorage", .element("EphemeralStorage"), \.ephemeralStorage)
        t.add("GLUE2CloudComputingInstanceTypeNetworkIn", .element("NetworkIn"), \.networkIn)
        t.add("GLUE2CloudComputingInstanceTypeNetworkOut", .element("NetworkOut"), \.networkOut)
        t.add("GLUE2CloudComputingInstanceTypeNetworkInfo", .element("NetworkInfo"), \.networkInfo)
        t.objectClass = "GLUE2Resource"
        t.add("GLUE2ResourceManagerForeignKey", .association("ManagerID"), \.managerID, fk: "GLUE2ManagerID")
        t.objectClass = "GLUE2CloudComputingInstanceType"
        t.add("GLUE2CloudComputingInstanceTypeCloudComputingManagerForeignKey", .none, \.managerID, required: false,
              fk: "GLUE2ManagerID")
        t.add("GLUE2CloudComputingInstanceTypeCloudComputingShareForeignKey", .association("ShareID"), \.shareIDs,
              fk: "GLUE2ShareID")
        t.add("GLUE2CloudComputingInstanceTypeCloudComputingEndpointForeignKey", .association("EndpointID"), \.endpointIDs,
              fk: "GLUE2EndpointID")
        return t.fields
    }
}
