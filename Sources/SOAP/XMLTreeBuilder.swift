// GVE — SOAP
// Builds a SOAPElement tree with FoundationXML's streaming XMLParser, namespaces resolved.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses XML bytes into a ``SOAPElement`` tree.
///
/// Callers must run ``XMLSafety/check(_:configuration:)`` first: this builder still disables external entity
/// resolution, but relies on the byte check to keep every DTD out.
enum XMLTreeBuilder {
    /// Parses a document.
    /// - Parameters:
    ///   - data: UTF-8 XML without a DTD.
    ///   - maximumDepth: deepest accepted nesting (the root counts as 1).
    /// - Returns: the root element.
    /// - Throws: ``SOAPError`` `.malformedXML` with line and column, or `.tooDeep`.
    static func parse(_ data: Data, maximumDepth: Int) throws -> SOAPElement {
        let parser = XMLParser(data: data)
        let delegate = TreeDelegate(maximumDepth: maximumDepth)
        parser.delegate = delegate
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = true
        parser.shouldResolveExternalEntities = false
        let ok = parser.parse()
        if let error = delegate.failure { throw error }
        if !ok || parser.parserError != nil || delegate.firstParseError != nil {
            let code = ((delegate.firstParseError ?? parser.parserError) as NSError?)?.code ?? -1
            let line = delegate.errorLine ?? parser.lineNumber
            let column = delegate.errorColumn ?? parser.columnNumber
            throw SOAPError(.malformedXML, "not well-formed XML at line \(line), column \(column) (libxml2 error \(code))")
        }
        guard let root = delegate.root else { throw SOAPError(.malformedXML, "document has no root element") }
        return root
    }
}

/// Accumulates elements on a stack while XMLParser streams events. Used on one thread only, inside `parse`.
private final class TreeDelegate: NSObject, XMLParserDelegate {
    let maximumDepth: Int
    var stack: [SOAPElement] = []
    var root: SOAPElement?
    var prefixes: [String: [String]] = ["xml": [SOAPNamespace.xml]]
    var failure: SOAPError?
    var firstParseError: (any Error)?
    var errorLine: Int?
    var errorColumn: Int?

    init(maximumDepth: Int) { self.maximumDepth = maximumDepth }

    func parser(_ parser: XMLParser, didStartMappingPrefix prefix: String, toURI namespaceURI: String) {
        // Namespace names must be absolute URIs (relative ones are deprecated by the W3C). libxml2 refuses a
        // relative one on a default declaration but not on a prefixed one, so a prefixed envelope that reads
        // would not read back once written; refuse both (found by FuzzSOAP).
        if !namespaceURI.isEmpty && !Self.hasScheme(namespaceURI) && failure == nil {
            failure = SOAPError(.malformedXML,
                                "namespace '\(namespaceURI)' of prefix '\(prefix)' at line \(parser.lineNumber) is not an absolute URI")
            parser.abortParsing()
        }
        prefixes[prefix, default: []].append(namespaceURI)
    }

    /// True when `uri` starts with an RFC 3986 scheme: `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`.
    static func hasScheme(_ uri: String) -> Bool {
        var sawLetter = false
        for c in uri.utf8 {
            let letter = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A
            if !sawLetter {
                guard letter else { return false }
                sawLetter = true
                continue
            }
            if c == UInt8(ascii: ":") { return true }
            guard letter || (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") else {
                return false
            }
        }
        return false
    }

    func parser(_ parser: XMLParser, didEndMappingPrefix prefix: String) {
        _ = prefixes[prefix]?.popLast()
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        if stack.count + 1 > maximumDepth {
            failure = SOAPError(.tooDeep, "element <\(elementName)> at line \(parser.lineNumber) is nested \(stack.count + 1) deep; the limit is \(maximumDepth)")
            parser.abortParsing()
            return
        }
        var attrs: [SOAPAttribute] = []
        for (qname, value) in attributes.sorted(by: { $0.key < $1.key }) {
            if qname == "xmlns" || qname.hasPrefix("xmlns:") { continue }
            if let colon = qname.firstIndex(of: ":") {
                let prefix = String(qname[..<colon])
                let local = String(qname[qname.index(after: colon)...])
                guard let uri = prefixes[prefix]?.last else {
                    failure = SOAPError(.malformedXML, "attribute '\(qname)' at line \(parser.lineNumber) uses an undeclared prefix")
                    parser.abortParsing()
                    return
                }
                attrs.append(SOAPAttribute(name: local, namespace: uri, value: value))
            } else {
                attrs.append(SOAPAttribute(name: qname, namespace: nil, value: value))
            }
        }
        attrs.sort { ($0.namespace ?? "", $0.name) < ($1.namespace ?? "", $1.name) }
        let ns = namespaceURI.flatMap { $0.isEmpty ? nil : $0 }
        stack.append(SOAPElement(elementName, namespace: ns, attributes: attrs, children: [], text: ""))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard failure == nil, let done = stack.popLast() else { return }
        if stack.isEmpty {
            root = done
        } else {
            stack[stack.count - 1].children.append(done)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if firstParseError == nil {
            firstParseError = parseError
            errorLine = parser.lineNumber
            errorColumn = parser.columnNumber
        }
    }

    func parser(_ parser: XMLParser, foundElementDeclarationWithName elementName: String, model: String) {
        failure = SOAPError(.forbiddenDeclaration, "element declaration '\(elementName)'")
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        failure = SOAPError(.forbiddenDeclaration, "entity declaration '\(name)'")
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
        failure = SOAPError(.forbiddenDeclaration, "external entity declaration '\(name)'")
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        failure = SOAPError(.forbiddenDeclaration, "external entity '\(name)'")
        parser.abortParsing()
        return nil
    }
}
