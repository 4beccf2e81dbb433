// GVE — GLUEModel
public import Foundation

/// A project or quota slice of a cloud service (GLUE 2.1 CloudComputingShare, specialising Share).
/// LDAP: `GLUE2ShareID=<id>` under the cloud service.
public struct CloudComputingShare: GLUEEntity {
    public static let glueClass = GLUEClass(name: "CloudComputingShare", objectClasses: ["GLUE2Share", "GLUE2CloudComputingShare"],
                                            idAttribute: "GLUE2ShareID", isGLUE21: true)
    public var id = ""
    public var name: String?
    public var otherInfo: [String] = []
    public var creationTime: Date?
    public var validity: Int?
    public var description: String?
    public var totalVM: Int?
    public var runningVM: Int?
    public var pendingVM: Int?
    public var suspendedVM: Int?
    public var haltedVM: Int?
    /// Most VMs that may run in the share.
    public var maxVM: Int?
    /// Most virtual CPUs of one VM.
    public var instanceMaxCPU: Int?
    /// Most RAM of one VM, MB.
    public var instanceMaxRAM: Int?
    public var networkInfo: [NetworkInfo] = []
    public var defaultNetworkType: NetworkType?
    public var publicNetworkName: String?
    public var sla: String?
    public var projectID: String?
    public var serviceID = ""
    public var endpointIDs: [String] = []
    public var instanceTypeIDs: [String] = []
    public var imageIDs: [String] = []

    public init() {}

    public static var fields: [GLUEField<Self>] {
        var t = GLUEFieldTable<Self>("GLUE2Share")
        t.entity(idAttribute: "GLUE2ShareID")
        t.add("GLUE2ShareDescription", .element("Description"), \.description)
        t.objectClass = "GLUE2CloudComputingShare"
        t.add("GLUE2CloudComputingShareTotalVM", .element("TotalVM"), \.totalVM)
        t.add("GLUE2CloudComputingShareRunningVM", .element("RunningVM"), \.runningVM)
        t.add("GLUE2CloudComputingSharePendingVM", .element("PendingVM"), \.pendingVM)
        t.add("GLUE2CloudComputingShareSuspendedVM", .element("SuspendedVM"), \.suspendedVM)
        t.add("GLUE2CloudComputingShareHaltedVM", .element("HaltedVM"), \.haltedVM)
        t.add("GLUE2CloudComputingShareMaxVM", .element("MaxVM"), \.maxVM)
        t.add("GLUE2CloudComputingShareInstanceMaxCPU", .element("InstanceMaxCPU"), \.instanceMaxCPU)
        t.add("GLUE2CloudComputingShareInstanceMaxRAM", .element("InstanceMaxRAM"), \.instanceMaxRAM)
        t.add("GLUE2CloudComputingShareNetworkInfo", .element("NetworkInfo"), \.networkInfo)
        t.add("GLUE2CloudComputingShareDefaultNetworkType", .element("DefaultNetworkType"), \.defaultNetworkType)
        t.add("GLUE2CloudComputingSharePublicNetworkName", .element("PublicNetworkName"), \.publicNetworkName)
        t.add("GLUE2CloudComputingShareSLA", .element("SLA"), \.sla)
        t.add("GLUE2CloudComputingShareProjectID", .element("ProjectID"), \.projectID)
        t.objectClass = "GLUE2Share"
        t.add("GLUE2ShareEndpointForeignKey", .association("EndpointID"), \.endpointIDs, fk: "GLUE2EndpointID")
        t.add("GLUE2ShareResourceForeignKey", .association("InstanceTypeID"), \.instanceTypeIDs, fk: "GLUE2ResourceID")
        t.add("GLUE2ShareServiceForeignKey", .association("ServiceID"), \.serviceID, fk: "GLUE2ServiceID")
        t.objectClass = "GLUE2CloudComputingShare"
        t.add("GLUE2CloudComputingShareCloudComputingServiceForeignKey", .none, \.serviceID, required: false, fk: "GLUE2ServiceID")
        t.add("GLUE2CloudComputingShareCloudComputingEndpointForeignKey", .none, \.endpointIDs, fk: "GLUE2EndpointID")
        t.add("GLUE2CloudComputingShareCloudComputingInstanceTypeForeignKey", .none, \.instanceTypeIDs, fk: "GLUE2ResourceID")
        t.add("GLUE2CloudComputingShareCloudComputingImageForeignKey", .association("ImageID"), \.imageIDs,
              fk: "GLUE2CloudComputingImageID")
        return t.fields
    }
}
