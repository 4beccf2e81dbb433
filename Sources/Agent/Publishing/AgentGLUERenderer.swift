// GVE — Agent: the Agent's state as GLUE 2 entries (host, images, VMs).
import Foundation
import GLUEModel
import LDAPCore

/// Renders the host as a `GLUE2ExecutionEnvironment`, its images as `GLUE2CloudComputingImage` and its VMs as
/// `GLUE2CloudComputingInstance`, all under one base DN (images and instances below the host entry).
public struct AgentGLUERenderer: Sendable {
    /// The DN the Agent's subtree hangs from.
    public var base: DistinguishedName
    /// Seconds a published entry stays valid (`GLUE2EntityValidity`).
    public var validity: Int

    /// The CloudComputingShare the images and VMs belong to; `nil` uses `urn:gve:share:<hostname>`.
    public var shareID: String?

    public init(base: DistinguishedName = GLUERegistryLayout.resourceBase, validity: Int = 600, shareID: String? = nil) {
        self.base = base
        self.validity = validity
        self.shareID = shareID
    }

    /// The host entry's DN for `hostname`.
    public func hostDN(hostname: String) -> DistinguishedName {
        base.child(type: ExecutionEnvironment.glueClass.idAttribute, value: Self.hostID(hostname))
    }

    static func hostID(_ hostname: String) -> String { "urn:gve:host:\(hostname)" }
    static func managerID(_ hostname: String) -> String { "urn:gve:manager:\(hostname)" }

    /// Every entry of the subtree, host first.
    public func entries(host: HostInfo, cpuModel: String?, images: [ImageRecord], vms: [VMInfo], now: Date = Date()) -> [LDAPEntry] {
        var environment = ExecutionEnvironment()
        environment.id = Self.hostID(host.hostname)
        environment.name = host.hostname
        environment.creationTime = now
        environment.validity = validity
        environment.virtualMachine = false
        environment.logicalCPUs = host.cpus
        environment.cpuModel = cpuModel
        environment.mainMemorySize = host.memoryMB
        environment.totalInstances = host.cpus
        environment.usedInstances = max(0, host.cpus - host.freeCpus)
        environment.managerID = Self.managerID(host.hostname)
        environment.otherInfo = [
            "Hypervisor=\(host.hypervisor) \(host.hypervisorVersion)", "FreeCPUs=\(host.freeCpus)",
            "FreeMainMemorySize=\(host.freeMemoryMB)", "Instances=\(host.instances)",
        ]
        let hostDN = hostDN(hostname: host.hostname)
        let share = shareID ?? "urn:gve:share:\(host.hostname)"
        var out = [environment.ldapEntry(under: base)]
        for image in images {
            var entity = CloudComputingImage()
            entity.id = "urn:gve:image:\(host.hostname):\(image.name)"
            entity.name = image.name
            entity.creationTime = image.imported
            entity.validity = validity
            entity.templateID = image.name
            entity.osFamily = OSFamily(rawValue: image.osFamily)
            entity.osName = OSName(rawValue: image.osName)
            entity.osVersion = image.osVersion
            entity.osPlatform = image.platform == "x86_64" ? .amd64 : Platform(rawValue: image.platform)
            entity.diskSize = Int((image.virtualSizeBytes + (1 << 30) - 1) >> 30)
            entity.minCPU = image.minCpus
            entity.recommendedCPU = image.recommendedCpus
            entity.minRAM = image.minMemoryMB
            entity.recommendedRAM = image.recommendedMemoryMB
            entity.defaultUsername = image.defaultUser
            entity.managerID = Self.managerID(host.hostname)
            entity.shareIDs = [share]
            out.append(entity.ldapEntry(under: hostDN))
        }
        for vm in vms {
            var entity = CloudComputingInstance()
            entity.id = "urn:gve:vm:\(vm.uuid)"
            entity.name = vm.name
            entity.creationTime = vm.created
            entity.validity = validity
            entity.vmID = vm.uuid
            entity.localID = vm.name
            entity.state = CloudComputingInstanceState(rawValue: vm.state.rawValue) ?? .pending
            entity.owner = vm.owner
            entity.usedMainMemory = vm.memoryMB
            entity.executionNodes = [host.hostname]
            entity.shareID = share
            entity.imageID = "urn:gve:image:\(host.hostname):\(vm.image)"
            entity.otherInfo = ["VCPUs=\(vm.vcpus)", "DiskGB=\(vm.diskGB)", "LibvirtState=\(vm.libvirtState)"]
            out.append(entity.ldapEntry(under: hostDN))
        }
        return out
    }
}
