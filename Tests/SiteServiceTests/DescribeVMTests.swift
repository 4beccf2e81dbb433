// GVE — SiteServiceTests
// DescribeVM answers with the GLUE 2.1 CloudComputingInstance view of a VM, through its life.
import Foundation
import Testing
@testable import SiteService

@Suite struct DescribeVMTests {
    /// The instance state is a GLUE enumeration: pending before the VM runs, the Agent's state while it runs,
    /// halted once the job ended.
    @Test func instanceStateFollowsGLUEEnumeration() {
        #expect(VMInstanceDescription.glueState(agentState: "running", jobState: .starting) == .pending)
        #expect(VMInstanceDescription.glueState(agentState: "suspended", jobState: .running) == .suspended)
        #expect(VMInstanceDescription.glueState(agentState: "weird", jobState: .running) == .pending)
        #expect(VMInstanceDescription.glueState(agentState: "running", jobState: .released) == .halted)
    }

    /// Through SOAP: a running VM's IDs, flavour, lease and times; after release, halted with an end time.
    @Test func describeVMCarriesTheGLUEInstanceFieldsThroughRelease() async throws {
        let f = try await Fixture.make()
        let agent = TestAgent(hostname: "host-d", cpus: 8, memoryMB: 16384, images: ["debian"])
        try await withAgent(agent) { agentPort in
            try await f.register(agent, port: agentPort)
            try await withSite(database: f.db, time: f.time) { port in
                let alice = f.client(port)
                _ = try await eventually("images") { try await !alice.listImages().isEmpty }
                let r = try await alice.requestVM(VMRequest(image: "debian", vcpus: 2, memoryMB: 512, diskGB: 3, lifetime: 60))
                let name = try #require(r.jobs.first?.vmName)
                #expect(try await eventually("running") { try await alice.listJobs(state: .running).count == 1 })
                let vm = try await alice.describeVM(name)
                let i = try #require(vm.instance)
                #expect(i.state == "running" && i.name == name && i.localID == name && i.owner == "alice")
                #expect(i.id == "urn:gve:vm:uuid-\(name)" && i.vmID == "uuid-\(name)")
                #expect(i.executionNode == "host-d" && i.imageID == "urn:gve:image:host-d:debian")
                #expect(i.vcpus == 2 && i.memoryMB == 512 && i.diskGB == 3 && i.instanceTypeID == "urn:gve:instancetype:2c-512m-3g")
                #expect(i.validity == 60 && i.leaseEnd == vm.leaseEnd && i.startTime != nil && i.endTime == nil)
                #expect(i.accessProtocol == "ssh")
                #expect(try await alice.listVMs().allSatisfy { $0.instance == nil })

                _ = try await alice.releaseVM(name)
                #expect(try await eventually("released") { try await alice.listJobs(state: .released).count == 1 })
                let gone = try #require(try await alice.describeVM(name).instance)
                #expect(gone.state == "halted" && gone.endTime != nil)
            }
        }
    }
}
