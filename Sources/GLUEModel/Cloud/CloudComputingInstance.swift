// GVE — GLUEModel
public import Foundation

/// A virtual machine (GLUE 2.1 CloudComputingInstance, specialising Activity).
/// LDAP: `GLUE2ActivityID=<id>` under the cloud service.
public struct CloudComputingInstance: GLUEEntity {
    public static let glueClass = GLUEClass(name: "CloudComputingInstance",
                                            objectClasses: ["GLUE2Activity", "GLUE2CloudComputingInstance"],
                                            idAttribute: "GLUE2ActivityID", isGLUE21: true)
    public var id = ""
    public var name: String?
    public var otherInfo: [String] = []
    public var creationTime: Date?
    public var validity: Int?
    /// The VM's ID at the endpoint (a URI).
    public var vmID = ""
    /// The hypervisor's name for the VM (libvirt domain name or UUID).
    public var localID: String?
    public var state: CloudComputingInstanceState = .pending
    public var errors: [String] = []
    public var owner: String?
    public var localOwner: String?
    /// Hosts (ExecutionEnvironment hostnames) the VM runs on.
    public var executionNodes: [String] = []
    /// Seconds.
    public var usedTotalCPUTime: Int?
    /// MB.
    public var usedMainMemory: Int?
    public var submissionTime: Date?
    public var startTime: Date?
    public var endTime: Date?
    public var submissionHost: String?
    public var submissionClientName: String?
    public var otherMessages: [String] = []
    public var endpointID: String?
    public var shareID: String?
    public var instanceTypeID: String?
    /// The image the VM was started from (a GVE addition to the draft's associations, kept on the
    /// instance so one entry says what runs).
    public var imageID: String?

    public init() {}

    public static var fields: [GLUEField<Self>] {
        var t = GLUEFieldTable<Self>("GLUE2Activity")
        t.entity(idAttribute: "GLUE2ActivityID")
        t.objectClass = "GLUE2CloudComputingInstance"
        t.add("GLUE2CloudComputingInstanceVMID", .element("VMID"), \.vmID, kind: .uri)
        t.add("GLUE2CloudComputingInstanceLocalID", .element("LocalID"), \.localID)
        t.add("GLUE2CloudComputingInstanceState", .element("State"), \.state)
        t.add("GLUE2CloudComputingInstanceError", .element("Error"), \.errors)
        t.add("GLUE2CloudComputingInstanceOwner", .element("Owner"), \.owner)
        t.add("GLUE2CloudComputingInstanceLocalOwner", .element("LocalOwner"), \.localOwner)
        t.add("GLUE2CloudComputingInstanceExecutionNode", .element("ExecutionNode"), \.executionNodes)
        t.add("GLUE2CloudComputingInstanceUsedTotalCPUTime", .element("UsedTotalCPUTime"), \.usedTotalCPUTime)
        t.add("GLUE2CloudComputingInstanceUsedMainMemory", .element("UsedMainMemory"), \.usedMainMemory)
        t.add("GLUE2CloudComputingInstanceComputingManagerSubmissionTime", .element("ComputingManagerSubmissionTime"),
              \.submissionTime)
        t.add("GLUE2CloudComputingInstanceStartTime", .element("StartTime"), \.startTime)
        t.add("GLUE2CloudComputingInstanceEndTime", .element("EndTime"), \.endTime)
        t.add("GLUE2CloudComputingInstanceSubmissionHost", .element("SubmissionHost"), \.submissionHost)
        t.add("GLUE2CloudComputingInstanceSubmissionClientName", .element("SubmissionClientName"), \.submissionClientName)
        t.add("GLUE2CloudComputingInstanceOtherMessages", .element("OtherMessages"), \.otherMessages)
        t.objectClass = "GLUE2Activity"
        t.add("GLUE2ActivityEndpointForeignKey", .association("EndpointID"), \.endpointID, fk: "GLUE2EndpointID")
        t.add("GLUE2ActivityShareForeignKey", .association("ShareID"), \.shareID, fk: "GLUE2ShareID")
        t.add("GLUE2ActivityResourceForeignKey", .association("InstanceTypeID"), \.instanceTypeID, fk: "GLUE2ResourceID")
        t.objectClass = "GLUE2CloudComputingInstance"
        t.add("GLUE2CloudComputingInstanceCloudComputingEndpointForeignKey", .none, \.endpointID, fk: "GLUE2EndpointID")
        t.add("GLUE2CloudComputingInstanceCloudComputingShareForeignKey", .none, \.shareID, fk: "GLUE2ShareID")
        t.add("GLUE2CloudComputingInstanceCloudComputingInstanceTypeForeignKey", .none, \.instanceTypeID, fk: "GLUE2ResourceID")
        t.add("GLUE2CloudComputingInstanceCloudComputingImageForeignKey", .association("ImageID"), \.imageID,
              fk: "GLUE2CloudComputingImageID")
        return t.fields
    }
}
