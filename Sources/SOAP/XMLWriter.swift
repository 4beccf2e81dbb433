// GVE — SOAP
// Serializes a SOAPElement tree to XML with correct namespace declarations and escaping.

/// Writes ``SOAPElement`` trees as XML 1.0 text.
///
/// Elements whose namespace has a prefix in scope use it; any other namespace becomes the default namespace
/// (`xmlns="…"`), and an element in no namespace resets it (`xmlns=""`). Namespaced attributes get a generated
/// prefix declared on their element (`xml:` is predeclared).
public enum XMLWriter {
    /// Serializes an element (and its subtree) into a string.
    /// - Parameters:
    ///   - element: the element to write.
    ///   - out: the string to append to.
    ///   - prefixes: namespace → prefix bindings to declare on this element and use below it.
    public static func write(_ element: SOAPElement, into out: inout String, prefixes: [String: String] = [:]) {
        var state = Scope(prefixes: [SOAPNamespace.xml: "xml"], defaultNamespace: "")
        var declarations: [(String, String)] = []
        for (ns, prefix) in prefixes.sorted(by: { $0.value < $1.value }) {
            state.prefixes[ns] = prefix
            declarations.append(("xmlns:\(prefix)", ns))
        }
        write(element, into: &out, scope: state, extraDeclarations: declarations)
    }

    /// The element as an XML string (no XML declaration).
    public static func string(_ element: SOAPElement, prefixes: [String: String] = [:]) -> String {
        var out = ""
        write(element, into: &out, prefixes: prefixes)
        return out
    }

    private struct Scope {
        var prefixes: [String: String]
        var defaultNamespace: String
    }

    private static func write(_ element: SOAPElement, into out: inout String, scope parent: Scope, extraDeclarations: [(String, String)]) {
        var scope = parent
        var declarations = extraDeclarations
        let namespace = element.namespace ?? ""
        var qualifiedName = element.name
        if !namespace.isEmpty, let prefix = scope.prefixes[namespace] {
            qualifiedName = "\(prefix):\(element.name)"
        } else if namespace != scope.defaultNamespace {
            declarations.append(("xmlns", namespace))
            scope.defaultNamespace = namespace
        }
        var attributeText = ""
        var generated = 0
        for attribute in element.attributes {
            var attrName = attribute.name
            if let ns = attribute.namespace, !ns.isEmpty {
                if let prefix = scope.prefixes[ns] {
                    attrName = "\(prefix):\(attribute.name)"
                } else {
                    generated += 1
                    let prefix = "a\(generated)"
                    scope.prefixes[ns] = prefix
                    declarations.append(("xmlns:\(prefix)", ns))
                    attrName = "\(prefix):\(attribute.name)"
                }
            }
            attributeText += " \(attrName)=\"\(escapeAttribute(attribute.value))\""
        }
        out += "<\(qualifiedName)"
        for (name, value) in declarations { out += " \(name)=\"\(escapeAttribute(value))\"" }
        out += attributeText
        if element.children.isEmpty && element.text.isEmpty {
            out += "/>"
            return
        }
        out += ">"
        out += escapeText(element.text)
        for child in element.children {
            write(child, into: &out, scope: scope, extraDeclarations: [])
        }
        out += "</\(qualifiedName)>"
    }

    /// Escapes character data: `&`, `<`, `>` and CR become references; characters XML 1.0 cannot carry become U+FFFD.
    public static func escapeText(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\r": out += "&#13;"
            default: appendLegal(scalar, to: &out)
            }
        }
        return out
    }

    /// Escapes an attribute value: also `"`, `'`, tab, LF and CR, which attribute normalization would otherwise alter.
    public static func escapeAttribute(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t": out += "&#9;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            default: appendLegal(scalar, to: &out)
            }
        }
        return out
    }

    /// XML 1.0 §2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
    private static func appendLegal(_ scalar: Unicode.Scalar, to out: inout String) {
        let v = scalar.value
        let legal = v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v)
            || (0x10000...0x10FFFF).contains(v)
        out.unicodeScalars.append(legal ? scalar : "\u{FFFD}")
    }
}
