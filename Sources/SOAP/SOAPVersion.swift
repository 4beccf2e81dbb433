// GVE — SOAP
// SOAP 1.1 and 1.2 envelope namespaces and HTTP binding facts.
import Foundation

/// The SOAP version of an envelope, told apart by the `Envelope` namespace.
public enum SOAPVersion: String, Sendable, Hashable, CaseIterable {
    /// SOAP 1.1 (W3C Note, 2000).
    case soap11
    /// SOAP 1.2 (W3C Recommendation, 2007).
    case soap12

    /// The envelope namespace URI.
    public var envelopeNamespace: String {
        switch self {
        case .soap11: return SOAPNamespace.soap11Envelope
        case .soap12: return SOAPNamespace.soap12Envelope
        }
    }

    /// Finds the version for an envelope namespace URI.
    /// - Parameter namespace: the namespace of an `Envelope` element.
    /// - Returns: the version, or nil when the namespace is neither.
    public init?(envelopeNamespace namespace: String) {
        switch namespace {
        case SOAPNamespace.soap11Envelope: self = .soap11
        case SOAPNamespace.soap12Envelope: self = .soap12
        default: return nil
        }
    }

    /// The HTTP `Content-Type` of a message (SOAP 1.1 §6.1.1: text/xml; SOAP 1.2 part 2 §7: application/soap+xml).
    /// - Parameter action: the SOAP 1.2 `action` parameter, if any.
    public func contentType(action: String? = nil) -> String {
        switch self {
        case .soap11:
            return "text/xml; charset=utf-8"
        case .soap12:
            if let action { return "application/soap+xml; charset=utf-8; action=\"\(action)\"" }
            return "application/soap+xml; charset=utf-8"
        }
    }

    /// Guesses the version from an HTTP `Content-Type` value.
    /// - Returns: `.soap12` for application/soap+xml, `.soap11` for text/xml, nil otherwise.
    public init?(contentType: String) {
        let media = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch media {
        case "application/soap+xml": self = .soap12
        case "text/xml": self = .soap11
        default: return nil
        }
    }
}

/// Well-known namespace URIs.
public enum SOAPNamespace {
    /// SOAP 1.1 envelope.
    public static let soap11Envelope = "http://schemas.xmlsoap.org/soap/envelope/"
    /// SOAP 1.2 envelope.
    public static let soap12Envelope = "http://www.w3.org/2003/05/soap-envelope"
    /// The `xml:` prefix namespace (XML Namespaces §3), bound implicitly.
    public static let xml = "http://www.w3.org/XML/1998/namespace"
    /// XML Schema instance (`xsi:`).
    public static let xmlSchemaInstance = "http://www.w3.org/2001/XMLSchema-instance"
    /// WS-Security 1.0 secext (`wsse:`).
    public static let wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
    /// WS-Security 1.0 utility (`wsu:`).
    public static let wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
}
