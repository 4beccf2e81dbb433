// GVE — SiteServiceTests
// An in-test Agent speaking the Agent SOAP contract (urn:gve:agent:1) over real HTTP, for the runner tests until
// the real Agent is wired in. Capacity and VMs are kept in memory.
import Foundation
import Hummingbird
import Logging
import NIOCore
import SOAP
import ServiceLifecycle
import Synchronization

final class TestAgent: Sendable {
    struct VM: Sendable { var name: String; var image: String; var vcpus: Int; var memoryMB: Int; var diskGB: Int; var owner: String; var state: String; var requestID: String }
    struct State: Sendable {
        var cpus: Int
        var memoryMB: Int
        var images: [String]
        var vms: [String: VM] = [:]
        var failClone = false
        var calls: [String] = []
    }
    let hostname: String
    let state: Mutex<State>
    let username = "site"
    let password = "agent-secret"
    static let ns = "urn:gve:agent:1"

    init(hostname: String, cpus: Int, memoryMB: Int, images: [String]) {
        self.hostname = hostname
        state = Mutex(State(cpus: cpus, memoryMB: memoryMB, images: images))
    }

    var vmCount: Int { state.withLock { $0.vms.count } }
    var vmNames: Set<String> { state.withLock { Set($0.vms.keys) } }
    func setFailClone(_ v: Bool) { state.withLock { $0.failClone = v } }
    func addStrayVM(_ name: String) {
        state.withLock { $0.vms[name] = VM(name: name, image: "x", vcpus: 1, memoryMB: 1, diskGB: 1, owner: "?", state: "running", requestID: "") }
    }

    func el(_ n: String, _ t: String) -> SOAPElement { SOAPElement(n, namespace: Self.ns, text: t) }

    func vmElement(_ vm: VM) -> SOAPElement {
        SOAPElement("vm", namespace: Self.ns, children: [
            el("name", vm.name), el("uuid", "uuid-\(vm.name)"), el("state", vm.state), el("libvirtState", vm.state), el("image", vm.image),
            el("vcpus", "\(vm.vcpus)"), el("memoryMB", "\(vm.memoryMB)"), el("diskGB", "\(vm.diskGB)"), el("owner", vm.owner),
            el("created", "2026-11-25T10:00:00Z"),
        ])
    }

    struct Fault: Error { var code: String; var message: String }

    func handle(_ op: SOAPElement) throws -> [SOAPElement] {
        try state.withLock { s in
            s.calls.append(op.name)
            let name = op.childText("name") ?? ""
            switch op.name {
            case "GetHostInfo":
                let usedC = s.vms.values.reduce(0) { $0 + $1.vcpus }
                let usedM = s.vms.values.reduce(0) { $0 + $1.memoryMB }
                return [SOAPElement("host", namespace: Self.ns, children: [
                    el("hostname", hostname), el("hypervisor", "test"), el("hypervisorVersion", "1"), el("cpus", "\(s.cpus)"),
                    el("memoryMB", "\(s.memoryMB)"), el("freeCpus", "\(s.cpus - usedC)"), el("freeMemoryMB", "\(s.memoryMB - usedM)"),
                    el("instances", "\(s.vms.count)"),
                ])]
            case "ListImages":
                return s.images.map { i in SOAPElement("image", namespace: Self.ns, children: [
                    el("name", i), el("osFamily", "linux"), el("osName", "debian"), el("osVersion", "12"), el("format", "qcow2"),
                    el("virtualSizeBytes", "1073741824"), el("minCpus", "1"), el("minMemoryMB", "128")]) }
            case "Clone":
                if s.failClone { throw Fault(code: "LibvirtError", message: "injected clone failure") }
                if let existing = s.vms.values.first(where: { $0.requestID == op.childText("requestId") }) { return [vmElement(existing)] }
                guard s.images.contains(op.childText("image") ?? "") else { throw Fault(code: "UnknownImage", message: "no such image") }
                if s.vms[name] != nil { throw Fault(code: "InvalidState", message: "exists") }
                let vm = VM(name: name, image: op.childText("image") ?? "", vcpus: Int(op.childText("vcpus") ?? "") ?? 1,
                            memoryMB: Int(op.childText("memoryMB") ?? "") ?? 1, diskGB: Int(op.childText("diskGB") ?? "") ?? 1,
                            owner: op.childText("owner") ?? "", state: "halted", requestID: op.childText("requestId") ?? "")
                let usedC = s.vms.values.reduce(0) { $0 + $1.vcpus }
                if usedC + vm.vcpus > s.cpus { throw Fault(code: "NoCapacity", message: "cpus") }
                s.vms[name] = vm
                return [vmElement(vm)]
            case "Start", "Stop", "Suspend", "Resume", "Reboot", "GetVM", "Destroy":
                guard var vm = s.vms[name] else { throw Fault(code: "NotFound", message: "no VM \(name)") }
                switch op.name {
                case "Start": if vm.state == "running" { throw Fault(code: "InvalidState", message: "running") }; vm.state = "running"
                case "Stop": vm.state = "halted"
                case "Suspend": if vm.state != "running" { throw Fault(code: "InvalidState", message: "not running") }; vm.state = "suspended"
                case "Resume": vm.state = "running"
                case "Destroy": s.vms[name] = nil; vm.state = "halted"; return [vmElement(vm)]
                default: break
                }
                s.vms[name] = vm
                return [vmElement(vm)]
            case "ListVMs":
                return s.vms.values.sorted { $0.name < $1.name }.map(vmElement)
            default:
                throw Fault(code: "InvalidRequest", message: "unknown \(op.name)")
            }
        }
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/soap") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            let reply: SOAPEnvelope
            var status = HTTPResponse.Status.ok
            do {
                guard let auth = request.headers[.authorization], let c = try HTTPBasicCredential(authorization: auth),
                      c.username == self.username, c.password == self.password else {
                    throw Fault(code: "AuthenticationFailed", message: "bad credential")
                }
                let env = try SOAPEnvelope(data: Data(buffer: body))
                reply = SOAPEnvelope(version: .soap11, body: SOAPElement(env.body.name + "Response", namespace: Self.ns, children: try self.handle(env.body)))
            } catch let f as Fault {
                status = .internalServerError
                reply = SOAPFault(code: .sender, applicationCode: f.code, reason: f.message, element: "AgentFault", namespace: Self.ns).envelope(version: .soap11)
            } catch {
                status = .internalServerError
                reply = SOAPFault(code: .sender, applicationCode: "InvalidRequest", reason: "\(error)", element: "AgentFault", namespace: Self.ns).envelope(version: .soap11)
            }
            return Response(status: status, headers: [.contentType: "text/xml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(data: reply.serialized())))
        }
        return router
    }
}
