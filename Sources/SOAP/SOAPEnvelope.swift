// GVE — SOAP
// A parsed SOAP envelope: version, optional header, and the operation element of the body.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A SOAP 1.1 or 1.2 envelope.
///
/// The ``body`` is the single element inside `Body` (document/literal style: the operation element, or a
/// `Fault`). The ``header`` is the `Header` element itself, whose children are the header blocks.
public struct SOAPEnvelope: Sendable, Hashable {
    /// The SOAP version, from the `Envelope` namespace.
    public var version: SOAPVersion
    /// The `Header` element, when present.
    public var header: SOAPElement?
    /// The first element child of `Body`.
    public var body: SOAPElement

    /// Creates an envelope.
    public init(version: SOAPVersion, header: SOAPElement? = nil, body: SOAPElement) {
        self.version = version
        self.header = header
        self.body = body
    }

    /// Creates an envelope with header blocks (wrapped in a `Header` element of the right namespace).
    public init(version: SOAPVersion, headerBlocks: [SOAPElement], body: SOAPElement) {
        self.version = version
        self.header = headerBlocks.isEmpty ? nil : SOAPElement("Header", namespace: version.envelopeNamespace, children: headerBlocks)
        self.body = body
    }

    /// Reads an envelope from bytes.
    ///
    /// The bytes are first checked for size, encoding and any `<!DOCTYPE`/`<!ENTITY` declaration, then parsed
    /// with external entity resolution disabled (FoundationXML's `XMLParser`; the `XMLDocument` node API of
    /// swift-corelibs-foundation crashes on unprefixed attributes, so it is not used).
    /// - Parameters:
    ///   - data: the HTTP body.
    ///   - configuration: size and depth limits.
    /// - Returns: the envelope.
    /// - Throws: ``SOAPError`` naming the limit, line or element at fault.
    public init(data: Data, configuration: SOAPParserConfiguration = .init()) throws {
        try XMLSafety.check(data, configuration: configuration)
        let root = try XMLTreeBuilder.parse(data, maximumDepth: configuration.maximumDepth)
        try self.init(root: root)
    }

    /// Interprets an already-parsed `Envelope` element.
    /// - Throws: ``SOAPError`` when it is not an envelope or lacks a body.
    public init(root: SOAPElement) throws {
        guard root.name == "Envelope" else {
            throw SOAPError(.notAnEnvelope, "document element is <\(root.name)>, not <Envelope>")
        }
        guard let ns = root.namespace, let version = SOAPVersion(envelopeNamespace: ns) else {
            throw SOAPError(.versionMismatch,
                            "Envelope namespace '\(root.namespace ?? "")' is neither SOAP 1.1 (\(SOAPNamespace.soap11Envelope)) nor SOAP 1.2 (\(SOAPNamespace.soap12Envelope))")
        }
        let parts = root.children.filter { $0.namespace == ns }
        var header: SOAPElement?
        var body: SOAPElement?
        for (index, part) in root.children.enumerated() {
            switch (part.name, part.namespace == ns) {
            case ("Header", true):
                if index != 0 { throw SOAPError(.malformedHeader, "Header must be the first child of Envelope") }
                header = part
            case ("Body", true):
                if body != nil { throw SOAPError(.missingBody, "Envelope has more than one Body") }
                body = part
            default:
                if version == .soap12 || body == nil {
                    throw SOAPError(.malformedXML, "unexpected <\(part.name)> in Envelope")
                }
            }
        }
        _ = parts
        guard let body else { throw SOAPError(.missingBody, "Envelope has no Body") }
        guard let operation = body.children.first else {
            throw SOAPError(.emptyBody, "Body has no element")
        }
        self.init(version: version, header: header, body: operation)
    }

    /// The fault this envelope carries, when its body is a `Fault`.
    /// - Throws: ``SOAPError`` with `.malformedFault` when the fault lacks its code or reason.
    public func fault() throws -> SOAPFault? {
        guard body.name == "Fault", body.namespace == version.envelopeNamespace else { return nil }
        return try SOAPFault(element: body, version: version)
    }

    /// Header blocks with this local name and namespace.
    public func headerBlocks(_ name: String, namespace: String) -> [SOAPElement] {
        header?.children.filter { $0.name == name && $0.namespace == namespace } ?? []
    }

    /// The envelope as UTF-8 XML bytes, with an XML declaration.
    public func serialized() -> Data {
        Data(xmlString().utf8)
    }

    /// The envelope as an XML string with an XML declaration.
    public func xmlString() -> String {
        var envelope = SOAPElement("Envelope", namespace: version.envelopeNamespace)
        if let header { envelope.children.append(header) }
        envelope.children.append(SOAPElement("Body", namespace: version.envelopeNamespace, children: [body]))
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        XMLWriter.write(envelope, into: &out, prefixes: [version.envelopeNamespace: "soap"])
        return out
    }
}
