// GVE — AgentTests: the Agent's SOAP service over real HTTP against the libvirt test driver.
import Foundation
import SOAP
import Testing

@testable import Agent

@Suite struct SOAPServiceTests {
    static func prepared(cpus: Int = 8, memoryMB: Int = 16_384) async throws -> AgentFixture {
        let fixture = try await AgentFixture(cpus: cpus, memoryMB: memoryMB)
        try await fixture.agent.siteServices.add(name: "site-a", password: "secret-a", cost: 4)
        try await fixture.agent.siteServices.add(name: "site-b", password: "secret-b", cost: 4)
        try await fixture.importTemplate()
        return fixture
    }

    static func cloneFields(_ name: String, requestId: String, vcpus: Int = 1, memoryMB: Int = 512, image: String = "ubuntu-22.04") -> [(String, String)] {
        [("image", image), ("name", name), ("vcpus", "\(vcpus)"), ("memoryMB", "\(memoryMB)"), ("diskGB", "2"), ("requestId", requestId), ("owner", "alice")]
    }

    /// Every operation works through SOAP: host info, images, Clone, Start, Suspend, Resume, Reboot, Stop,
    /// GetVM, ListVMs and Destroy, with VMInfo fields as the contract names them.
    @Test func everyOperationOverSOAP() async throws {
        let fixture = try await Self.prepared()
        defer { fixture.remove() }
        try await withAgentServer(fixture.agent) { client in
            let host = try await client.call("GetHostInfo")
            #expect(host.status == 200)
            let info = host.envelope?.body.child("host")
            #expect(info?.childText("cpus") == "8")
            #expect(info?.childText("memoryMB") == "16384")
            #expect(info?.childText("freeCpus") == "7")
            #expect(info?.childText("instances") == "0")
            let images = try await client.call("ListImages")
            #expect(images.envelope?.body.children("image").map { $0.childText("name") } == ["ubuntu-22.04"])
            #expect(images.envelope?.body.child("image")?.childText("virtualSizeBytes") == "\(1 << 30)")

            let clone = try await client.call("Clone", Self.cloneFields("web-1", requestId: "req-1"))
            #expect(clone.status == 200)
            let vm = try #require(clone.vm)
            #expect(vm.childText("name") == "web-1")
            #expect(vm.childText("state") == "halted")
            #expect(vm.childText("libvirtState") == "shut off")
            #expect(vm.childText("diskGB") == "2")
            #expect(vm.childText("uuid")?.count == 36)
            #expect(vm.childText("created")?.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"#, options: .regularExpression) != nil)

            for (operation, state) in [("Start", "running"), ("Suspend", "suspended"), ("Resume", "running"), ("Reboot", "running"), ("Stop", "halted"), ("Start", "running")] {
                let reply = try await client.call(operation, [("name", "web-1")])
                #expect(reply.status == 200, "\(operation): \(reply.text)")
                #expect(reply.envelope?.body.name == "\(operation)Response")
                #expect(reply.vm?.childText("state") == state, "\(operation)")
            }
            let get = try await client.call("GetVM", [("name", "web-1")])
            #expect(get.vm?.childText("libvirtState") == "running")
            let list = try await client.call("ListVMs")
            #expect(list.envelope?.body.children("vm").map { $0.childText("name") } == ["web-1"])
            let destroy = try await client.call("Destroy", [("name", "web-1")])
            #expect(destroy.vm?.childText("state") == "halted")
            #expect(try await client.call("ListVMs").envelope?.body.children("vm").isEmpty == true)
            #expect(try await client.call("GetVM", [("name", "web-1")]).faultCode == "NotFound")
        }
    }

    /// A retried Clone over SOAP returns the first VM.
    @Test func retriedCloneReturnsFirstVM() async throws {
        let fixture = try await Self.prepared()
        defer { fixture.remove() }
        try await withAgentServer(fixture.agent) { client in
            let first = try await client.call("Clone", Self.cloneFields("a", requestId: "same"))
            let second = try await client.call("Clone", Self.cloneFields("b", requestId: "same"))
            #expect(first.vm == second.vm)
            #expect(try await client.call("ListVMs").envelope?.body.children("vm").count == 1)
        }
    }

    /// Wrong password, unknown site service and missing credentials get 401 with an AuthenticationFailed fault,
    /// and change nothing.
    @Test func wrongCredentialIsRefused() async throws {
        let fixture = try await Self.prepared()
        defer { fixture.remove() }
        try await withAgentServer(fixture.agent) { client in
            var wrong = client
            wrong.password = "not-the-password"
            var unknown = client
            unknown.username = "site-z"
            for bad in [wrong, unknown] {
                let reply = try await bad.call("Clone", Self.cloneFields("x", requestId: "r"))
                #expect(reply.status == 401)
                #expect(reply.headers["www-authenticate"]?.hasPrefix("Basic") == true)
                #expect(reply.faultCode == "AuthenticationFailed")
                #expect(reply.fault?.code == .sender)
            }
            let anonymous = try await client.post(SOAPTestClient.envelope("<ListVMs xmlns=\"urn:gve:agent:1\"/>"), credentials: false)
            #expect(anonymous.status == 401 && anonymous.faultCode == "AuthenticationFailed")
        }
        #expect(try await fixture.agent.listVMs(siteService: nil).isEmpty)
    }

    /// Malformed XML, a DOCTYPE (entity expansion), a non-envelope, an unknown operation and bad fields are
    /// InvalidRequest client faults, and nothing is created.
    @Test func malformedRequestsAreClientFaults() async throws {
        let fixture = try await Self.prepared()
        defer { fixture.remove() }
        try await withAgentServer(fixture.agent) { client in
            let bodies = [
                "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><Clone",
                "<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>"
                    + "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><GetVM xmlns=\"urn:gve:agent:1\"><name>&lol2;</name></GetVM></soap:Body></soap:Envelope>",
                "<notSoap/>",
                SOAPTestClient.envelope("<Explode xmlns=\"urn:gve:agent:1\"/>"),
                SOAPTestClient.envelope("<ListVMs xmlns=\"urn:other\"/>"),
                SOAPTestClient.envelope("<Clone xmlns=\"urn:gve:agent:1\"><image>ubuntu-22.04</image><name>x</name><vcpus>lots</vcpus><memoryMB>1</memoryMB><requestId>r</requestId><owner>o</owner></Clone>"),
                SOAPTestClient.envelope("<Clone xmlns=\"urn:gve:agent:1\"><image>ubuntu-22.04</image><vcpus>1</vcpus><memoryMB>512</memoryMB><requestId>r</requestId><owner>o</owner></Clone>"),
            ]
            for body in bodies {
                let reply = try await client.post(body)
                #expect(reply.status == 500, "\(body)")
                #expect(reply.fault?.code == .sender, "\(body)")
                #expect(reply.faultCode == "InvalidRequest", "\(body): \(reply.text)")
            }
            let doctype = try await client.post(bodies[1])
            #expect(doctype.fault?.reason.contains("DOCTYPE") == true || doctype.fault?.reason.contains("declaration") == true)
            let missing = try await client.post(bodies[6])
            #expect(missing.fault?.reason.contains("<name>") == true)
        }
        #expect(try await fixture.agent.listVMs(siteService: nil).isEmpty)
    }

    /// A body over the size limit is refused with 413 and an InvalidRequest fault; every request is a job.
    @Test func oversizedBodyIsRefusedAndRequestsAreJobs() async throws {
        let fixture = try await Self.prepared()
        defer { fixture.remove() }
        try await withAgentServer(fixture.agent) { client in
            let padding = String(repeating: " ", count: 1 << 20)
            let reply = try await client.post(SOAPTestClient.envelope("<ListVMs xmlns=\"urn:gve:agent:1\"/>" + padding))
            #expect(reply.status == 413)
            #expect(reply.faultCode == "InvalidRequest")
            _ = try await client.call("GetHostInfo")
            _ = try await client.call("ListImages")
            _ = try await client.call("ListVMs")
            _ = try await client.call("Start", [("name", "nothing")])
        }
        let jobs = try await fixture.agent.jobs()
        #expect(Set(jobs.map(\.operation)) == ["GetHostInfo", "ListImages", "ListVMs", "Start"])
        #expect(jobs.allSatisfy { $0.siteService == "site-a" })
        #expect(jobs.first { $0.operation == "Start" }?.errorCode == "NotFound")
    }

    /// Unknown image, over capacity and wrong state give UnknownImage, NoCapacity and InvalidState faults and
    /// leave state unchanged.
    @Test func domainErrorsAreTypedFaults() async throws {
        let fixture = try await Self.prepared(cpus: 4, memoryMB: 4096)
        defer { fixture.remove() }
        try await withAgentServer(fixture.agent) { client in
            #expect(try await client.call("Clone", Self.cloneFields("x", requestId: "1", image: "windows-95")).faultCode == "UnknownImage")
            let big = try await client.call("Clone", Self.cloneFields("x", requestId: "2", vcpus: 16))
            #expect(big.faultCode == "NoCapacity")
            #expect(big.fault?.code == .sender)
            _ = try await client.call("Clone", Self.cloneFields("vm", requestId: "3"))
            let resume = try await client.call("Resume", [("name", "vm")])
            #expect(resume.faultCode == "InvalidState")
            #expect(try await client.call("GetVM", [("name", "vm")]).vm?.childText("state") == "halted")
            #expect(try await client.call("Start", [("name", "ghost")]).faultCode == "NotFound")
            // Another Site Service cannot see or touch the VM.
            var other = client
            other.username = "site-b"
            other.password = "secret-b"
            #expect(try await other.call("Start", [("name", "vm")]).faultCode == "NotFound")
            #expect(try await other.call("ListVMs").envelope?.body.children("vm").isEmpty == true)
        }
        #expect(try await fixture.hypervisor.domain(named: "vm")?.isActive == false)
        #expect(try await fixture.agent.listVMs(siteService: nil).count == 1)
    }

    /// `GET /soap?wsdl` serves a WSDL that declares every operation, and zeep (a real SOAP stack) can call the
    /// service from it.
    @Test func wsdlIsServedAndUsableByZeep() async throws {
        let fixture = try await Self.prepared()
        defer { fixture.remove() }
        try await withAgentServer(fixture.agent) { client in
            let (status, wsdl) = try await client.get(query: "wsdl")
            #expect(status == 200)
            for operation in ["GetHostInfo", "ListImages", "Clone", "Start", "Stop", "Suspend", "Resume", "Reboot", "Destroy", "GetVM", "ListVMs"] {
                #expect(wsdl.contains("<wsdl:operation name=\"\(operation)\">"))
            }
            let script = """
                import sys, zeep, requests
                from zeep.transports import Transport
                session = requests.Session(); session.auth = ('site-a', 'secret-a')
                c = zeep.Client(sys.argv[1] + '?wsdl', transport=Transport(session=session))
                c.service._binding_options['address'] = sys.argv[1]
                svc = c.create_service('{urn:gve:agent:1}AgentBinding', sys.argv[1])
                host = svc.GetHostInfo()
                vm = svc.Clone(image='ubuntu-22.04', name='zeep-vm', vcpus=1, memoryMB=512, diskGB=1, requestId='z1', owner='bob')
                started = svc.Start(name='zeep-vm')
                try:
                    svc.Start(name='zeep-vm'); print('no fault')
                except zeep.exceptions.Fault as f:
                    print('fault', f.code, f.detail[0][0].text)
                print(host.cpus, vm.name, vm.state, started.state)
                """
            let output = try runPython(script, [client.base.absoluteString])
            #expect(output.contains("8 zeep-vm halted running"), "\(output)")
            #expect(output.contains("fault") && output.contains("InvalidState"), "\(output)")
        }
    }

    /// Two node files, two Agents: each reports and fills its own host.
    @Test func twoHostsAreTwoAgents() async throws {
        let small = try await Self.prepared(cpus: 2, memoryMB: 2048)
        let large = try await Self.prepared(cpus: 32, memoryMB: 65_536)
        defer { small.remove(); large.remove() }
        try await withAgentServer(small.agent) { (a: SOAPTestClient) async throws -> Void in
            try await withAgentServer(large.agent) { (b: SOAPTestClient) async throws -> Void in
                #expect(try await a.call("GetHostInfo").envelope?.body.child("host")?.childText("cpus") == "2")
                #expect(try await b.call("GetHostInfo").envelope?.body.child("host")?.childText("cpus") == "32")
                #expect(try await a.call("Clone", Self.cloneFields("vm", requestId: "1", vcpus: 4)).faultCode == "NoCapacity")
                #expect(try await b.call("Clone", Self.cloneFields("vm", requestId: "1", vcpus: 4)).status == 200)
                #expect(try await b.call("GetHostInfo").envelope?.body.child("host")?.childText("freeCpus") == "27")
            }
        }
    }
}

/// Runs a Python script with Debian's interpreter (where python3-zeep lives).
func runPython(_ script: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = ["-c", script] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}
