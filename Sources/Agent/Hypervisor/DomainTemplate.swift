// GVE — Agent: turning an image's domain XML into a new VM's definition.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A libvirt domain XML description used as a template for new VMs.
///
/// ``instantiate(_:)`` gives the copy a new name, UUID, MAC addresses, size and disk, and sets the domain type the
/// hypervisor runs (`kvm`, `qemu`, `test`…). Documents with a DTD are refused before parsing.
public struct DomainTemplate: Sendable, Hashable {
    /// The template's XML text.
    public var xml: String

    /// What a new VM gets.
    public struct Parameters: Sendable, Hashable {
        public var name: String
        public var uuid: UUID
        public var domainType: String
        public var vcpus: Int
        public var memoryMB: Int
        /// The VM's own disk (the overlay or full copy).
        public var diskPath: String
        public var diskFormat: String
        /// MAC addresses for the interfaces, in order; missing ones are generated.
        public var macAddresses: [String]

        public init(
            name: String, uuid: UUID = UUID(), domainType: String, vcpus: Int, memoryMB: Int, diskPath: String,
            diskFormat: String = "qcow2", macAddresses: [String] = []
        ) {
            self.name = name
            self.uuid = uuid
            self.domainType = domainType
            self.vcpus = vcpus
            self.memoryMB = memoryMB
            self.diskPath = diskPath
            self.diskFormat = diskFormat
            self.macAddresses = macAddresses
        }
    }

    /// Parses and checks a template: a `<domain>` root and well-formed XML without a DTD.
    /// - Throws: ``AgentError`` ``AgentError/Code/invalidRequest`` naming the problem.
    public init(xml: String) throws {
        _ = try Self.parse(xml)
        self.xml = xml
    }

    /// A minimal bootable definition: one virtio disk, one NIC on the `default` network, a serial console.
    public static func standard(arch: String = "x86_64") -> DomainTemplate {
        // swift-format-ignore
        let xml = """
            <domain type="kvm">
              <name>template</name>
              <memory unit="MiB">1024</memory>
              <vcpu>1</vcpu>
              <os><type arch="\(arch)">hvm</type><boot dev="hd"/></os>
              <features><acpi/></features>
              <devices>
                <disk type="file" device="disk">
                  <driver name="qemu" type="qcow2"/>
                  <source file="/dev/null"/>
                  <target dev="vda" bus="virtio"/>
                </disk>
                <interface type="network"><source network="default"/><model type="virtio"/></interface>
                <serial type="pty"><target port="0"/></serial>
                <console type="pty"><target type="serial" port="0"/></console>
              </devices>
            </domain>
            """
        return DomainTemplate(checkedXML: xml)
    }

    private init(checkedXML: String) { self.xml = checkedXML }

    /// The definition of a new VM made from this template.
    /// - Throws: ``AgentError`` ``AgentError/Code/invalidRequest`` when the template cannot be rewritten.
    public func instantiate(_ parameters: Parameters) throws -> String {
        let document = try Self.parse(xml)
        guard let domain = document.rootElement() else {
            throw AgentError(.invalidRequest, "domain template has no root element")
        }
        domain.attribute(forName: "type")?.stringValue = parameters.domainType
        if domain.attribute(forName: "type") == nil {
            domain.addAttribute(Self.attribute("type", parameters.domainType))
        }
        Self.setChild(domain, "name", text: parameters.name)
        Self.setChild(domain, "uuid", text: parameters.uuid.uuidString.lowercased())
        Self.setChild(domain, "memory", text: String(parameters.memoryMB), attributes: ["unit": "MiB"])
        Self.setChild(domain, "currentMemory", text: String(parameters.memoryMB), attributes: ["unit": "MiB"])
        Self.setChild(domain, "vcpu", text: String(parameters.vcpus), attributes: ["placement": "static"])

        let devices = Self.child(domain, "devices") ?? {
            let element = XMLElement(name: "devices")
            domain.addChild(element)
            return element
        }()
        // The first disk device becomes the VM's own disk.
        let disks = devices.elements(forName: "disk").filter { ($0.attribute(forName: "device")?.stringValue ?? "disk") == "disk" }
        let disk: XMLElement
        if let first = disks.first {
            disk = first
        } else {
            disk = XMLElement(name: "disk")
            disk.addAttribute(Self.attribute("type", "file"))
            disk.addAttribute(Self.attribute("device", "disk"))
            let target = XMLElement(name: "target")
            target.addAttribute(Self.attribute("dev", "vda"))
            target.addAttribute(Self.attribute("bus", "virtio"))
            disk.addChild(target)
            devices.insertChild(disk, at: 0)
        }
        disk.attribute(forName: "type")?.stringValue = "file"
        Self.setChild(disk, "source", text: nil, attributes: ["file": parameters.diskPath])
        let driver = Self.child(disk, "driver")
        if let driver {
            driver.attribute(forName: "type")?.stringValue = parameters.diskFormat
            if driver.attribute(forName: "type") == nil { driver.addAttribute(Self.attribute("type", parameters.diskFormat)) }
        } else {
            Self.setChild(disk, "driver", text: nil, attributes: ["name": "qemu", "type": parameters.diskFormat])
        }
        // Every interface gets its own MAC address.
        for (index, interface) in devices.elements(forName: "interface").enumerated() {
            let mac = index < parameters.macAddresses.count ? parameters.macAddresses[index] : Self.randomMACAddress()
            Self.setChild(interface, "mac", text: nil, attributes: ["address": mac])
        }
        return domain.xmlString
    }

    /// A random locally administered unicast MAC address in QEMU's `52:54:00` range.
    public static func randomMACAddress() -> String {
        var generator = SystemRandomNumberGenerator()
        let tail = (0..<3).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }
        return (["52", "54", "00"] + tail).joined(separator: ":")
    }

    static func parse(_ xml: String) throws -> XMLDocument {
        if xml.range(of: "<!DOCTYPE", options: .caseInsensitive) != nil {
            throw AgentError(.invalidRequest, "domain XML must not contain a DOCTYPE declaration")
        }
        // XMLDocument recovers from some errors (an unclosed tag); the SAX parser is strict.
        let strict = XMLParser(data: Data(xml.utf8))
        strict.shouldResolveExternalEntities = false
        let balance = ElementBalance()
        strict.delegate = balance
        guard strict.parse(), balance.depth == 0, balance.sawRoot else {
            let line = strict.lineNumber
            let column = strict.columnNumber
            throw AgentError(
                .invalidRequest,
                "domain XML is not well-formed at line \(line), column \(column): \(strict.parserError.map { "\($0)" } ?? "parse error")")
        }
        let document: XMLDocument
        do {
            document = try XMLDocument(data: Data(xml.utf8), options: [.nodeLoadExternalEntitiesNever])
        } catch {
            throw AgentError(.invalidRequest, "domain XML is not well-formed: \(error.localizedDescription)")
        }
        guard let root = document.rootElement(), root.name == "domain" else {
            throw AgentError(
                .invalidRequest, "domain XML root element is <\(document.rootElement()?.name ?? "")>, expected <domain>")
        }
        return document
    }

    private static func child(_ element: XMLElement, _ name: String) -> XMLElement? {
        element.elements(forName: name).first
    }

    private static func attribute(_ name: String, _ value: String) -> XMLNode {
        let node = XMLNode(kind: .attribute)
        node.name = name
        node.stringValue = value
        return node
    }

    /// Replaces (or adds) the first child `name` with the given text and attributes.
    private static func setChild(_ parent: XMLElement, _ name: String, text: String?, attributes: [String: String] = [:]) {
        let element = XMLElement(name: name)
        if let text { element.stringValue = text }
        for (key, value) in attributes.sorted(by: { $0.key < $1.key }) { element.addAttribute(attribute(key, value)) }
        if let existing = child(parent, name) {
            parent.replaceChild(at: existing.index, with: element)
        } else {
            parent.addChild(element)
        }
    }
}

/// Counts open elements while parsing: a document that ends with open elements is truncated.
private final class ElementBalance: NSObject, XMLParserDelegate {
    var depth = 0
    var sawRoot = false

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        depth += 1
        sawRoot = true
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
    }
}
