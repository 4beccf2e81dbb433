// GVE — SOAP
// SOAP faults for both versions, with an application code carried in the detail.

/// A SOAP fault: a version-independent code, a human reason and detail elements.
///
/// Written as SOAP 1.1 `faultcode`/`faultstring`/`detail` (SOAP 1.1 §4.4) or SOAP 1.2
/// `Code/Value`, `Reason/Text`, `Detail` (SOAP 1.2 part 1 §5.4).
public struct SOAPFault: Error, Sendable, Hashable, CustomStringConvertible {
    /// Who is at fault, in SOAP 1.2 terms (SOAP 1.1 names in comments).
    public enum Code: String, Sendable, Hashable {
        /// The message was wrong (1.1 `Client`).
        case sender
        /// The service failed (1.1 `Server`).
        case receiver
        /// The envelope namespace was not understood (both `VersionMismatch`).
        case versionMismatch
        /// A mandatory header was not understood (both `MustUnderstand`).
        case mustUnderstand

        /// The local name of the code in a given version.
        public func localName(in version: SOAPVersion) -> String {
            switch (self, version) {
            case (.sender, .soap11): return "Client"
            case (.sender, .soap12): return "Sender"
            case (.receiver, .soap11): return "Server"
            case (.receiver, .soap12): return "Receiver"
            case (.versionMismatch, _): return "VersionMismatch"
            case (.mustUnderstand, _): return "MustUnderstand"
            }
        }

        /// Reads a code's local name (either version; SOAP 1.1 dotted subcodes like `Client.Auth` keep their base).
        public init?(localName: String) {
            let base = localName.split(separator: ".").first.map(String.init) ?? localName
            switch base {
            case "Client", "Sender": self = .sender
            case "Server", "Receiver": self = .receiver
            case "VersionMismatch": self = .versionMismatch
            case "MustUnderstand": self = .mustUnderstand
            default: return nil
            }
        }
    }

    /// Who is at fault.
    public var code: Code
    /// The human-readable reason.
    public var reason: String
    /// The detail elements (inside `detail`/`Detail`).
    public var detail: [SOAPElement]

    /// Creates a fault.
    public init(code: Code, reason: String, detail: [SOAPElement] = []) {
        self.code = code
        self.reason = reason
        self.detail = detail
    }

    /// Creates a fault whose detail carries an application element with a machine-readable code:
    /// `<Element xmlns="namespace"><code>code</code><message>reason</message>…extra…</Element>`.
    /// - Parameters:
    ///   - code: who is at fault.
    ///   - applicationCode: the machine-readable code, e.g. `QuotaExceeded`.
    ///   - reason: the human message (also the fault reason).
    ///   - element: the detail element's local name, e.g. `SiteFault`.
    ///   - namespace: the detail element's namespace.
    ///   - extra: more children after `code` and `message`.
    public init(code: Code, applicationCode: String, reason: String, element: String, namespace: String,
                extra: [SOAPElement] = []) {
        let children = [SOAPElement("code", namespace: namespace, text: applicationCode),
                        SOAPElement("message", namespace: namespace, text: reason)] + extra
        self.init(code: code, reason: reason, detail: [SOAPElement(element, namespace: namespace, children: children)])
    }

    /// The application element of the detail with this namespace, if any.
    public func applicationDetail(namespace: String) -> SOAPElement? {
        detail.first { $0.namespace == namespace }
    }

    /// The machine-readable code from an application detail element (its `code` child).
    public func applicationCode(namespace: String) -> String? {
        applicationDetail(namespace: namespace)?.childText("code")
    }

    /// The HTTP status for this fault: 500, except a SOAP 1.2 Sender fault, which is 400 (SOAP 1.2 part 2 §7.5.1.2).
    public func httpStatus(version: SOAPVersion) -> Int {
        (version == .soap12 && code == .sender) ? 400 : 500
    }

    /// The `Fault` element in a given version's vocabulary.
    public func element(version: SOAPVersion) -> SOAPElement {
        let env = version.envelopeNamespace
        switch version {
        case .soap11:
            var children = [
                SOAPElement("faultcode", text: "soap:\(code.localName(in: version))"),
                SOAPElement("faultstring", text: reason),
            ]
            if !detail.isEmpty { children.append(SOAPElement("detail", children: detail)) }
            return SOAPElement("Fault", namespace: env, children: children)
        case .soap12:
            var children = [
                SOAPElement("Code", namespace: env, children: [SOAPElement("Value", namespace: env, text: "soap:\(code.localName(in: version))")]),
                SOAPElement("Reason", namespace: env, children: [
                    SOAPElement("Text", namespace: env, attributes: [SOAPAttribute(name: "lang", namespace: SOAPNamespace.xml, value: "en")],
                                children: [], text: reason),
                ]),
            ]
            if !detail.isEmpty { children.append(SOAPElement("Detail", namespace: env, children: detail)) }
            return SOAPElement("Fault", namespace: env, children: children)
        }
    }

    /// A complete envelope carrying this fault.
    public func envelope(version: SOAPVersion) -> SOAPEnvelope {
        SOAPEnvelope(version: version, body: element(version: version))
    }

    /// Reads a `Fault` element.
    /// - Throws: ``SOAPError`` `.malformedFault` when the code or reason is missing.
    public init(element: SOAPElement, version: SOAPVersion) throws {
        switch version {
        case .soap11:
            guard let qname = element.childText("faultcode") else {
                throw SOAPError(.malformedFault, "SOAP 1.1 Fault has no faultcode")
            }
            let local = qname.split(separator: ":").last.map(String.init) ?? qname
            guard let code = Code(localName: local) else {
                throw SOAPError(.malformedFault, "unknown faultcode '\(qname)'")
            }
            self.init(code: code, reason: element.child("faultstring")?.text ?? "", detail: element.child("detail")?.children ?? [])
        case .soap12:
            guard let value = element.child("Code")?.childText("Value") else {
                throw SOAPError(.malformedFault, "SOAP 1.2 Fault has no Code/Value")
            }
            let local = value.split(separator: ":").last.map(String.init) ?? value
            guard let code = Code(localName: local) else {
                throw SOAPError(.malformedFault, "unknown fault Code/Value '\(value)'")
            }
            guard let reason = element.child("Reason")?.child("Text")?.text else {
                throw SOAPError(.malformedFault, "SOAP 1.2 Fault has no Reason/Text")
            }
            self.init(code: code, reason: reason, detail: element.child("Detail")?.children ?? [])
        }
    }

    public var description: String { "SOAPFault(\(code.rawValue)): \(reason)" }
}
