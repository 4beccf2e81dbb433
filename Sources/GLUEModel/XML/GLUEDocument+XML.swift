// GVE — GLUEModel
// The GLUE 2.0 XML rendering (glue2.xsd, namespace http://schemas.ogf.org/glue/2009/03/spec_2.0_r1).

extension GLUEDocument {
    /// The GLUE 2.0 XML namespace.
    public static let xmlNamespace = "http://schemas.ogf.org/glue/2009/03/spec_2.0_r1"
    /// GVE's namespace for the GLUE 2.1 cloud entities, which glue2.xsd does not define. They go at
    /// the end of the `<GLUE2>` document, where glue2.xsd allows elements of other namespaces
    /// (`xs:any namespace="##other" processContents="lax"`), so the document stays valid against glue2.xsd.
    public static let cloudXMLNamespace = "urn:x-gve:glue:2.1:cloud"

    /// The document as XML: `<GLUE2>` with one element per entity in glue2.xsd order. Within an entity
    /// the elements follow the XSD sequence, foreign keys go into `<Associations>`, CreationTime and
    /// Validity are attributes, booleans are `true`/`false`.
    public func xmlString() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<GLUE2 xmlns=\"\(Self.xmlNamespace)\" xmlns:cloud=\"\(Self.cloudXMLNamespace)\">\n"
        for group in entityGroups {
            for entity in group { out += Self.xmlElement(entity) }
        }
        out += "</GLUE2>\n"
        return out
    }

    static func xmlElement<E: GLUEEntity>(_ entity: E) -> String {
        let prefix = E.glueClass.isGLUE21 ? "cloud:" : ""
        let tag = prefix + E.glueClass.name
        // glue2.xsd requires BaseType (fixed: Domain, Service, Endpoint, ...) on specialised classes
        var attributes = E.glueClass.objectClasses.count > 1 ? " BaseType=\"\(E.glueClass.objectClasses[0].dropFirst(5))\"" : ""
        var elements = ""
        var associations = ""
        for field in E.fields {
            let values = field.get(entity).map { xmlValue($0, kind: field.descriptor.kind) }
            if values.isEmpty { continue }
            switch field.descriptor.xml {
            case .attribute(let name):
                attributes += " \(name)=\"\(escape(values[0]))\""
            case .element(let name):
                for v in values { elements += "    <\(prefix)\(name)>\(escape(v))</\(prefix)\(name)>\n" }
            case .association(let name):
                for v in values { associations += "      <\(prefix)\(name)>\(escape(v))</\(prefix)\(name)>\n" }
            case .jsonAssociation, .none:
                break
            }
        }
        let assoc = associations.isEmpty
            ? "    <\(prefix)Associations/>\n" : "    <\(prefix)Associations>\n\(associations)    </\(prefix)Associations>\n"
        return "  <\(tag)\(attributes)>\n\(elements)\(assoc)  </\(tag)>\n"
    }

    static func xmlValue(_ v: String, kind: GLUEValueKind) -> String {
        kind == .boolean ? v.lowercased() : v
    }

    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                // XML 1.0 forbids most C0 controls even escaped: drop them
                if c.value < 0x20, c != "\t", c != "\n", c != "\r" { continue }
                out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
