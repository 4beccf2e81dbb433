// GVE — GLUEModel
public import Foundation

/// A VM image template (GLUE 2.1 CloudComputingImage, specialising Entity).
/// LDAP: `GLUE2CloudComputingImageID=<id>` under the cloud manager (GVE's schema gives the class
/// its own naming attribute, as GLUE 2.0 does for every concrete Entity subclass).
public struct CloudComputingImage: GLUEEntity {
    public static let glueClass = GLUEClass(name: "CloudComputingImage", objectClasses: ["GLUE2CloudComputingImage"],
                                            idAttribute: "GLUE2CloudComputingImageID", isGLUE21: true)
    public var id = ""
    public var name: String?
    public var otherInfo: [String] = []
    public var creationTime: Date?
    public var validity: Int?
    /// The name to ask for at the endpoint.
    public var templateID = ""
    public var marketplaceURLs: [String] = []
    public var osPlatform: Platform = .amd64
    public var osFamily: OSFamily = .linux
    public var osName: OSName?
    public var osVersion: String?
    /// GB.
    public var diskSize = 0
    public var recommendedCPU: Int?
    /// MB.
    public var recommendedRAM: Int?
    public var minCPU: Int?
    /// MB.
    public var minRAM: Int?
    public var accessInfo: ImageAccessInfo = .contextualization
    public var contextualizationName: String?
    public var contextualizationVersions: [String] = []
    public var defaultUsername: String?
    public var installedSoftware: [String] = []
    public var description: String?
    public var version: String?
    public var managerID = ""
    /// Shares offering the image (at least one).
    public var shareIDs: [String] = []
    public var endpointIDs: [String] = []

    public init() {}

    public static var fields: [GLUEField<Self>] {
        var t = GLUEFieldTable<Self>("GLUE2CloudComputingImage")
        t.entity(idAttribute: "GLUE2CloudComputingImageID")
        t.add("GLUE2CloudComputingImageTemplateID", .element("TemplateID"), \.templateID)
        t.add("GLUE2CloudComputingImageMarketplaceURL", .element("MarketplaceURL"), \.marketplaceURLs, kind: .uri)
        t.add("GLUE2CloudComputingImageOSPlatform", .element("OSPlatform"), \.osPlatform)
        t.add("GLUE2CloudComputingImageOSFamily", .element("OSFamily"), \.osFamily)
        t.add("GLUE2CloudComputingImageOSName", .element("OSName"), \.osName)
        t.add("GLUE2CloudComputingImageOSVersion", .element("OSVersion"), \.osVersion)
        t.add("GLUE2CloudComputingImageDiskSize", .element("DiskSize"), \.diskSize)
        t.add("GLUE2CloudComputingImageRecommendedCPU", .element("RecommendedCPU"), \.recommendedCPU)
        t.add("GLUE2CloudComputingImageRecommendedRAM", .element("RecommendedRAM"), \.recommendedRAM)
        t.add("GLUE2CloudComputingImageMinCPU", .element("MinCPU"), \.minCPU)
        t.add("GLUE2CloudComputingImageMinRAM", .element("MinRAM"), \.minRAM)
        t.add("GLUE2CloudComputingImageAccessInfo", .element("AccessInfo"), \.accessInfo)
        t.add("GLUE2CloudComputingImageContextualizationName", .element("ContextualizationName"), \.contextualizationName)
        t.add("GLUE2CloudComputingImageContextualizationVersion", .element("ContextualizationVersion"),
              \.contextualizationVersions)
        t.add("GLUE2CloudComputingImageDefaultUsername", .element("DefaultUsername"), \.defaultUsername)
        t.add("GLUE2CloudComputingImageInstalledSoftware", .element("InstalledSoftware"), \.installedSoftware)
        t.add("GLUE2CloudComputingImageDescription", .element("Description"), \.description)
        t.add("GLUE2CloudComputingImageVersion", .element("Version"), \.version)
        t.add("GLUE2CloudComputingImageCloudComputingManagerForeignKey", .association("ManagerID"), \.managerID,
              fk: "GLUE2ManagerID")
        t.add("GLUE2CloudComputingImageCloudComputingShareForeignKey", .association("ShareID"), \.shareIDs,
              required: true, fk: "GLUE2ShareID")
        t.add("GLUE2CloudComputingImageCloudComputingEndpointForeignKey", .association("EndpointID"), \.endpointIDs,
              fk: "GLUE2EndpointID")
        return t.fields
    }
}
