// GVE — SOAP
// A small Sendable XML element tree: what a SOAP body or header carries.

/// A namespaced attribute of a ``SOAPElement``.
public struct SOAPAttribute: Sendable, Hashable {
    /// The local name.
    public var name: String
    /// The namespace URI, or nil for an unqualified attribute.
    public var namespace: String?
    /// The attribute value, unescaped.
    public var value: String

    /// Creates an attribute.
    public init(name: String, namespace: String? = nil, value: String) {
        self.name = name
        self.namespace = namespace
        self.value = value
    }
}

/// An XML element with its namespace, attributes, element children and character data.
///
/// Mixed content keeps only the concatenated character data in ``text``; SOAP document/literal bodies never
/// need the interleaving.
public struct SOAPElement: Sendable, Hashable {
    /// The local name.
    public var name: String
    /// The namespace URI, or nil for an element in no namespace.
    public var namespace: String?
    /// The attributes (namespace declarations excluded); parsed elements list them sorted by namespace, then name.
    public var attributes: [SOAPAttribute]
    /// The element children, in document order.
    public var children: [SOAPElement]
    /// The concatenated character data directly inside this element (CDATA included).
    public var text: String

    /// Creates an element.
    /// - Parameters:
    ///   - name: local name.
    ///   - namespace: namespace URI (nil: no namespace).
    ///   - attributes: attributes.
    ///   - children: element children.
    ///   - text: character data.
    public init(
        _ name: String, namespace: String? = nil, attributes: [SOAPAttribute] = [],
        children: [SOAPElement] = [], text: String = ""
    ) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// Creates a text-only element: `<name>text</name>`.
    public init(_ name: String, namespace: String? = nil, text: String) {
        self.init(name, namespace: namespace, attributes: [], children: [], text: text)
    }

    /// The first child with this local name (any namespace).
    public func child(_ name: String) -> SOAPElement? {
        children.first { $0.name == name }
    }

    /// The first child with this local name and namespace.
    public func child(_ name: String, namespace: String?) -> SOAPElement? {
        children.first { $0.name == name && $0.namespace == namespace }
    }

    /// Every child with this local name (any namespace), in order.
    public func children(_ name: String) -> [SOAPElement] {
        children.filter { $0.name == name }
    }

    /// The character data of the first child with this local name, trimmed of XML whitespace.
    /// - Returns: the text, or nil when no such child exists.
    public func childText(_ name: String) -> String? {
        child(name).map { $0.trimmedText }
    }

    /// The texts of every child with this local name, trimmed, in order.
    public func childTexts(_ name: String) -> [String] {
        children(name).map { $0.trimmedText }
    }

    /// ``text`` without leading and trailing XML whitespace (space, tab, CR, LF).
    public var trimmedText: String {
        let ws: Set<Character> = [" ", "\t", "\n", "\r", "\r\n"]
        var s = Substring(text)
        while let f = s.first, ws.contains(f) { s = s.dropFirst() }
        while let l = s.last, ws.contains(l) { s = s.dropLast() }
        return String(s)
    }

    /// The value of the attribute with this local name and namespace.
    public func attribute(_ name: String, namespace: String? = nil) -> String? {
        attributes.first { $0.name == name && $0.namespace == namespace }?.value
    }

    /// Appends a child and returns self, for building trees fluently.
    public func appending(_ child: SOAPElement) -> SOAPElement {
        var copy = self
        copy.children.append(child)
        return copy
    }
}
