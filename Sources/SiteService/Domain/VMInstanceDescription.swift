// GVE — SiteService
// DescribeVM's GLUE 2.1 view of a VM: the CloudComputingInstance attributes a Site Service can state.
import Foundation
import GLUEModel

/// A VM described with the GLUE 2.1 CloudComputingInstance attributes (GLUE 2.1 §CloudComputingInstance), plus the
/// lease and the details a user needs to reach it.
///
/// IDs are the ones the Agents publish in the registry (`urn:gve:vm:UUID`, `urn:gve:image:HOST:NAME`), so a
/// DescribeVM answer and a registry search name the same entities.
public struct VMInstanceDescription: Sendable, Hashable, Codable {
    /// GLUE2ActivityID: `urn:gve:vm:UUID` (`urn:gve:vm:NAME` while the hypervisor has not given a UUID).
    public var id: String
    /// GLUE2EntityName: the VM name.
    public var name: String
    /// GLUE2EntityCreationTime: when the VM was created on its host (or the job, before that).
    public var creationTime: Date
    /// GLUE2EntityValidity: seconds after the creation time this description stays true — the lease.
    public var validity: Int
    /// GLUE2CloudComputingInstanceState: running, pending, suspended or halted.
    public var state: String
    /// GLUE2CloudComputingInstanceVMID: the hypervisor's UUID.
    public var vmID: String?
    /// GLUE2CloudComputingInstanceLocalID: the name the Agent knows the VM by.
    public var localID: String
    /// GLUE2CloudComputingInstanceOwner.
    public var owner: String
    /// GLUE2CloudComputingInstanceExecutionNode: the host.
    public var executionNode: String
    /// GLUE2CloudComputingInstanceCloudComputingImageForeignKey.
    public var imageID: String
    /// GLUE2CloudComputingInstanceCloudComputingInstanceTypeForeignKey: the flavour `urn:gve:instancetype:VCPUc-RAMm-DISKg`.
    public var instanceTypeID: String
    /// GLUE2CloudComputingInstanceTypeVCPU.
    public var vcpus: Int
    /// GLUE2CloudComputingInstanceTypeRAM, MB.
    public var memoryMB: Int
    /// GLUE2CloudComputingInstanceTypeDisk, GB.
    public var diskGB: Int
    /// GLUE2CloudComputingInstanceComputingManagerSubmissionTime: when RequestVM accepted it.
    public var submissionTime: Date
    /// GLUE2CloudComputingInstanceStartTime: when it first ran.
    public var startTime: Date?
    /// GLUE2CloudComputingInstanceEndTime: when it was released.
    public var endTime: Date?
    /// The lease end (the VM is stopped and released then).
    public var leaseEnd: Date
    /// Addresses the VM is reachable at, as its Agent reports them (none when the Agent cannot tell).
    public var ipAddresses: [String]
    /// How users log in: `ssh` to one of ``ipAddresses``.
    public var accessProtocol: String

    /// The GLUE instance state for a Site Service VM: the Agent's state while the job runs, `pending` before, `halted` after.
    /// - Parameters:
    ///   - agentState: the state the Agent reported (running, pending, suspended, halted) or `released`.
    ///   - jobState: the job's state.
    public static func glueState(agentState: String, jobState: JobState) -> CloudComputingInstanceState {
        switch jobState {
        case .queued, .placing, .cloning, .starting: return .pending
        case .failed, .released: return .halted
        case .running, .releasing: return CloudComputingInstanceState(rawValue: agentState) ?? .pending
        }
    }

    /// The instance type ID for a flavour.
    public static func instanceTypeID(vcpus: Int, memoryMB: Int, diskGB: Int) -> String {
        "urn:gve:instancetype:\(vcpus)c-\(memoryMB)m-\(diskGB)g"
    }
}
